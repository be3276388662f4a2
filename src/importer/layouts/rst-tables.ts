import { parseStatus } from './clean.ts';
import { rstText } from './rst-markup.ts';
import { parseRst, type RstRow, type RstTable } from './rst-parse.ts';
import type { Layout, PageProblem, PageRow } from './types.ts';

/** What a column holds, told by its header. */
export type Role = 'status' | 'code' | 'message' | 'description' | 'measure' | 'group';

/** Header texts (markup removed, spaces folded, lower case) and the role each names. */
const HEADERS: Record<string, Role> = {
  'status code': 'status',
  'http status code': 'status',
  'response code': 'status',
  'error code': 'code',
  'error codes': 'code',
  'error type': 'code',
  'error message': 'message',
  message: 'message',
  'error information': 'message',
  error: 'message',
  description: 'description',
  'error description': 'description',
  'error code description': 'description',
  solution: 'measure',
  'handling measure': 'measure',
  measure: 'measure',
  troubleshooting: 'measure',
  module: 'group',
  category: 'group',
  service: 'group',
};

/** The role a header cell names, if any. */
export function roleOf(header: string): Role | undefined {
  const key = rstText(header).replace(/\s+/g, ' ').trim().toLowerCase();
  return Object.hasOwn(HEADERS, key) ? HEADERS[key] : undefined;
}

/** The column of each role a header names (the first, should a role be named twice). */
export function columnRoles(header: readonly string[]): Map<Role, number> {
  const roles = new Map<Role, number>();
  header.forEach((cell, k) => {
    const role = roleOf(cell);
    if (role && !roles.has(role)) roles.set(role, k);
  });
  return roles;
}

/** A code as published: letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
const CODE = /^[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?$/;

/**
 * The code a cleaned code cell holds, or undefined when it holds none. A code the page split with spaces is joined
 * back when each piece after the first follows a `.`, `_` or `-` (`DCS. 4855`) or is a capitalised word
 * (`IncorrectNumberOfFilesInPost Request`, `Request-URI Too Large`). Two codes in one cell (`A.0004 A.0005`, as when a
 * row border is missing) or a sentence are not joined.
 */
export function codeOf(cell: string): string | undefined {
  if (CODE.test(cell)) return cell;
  const pieces = cell.split(/\s+/);
  if (pieces.length < 2 || pieces.length > 4) return undefined;
  const joinable = pieces.every((p, k) => k === 0 || /[._-]$/.test(pieces[k - 1] ?? '') || /^[A-Z][A-Za-z]*$/.test(p));
  const joined = pieces.join('');
  return joinable && CODE.test(joined) ? joined : undefined;
}

/**
 * The statuses a cleaned status cell names: `400`, `301 Moved Permanently`, `400/500`, `404 / 500`. Undefined when the
 * cell does not start with an HTTP status.
 */
export function statusesOf(cell: string): number[] | undefined {
  const m = /^([1-5]\d\d(?:\s*[/,]\s*[1-5]\d\d)*)(?:\s+[A-Za-z].*)?$/s.exec(cell);
  if (!m?.[1]) return undefined;
  const statuses: number[] = [];
  for (const part of m[1].split(/[/,]/)) {
    const status = parseStatus(part);
    if (status !== undefined) statuses.push(status);
  }
  return statuses.length > 0 ? statuses : undefined;
}

/** A cell that says "none": `-`, `--`, `—` (``` ``-`` ``` once its markup is gone). */
function orNone(text: string): string {
  return /^(?:-|--|–|—)$/.test(text) ? '' : text;
}

/** The caption without its `Table 1` label: `**Table 1** V3 error codes` → `V3 error codes`. */
function captionText(caption: string): string | undefined {
  const text = rstText(caption).replace(/\s+/g, ' ').trim();
  const unlabelled = text.replace(/^Table\s+[A-Za-z]?\d[\w.-]*\s*[:.]?\s+/i, '');
  return unlabelled || text || undefined;
}

/** The closing row some pages put in the code column: "If other error codes cannot be rectified, contact …". */
const FALLBACK = /\bother\b/i;

