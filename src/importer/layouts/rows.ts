import { cleanCell, isStatusHeader, parseStatus } from './clean.ts';
import type { PageProblem, PageRow } from './types.ts';

/** The five cells of a row (status, code, message, description, measure), cleaned, as a PageRow. */
export function toPageRow(cells: readonly string[], line: number): PageRow {
  const [status = '', code = '', message = '', description = '', measure = ''] = cells.map(cleanCell);
  return { status: parseStatus(status), code, message, description, measure, line };
}

/**
 * A five-cell row of a layout whose tables always have a status column: a status that is not a number is a problem
 * (the row is still returned, so every problem of the page is reported at once).
 */
export function toCheckedRow(cells: readonly string[], line: number, problems: PageProblem[]): PageRow {
  const row = toPageRow(cells, line);
  if (row.status === undefined && !/^(?:Others|其他)$/i.test(row.code))
    problems.push({ line, message: `${row.code}: status code missing or not a number` });
  return row;
}

/** How a one-row-per-line table is written. */
export interface LineTableSyntax {
  /** Whether a line can belong to a table at all (others end the current table). */
  isTableLine(line: string): boolean;
  /** The cells of a table line. */
  split(line: string): string[];
  /** The separator line under the header. */
  separator: RegExp;
}

/**
 * Reads tables written one row per line (Markdown tables, `a | b | c |` rows): a header row whose first cell is the
 * status column starts a table, its separator is skipped, and every other line is a five-cell row or a problem.
 */
export function readLineTable(text: string, syntax: LineTableSyntax): { rows: PageRow[]; problems: PageProblem[] } {
  const rows: PageRow[] = [];
  const problems: PageProblem[] = [];
  let inTable = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (!syntax.isTableLine(line)) {
      inTable = false;
      return;
    }
    const cells = syntax.split(line);
    if (isStatusHeader(cells[0] ?? '')) {
      inTable = cells.length === 5;
      if (!inTable) problems.push({ line: lineNo, message: `table header has ${cells.length} columns; expected 5` });
      return;
    }
    if (!inTable || syntax.separator.test(line)) return;
    if (cells.length !== 5) problems.push({ line: lineNo, message: `row has ${cells.length} cells; expected 5` });
    else rows.push(toCheckedRow(cells, lineNo, problems));
  });
  return { rows, problems };
}
