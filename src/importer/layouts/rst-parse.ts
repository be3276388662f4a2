import type { PageProblem } from './types.ts';

/**
 * Finds the tables of a reStructuredText page: grid tables (`+---+` borders, `+===+` under the header) and simple
 * tables (`=== ===`), at any indentation (under a `.. table::` directive, inside a list item). It knows nothing of
 * error codes: a row is its cells' raw source text, dedented as docutils does, markup left in.
 */

/** One row of a table: each cell's source text (lines joined by `\n`), and the line the row starts on. */
export interface RstRow {
  cells: string[];
  /** 1-based line of the row's first content line. */
  line: number;
}

export interface RstTable {
  kind: 'grid' | 'simple';
  /** 1-based line of the table's top border. */
  line: number;
  /** The argument of the `.. table::` directive the table sits under (`**Table 1** Error codes`), as written. */
  caption?: string;
  /** The header row (several header rows are joined column by column); undefined when the table has none. */
  header?: RstRow;
  rows: RstRow[];
  /** What in the table could not be read: a row off its borders, a row or table left open, text between columns. */
  problems: PageProblem[];
}

export interface RstDocument {
  /** The first section title, as written. */
  title?: string;
  tables: RstTable[];
}

const GRID_TOP = /^\+(?:-+\+)+\s*$/;
const GRID_BORDER = /^\+(?:[-=]+\+)+\s*$/;
const SIMPLE_BORDER = /^=+(?: +=+)+\s*$/;
const ADORNMENT = /^([!-/:-@[-`{-~])\1{2,}\s*$/;
const TABLE_DIRECTIVE = /^\.\.\s+table::\s*(.*)$/;
const LITERAL_DIRECTIVE = /^\.\.\s+(?:code-block|code|sourcecode|parsed-literal|literalinclude|math|raw)::/;

/** Splits a page into lines, tabs expanded to docutils' 8-column stops. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => (l.includes('\t') ? expandTabs(l) : l));
}

function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

/** Leading spaces of a line (the whole length for a blank line). */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

/** Reads every table of a page, and its first section title. Never throws. */
export function parseRst(text: string): RstDocument {
  const lines = splitLines(text);
  const doc: RstDocument = { tables: [] };
  let caption: { text: string; indent: number } | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const indent = indentOf(line);
    const body = line.slice(indent);
    if (body === '') {
      i++;
      continue;
    }
    if (caption && indent <= caption.indent) caption = undefined;
    if (doc.title === undefined && indent === 0) {
      const title = titleAt(lines, i);
      if (title !== undefined) {
        doc.title = title.text;
        i = title.next;
        continue;
      }
    }
    if (GRID_TOP.test(body) || SIMPLE_BORDER.test(body)) {
      const read = GRID_TOP.test(body) ? readGrid(lines, i, indent) : readSimple(lines, i, indent);
      if (caption && indent > caption.indent) read.table.caption = caption.text;
      caption = undefined;
      doc.tables.push(read.table);
      i = Math.max(read.end, i + 1);
      continue;
    }
    const directive = TABLE_DIRECTIVE.exec(body);
    if (directive) {
      caption = { text: (directive[1] ?? '').trim(), indent };
      i++;
      continue;
    }
    if (LITERAL_DIRECTIVE.test(body) || (body.endsWith('::') && !body.startsWith('..'))) {
      i = indentedBlockEnd(lines, i + 1, indent);
      continue;
    }
    i++;
  }
  return doc;
}

/** The section title at line `i` (underlined, or over- and underlined), if one starts there. */
function titleAt(lines: readonly string[], i: number): { text: string; next: number } | undefined {
  const line = lines[i] ?? '';
  const next = lines[i + 1] ?? '';
  if (ADORNMENT.test(line)) {
    const after = lines[i + 2] ?? '';
    const text = next.trim();
    if (text !== '' && !ADORNMENT.test(next) && after.trim() === line.trim()) return { text, next: i + 3 };
    return undefined;
  }
  if (ADORNMENT.test(next) && next.trim().length >= Math.min(line.trim().length, 4) && !/^[+|]/.test(line)) {
    return { text: line.trim(), next: i + 2 };
  }
  return undefined;
}

/** The first line after a block indented deeper than `indent` (blank lines inside it included). */
function indentedBlockEnd(lines: readonly string[], from: number, indent: number): number {
  let end = from;
  let last = from;
  while (end < lines.length) {
    const line = lines[end] ?? '';
    if (line.trim() === '') {
      end++;
      continue;
    }
    if (indentOf(line) <= indent) break;
    end++;
    last = end;
  }
  return last;
}

interface Read {
  table: RstTable;
  /** The first line after the table. */
  end: number;
}

/** Whether the line carries a table line (`+` or `|`) exactly at `indent`. */
function atIndent(line: string, indent: number): boolean {
  const c = line[indent];
  return (c === '+' || c === '|') && indentOf(line) === indent;
}

/** Reads a grid table whose top border is line `start`. Each row is cut by its own borders. */
function readGrid(lines: readonly string[], start: number, indent: number): Read {
  const problems: PageProblem[] = [];
  const table: RstTable = { kind: 'grid', line: start + 1, rows: [], problems };
  // The table runs while its lines start with `+` or `|` at its indentation, up to a blank line. A line off the
  // table's edge stays in the table when it is inside an open row (no border below it yet) or looks like a table line
  // itself: its row is then reported as unreadable instead of the rest of the table being cut loose.
  let end = start + 1;
  let open = false;
  while (end < lines.length) {
    const line = lines[end] ?? '';
    if (atIndent(line, indent)) open = !GRID_BORDER.test(line.slice(indent));
    else if (line.trim() !== '' && (open || /^\s*[+|]|\|\s*$/.test(line))) open = true;
    else break;
    end++;
  }

  const rows: RstRow[] = [];
  let headerRows: RstRow[] | undefined;
  let top = lines[start] ?? '';
  let block: number[] = [];
  for (let i = start + 1; i < end; i++) {
    const line = lines[i] ?? '';
    const body = line.slice(indent);
    if (!GRID_BORDER.test(body)) {
      block.push(i);
      continue;
    }
    if (block.length > 0) {
      const row = cutRow(lines, block, top, line);
      if ('cells' in row) rows.push(row);
      else problems.push(row);
    }
    if (body.includes('=') && headerRows === undefined) headerRows = rows.splice(0);
    block = [];
    top = line;
  }
  if (block.length > 0) {
    problems.push({
      line: (block[0] ?? start) + 1,
      message: `table row is not closed by a "+---+" border (table at line ${start + 1})`,
    });
  }
  if (headerRows && headerRows.length > 0) table.header = joinRows(headerRows);
  else if (!headerRows && rows.length > 0) table.header = rows.shift();
  table.rows = rows;
  return { table, end };
}

/** The `+` positions of a border line. */
function plusPositions(border: string): number[] {
  const out: number[] = [];
  for (let p = border.indexOf('+'); p >= 0; p = border.indexOf('+', p + 1)) out.push(p);
  return out;
}

/** Whether every content line has a `|` at every boundary. */
function fits(lines: readonly string[], block: readonly number[], bounds: readonly number[]): boolean {
  return block.every((i) => {
    const line = lines[i] ?? '';
    return bounds.every((p) => line[p] === '|');
  });
}

/** The `|` positions shared by every content line of the block. */
function sharedBars(lines: readonly string[], block: readonly number[]): number[] {
  const first = lines[block[0] ?? 0] ?? '';
  const out: number[] = [];
  for (let p = first.indexOf('|'); p >= 0; p = first.indexOf('|', p + 1)) out.push(p);
  return out.filter((p) => block.every((i) => (lines[i] ?? '')[p] === '|'));
}

/**
 * Cuts a row (its content lines `block`, between the borders `top` and `bottom`) into cells. The row's own borders
 * give the column boundaries; when its lines do not meet them, the bars its lines share do.
 */
function cutRow(lines: readonly string[], block: readonly number[], top: string, bottom: string): RstRow | PageProblem {
  const line = (block[0] ?? 0) + 1;
  const candidates = [plusPositions(top), plusPositions(bottom)];
  let bounds = candidates.find((b) => b.length >= 2 && fits(lines, block, b));
  if (!bounds) {
    const shared = sharedBars(lines, block);
    const expected = candidates[0]?.length ?? 0;
    if (shared.length >= 2 && shared.length === expected) bounds = shared;
  }
  if (!bounds) {
    const ragged = block.find((i) => !candidates[0]?.every((p) => (lines[i] ?? '')[p] === '|'));
    return {
      line: (ragged ?? block[0] ?? 0) + 1,
      message: `table row (line ${line}) does not line up with its borders: a cell edge "|" is missing or misplaced`,
    };
  }
  const cells: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = (bounds[k] ?? 0) + 1;
    const to = bounds[k + 1] ?? from;
    cells.push(cellText(block.map((i) => (lines[i] ?? '').slice(from, to))));
  }
  return { cells, line };
}

/** A cell's lines as docutils reads them: trailing spaces cut, common indentation removed, blank ends dropped. */
export function cellText(raw: readonly string[]): string {
  const lines = raw.map((l) => l.trimEnd());
  let min = Number.POSITIVE_INFINITY;
  for (const l of lines) if (l !== '') min = Math.min(min, indentOf(l));
  if (min === Number.POSITIVE_INFINITY) return '';
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first] === '') first++;
  while (last > first && lines[last - 1] === '') last--;
  return lines
    .slice(first, last)
    .map((l) => l.slice(min))
    .join('\n');
}

/** Several header rows joined column by column. */
function joinRows(rows: readonly RstRow[]): RstRow {
  const width = rows.reduce((max, r) => Math.max(max, r.cells.length), 0);
  const cells: string[] = [];
  for (let k = 0; k < width; k++) {
    cells.push(
      rows
        .map((r) => r.cells[k] ?? '')
        .filter((c) => c !== '')
        .join('\n'),
    );
  }
  return { cells, line: rows[0]?.line ?? 0 };
}

/** Reads a simple table whose top border is line `start`: columns are the `=` runs of that border. */
function readSimple(lines: readonly string[], start: number, indent: number): Read {
  const problems: PageProblem[] = [];
  const border = lines[start] ?? '';
  const columns: { from: number; to: number }[] = [];
  for (const m of border.matchAll(/=+/g)) columns.push({ from: m.index, to: m.index + m[0].length });
  const table: RstTable = { kind: 'simple', line: start + 1, rows: [], problems };

  const borders: number[] = [];
  let end = start + 1;
  let closed = false;
  for (; end < lines.length; end++) {
    const line = lines[end] ?? '';
    if (line.trim() === '') continue;
    if (indentOf(line) < indent) break;
    if (indentOf(line) === indent && SIMPLE_BORDER.test(line.slice(indent))) {
      borders.push(end);
      const next = lines[end + 1];
      if (next === undefined || next.trim() === '' || indentOf(next) < indent || borders.length === 2) {
        closed = true;
        end++;
        break;
      }
    }
  }
  if (!closed) {
    problems.push({ line: start + 1, message: 'simple table is not closed by a "=== ===" border' });
    return { table, end };
  }
  const [first = end, second] = borders;
  const headerLines = second === undefined ? [] : range(start + 1, first);
  const bodyLines = second === undefined ? range(start + 1, first) : range(first + 1, second);
  const rows = simpleRows(lines, bodyLines, columns, problems);
  if (headerLines.length > 0) table.header = joinRows(simpleRows(lines, headerLines, columns, problems));
  table.rows = rows;
  return { table, end };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Groups a simple table's lines into rows: a line with text in the first column starts a row. */
function simpleRows(
  lines: readonly string[],
  indices: readonly number[],
  columns: readonly { from: number; to: number }[],
  problems: PageProblem[],
): RstRow[] {
  const groups: number[][] = [];
  for (const i of indices) {
    const line = lines[i] ?? '';
    const firstCol = columns[0] ? line.slice(columns[0].from, columns[1]?.from ?? line.length) : '';
    const current = groups[groups.length - 1];
    if (firstCol.trim() !== '' || !current) groups.push([i]);
    else current.push(i);
  }
  const rows: RstRow[] = [];
  for (const group of groups) {
    const firstLine = group.find((i) => (lines[i] ?? '').trim() !== '');
    if (firstLine === undefined) continue;
    const margin = group.find((i) => {
      const line = lines[i] ?? '';
      return columns.some((c, k) => {
        const next = columns[k + 1];
        return next !== undefined && line.slice(c.to, next.from).trim() !== '';
      });
    });
    if (margin !== undefined) {
      problems.push({ line: margin + 1, message: 'simple table row has text between its columns' });
      continue;
    }
    const cells = columns.map((c, k) => {
      const to = columns[k + 1]?.from ?? Number.POSITIVE_INFINITY;
      return cellText(group.map((i) => (lines[i] ?? '').slice(c.from, to)));
    });
    rows.push({ cells, line: firstLine + 1 });
  }
  return rows;
}
