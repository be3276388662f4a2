import { cleanCell, findUpdated, isStatusHeader, parseStatus } from './clean.ts';
import type { Layout, PageProblem, PageRow } from './types.ts';

const SEPARATOR = /^-{3}\|(?:-{3}\|)+\s*$/;

/** One row per line, cells separated by ` | ` and a trailing `|`: `400 | 1100 | message | description | measure |`. */
export const pipeRows: Layout = {
  name: 'pipe-rows',
  detect(text) {
    const rowLines = text.split('\n').filter((l) => /^[1-5]\d\d \| .+ \| .+ \| .+ \| .+\|\s*$/.test(l.trim()));
    return rowLines.length >= 3 ? 0.95 : 0;
  },
  read(text) {
    const rows: PageRow[] = [];
    const problems: PageProblem[] = [];
    let inTable = false;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      const lineNo = index + 1;
      if (!line.includes('|')) {
        inTable = false;
        return;
      }
      const cells = line.replace(/\s*\|\s*$/, '').split(/\s+\|\s+/);
      if (isStatusHeader(cells[0] ?? '')) {
        inTable = true;
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
    const title = cleanCell(text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/¶$/, '');
    return { table: { rows, title: title || undefined, updated: findUpdated(text) }, problems };
  },
};