/** Reads the rows of one error-code table into `rows`, or its unreadable rows into `problems`. */
function readTable(
  table: RstTable,
  header: RstRow,
  roles: Map<Role, number>,
  rows: PageRow[],
  problems: PageProblem[],
): void {
  const caption = table.caption === undefined ? undefined : captionText(table.caption);
  const groupColumn = roles.get('group');
  let group: string | undefined;
  for (const row of table.rows) {
    if (row.cells.length !== header.cells.length) {
      problems.push({
        line: row.line,
        message: `table row has ${row.cells.length} cells; its header has ${header.cells.length}`,
      });
      continue;
    }
    const cells = row.cells.map((c) => orNone(rstText(c)));
    const cell = (role: Role) => {
      const k = roles.get(role);
      return k === undefined ? '' : (cells[k] ?? '');
    };
    if (groupColumn !== undefined && cell('group') !== '') group = cell('group');
    if (cells.every((c) => c === '')) continue; // a blank row: nothing in it to read

    const statusCell = cell('status');
    const statuses = statusCell === '' ? [] : statusesOf(statusCell);
    if (!statuses) {
      problems.push({ line: row.line, message: `status cell is not an HTTP status: "${clip(statusCell)}"` });
      continue;
    }
    const base = {
      status: statuses[0],
      ...(statuses.length > 1 ? { statuses } : {}),
    };
    const extra = {
      line: row.line,
      ...(groupColumn !== undefined && group !== undefined ? { group } : {}),
      ...(caption !== undefined ? { table: caption } : {}),
    };
    const codeCell = cell('code');
    const code = codeOf(codeCell);
    if (code !== undefined) {
      rows.push({
        ...base,
        code,
        message: cell('message'),
        description: cell('description'),
        measure: cell('measure'),
        ...extra,
      });
      continue;
    }
    const othersEmpty = ['message', 'description', 'measure'].every((r) => cell(r as Role) === '');
    if (FALLBACK.test(codeCell) && othersEmpty) {
      // The page's fallback rule, written across the code column.
      rows.push({ ...base, code: 'Others', message: '', description: '', measure: codeCell, ...extra });
      continue;
    }
    problems.push({
      line: row.line,
      message:
        codeCell === ''
          ? 'table row has no error code'
          : `error-code cell is not an error code: "${clip(codeCell.replace(/\n/g, ' '))}"`,
    });
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A cheap look for an RST table border before parsing the page. */
const TABLE_BORDER = /^[ \t]*(?:\+[-=]+\+|=+ +=)/m;

/** Whether the table's header names an error-code column. */
function isErrorCodeTable(table: RstTable): boolean {
  return table.header !== undefined && columnRoles(table.header.cells).has('code');
}

/**
 * reStructuredText pages (the sister cloud's API references): grid tables, and the odd simple table, whose header
 * names an error-code column, read column by column as their headers say, whatever the column order. Tables under a
 * `.. table::` directive give their caption to their rows; Module / Category / Service cells left blank repeat the
 * group above. Tables without an error-code column (`Element | Description`) are skipped.
 */
export const rstTables: Layout = {
  name: 'rst-tables',
  detect(text) {
    if (!TABLE_BORDER.test(text)) return 0;
    return parseRst(text).tables.some(isErrorCodeTable) ? 0.95 : 0;
  },
  read(text) {
    const doc = parseRst(text);
    const rows: PageRow[] = [];
    const problems: PageProblem[] = [];
    for (const table of doc.tables) {
      const header = table.header;
      const roles = header ? columnRoles(header.cells) : undefined;
      // A table without a readable header may well be an error-code table: what went wrong in it is reported.
      if (!header || roles?.has('code')) for (const p of table.problems) problems.push(p);
      if (header && roles?.has('code')) readTable(table, header, roles, rows, problems);
    }
    problems.sort((a, b) => a.line - b.line);
    const title = doc.title === undefined ? undefined : rstText(doc.title) || undefined;
    return { table: { rows, title }, problems };
  },
};
