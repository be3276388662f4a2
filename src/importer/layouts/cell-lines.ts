import { findUpdated, isStatusHeader } from './clean.ts';
import { toCheckedRow } from './rows.ts';
import type { Layout, PageProblem, PageRow } from './types.ts';

const CELL_END = /\s*\|\s*$/;
const SEPARATOR = /^-{3}\|(?:-{3}\|)+\s*$/;

/**
 * A table flattened to one cell per line, each line ending in ` |`, five lines a row, with the header and a
 * `---|---|` separator repeated before every table. A cell that wraps continues on lines without the ` |`.
 */
export const cellLines: Layout = {
  name: 'cell-lines',
  detect(text) {
    return /^Status Code \|\s*$/m.test(text) && /^-{3}\|(?:-{3}\|)+\s*$/m.test(text) ? 0.9 : 0;
  },
  read(text) {
    const lines = text.split(/\r?\n/);
    const rows: PageRow[] = [];
    const problems: PageProblem[] = [];
    let inTable = false;
    let cells: { text: string; line: number }[] = [];
    let pending: string[] = [];
    let pendingLine = 0;
    const flushIncomplete = (lineNo: number) => {
      if (cells.length > 0)
        problems.push({ line: cells[0]?.line ?? lineNo, message: `row has ${cells.length} of 5 cells` });
      cells = [];
      pending = [];
    };
    lines.forEach((raw, index) => {
      const line = raw.trim();
      const lineNo = index + 1;
      if (isStatusHeader(line.replace(CELL_END, ''))) {
        flushIncomplete(lineNo);
        inTable = false;
        return;
      }
      if (SEPARATOR.test(line)) {
        inTable = true;
        return;
      }
      if (!inTable || line === '') return;
      if (!pending.length) pendingLine = lineNo;
      pending.push(line.replace(CELL_END, ''));
      if (!CELL_END.test(line)) return;
      cells.push({ text: pending.join('\n'), line: pendingLine });
      pending = [];
      if (cells.length < 5) return;
      rows.push(
        toCheckedRow(
          cells.map((c) => c.text),
          cells[1]?.line ?? lineNo,
          problems,
        ),
      );
      cells = [];
    });
    flushIncomplete(lines.length);
    const title = lines.find((l) => l.trim() !== '')?.trim();
    return { table: { rows, title, updated: findUpdated(text) }, problems };
  },
};
