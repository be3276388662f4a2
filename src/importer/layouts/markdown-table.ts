import { cleanCell, findUpdated, isStatusHeader, parseStatus } from './clean.ts';
import type { Layout, PageProblem, PageRow } from './types.ts';

/** Splits a Markdown table line into cells, honouring `\|` escapes. */
function splitRow(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/);
}

const SEPARATOR = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$/;

/** A Markdown (GFM) table, as in the vendor's docs sources: `|400|IMG.0001|message|描述|措施|`. */
export const markdownTable: Layout = {
  name: 'markdown-table',
  detect(text) {
    return text.split('\n').some((l) => SEPARATOR.test(l.trim())) && /^\s*\|.*\|\s*$/m.test(text) ? 1 : 0;
  },
  read(text) {
    const lines = text.split(/\r?\n/);
    const rows: PageRow[] = [];
    const problems: PageProblem[] = [];
    let inTable = false;
    lines.forEach((raw, index) => {
      const line = raw.trim();
      const lineNo = index + 1;
      if (!line.startsWith('|')) {
        inTable = false;
        return;
      }
      const cells = splitRow(line);
      if (isStatusHeader(cells[0] ?? '')) {
        inTable = cells.length === 5;
        if (!inTable) problems.push({ line: lineNo, message: `table header has ${cells.length} columns; expected 5` });
        return;
      }
      if (!inTable || SEPARATOR.test(line)) return;
      if (cells.length !== 5) {
        problems.push({ line: lineNo, message: `row has ${cells.length} cells; expected 5` });
        return;
      }
      const [status = '', code = '', message = '', description = '', measure = ''] = cells.map(cleanCell);
      rows.push({ status: parseStatus(status), code, message, description, measure, line: lineNo });
    });
    const title = /^#\s+(.+)$/m.exec(text)?.[1];
    return { table: { rows, title: title ? cleanCell(title) : undefined, updated: findUpdated(text) }, problems };
  },
};
