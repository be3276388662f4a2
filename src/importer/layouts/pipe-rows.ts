import { cleanCell, findUpdated } from './clean.ts';
import { readLineTable } from './rows.ts';
import type { Layout } from './types.ts';

/** One row per line, cells separated by ` | ` and a trailing `|`: `400 | 1100 | message | description | measure |`. */
export const pipeRows: Layout = {
  name: 'pipe-rows',
  detect(text) {
    const rowLines = text.split('\n').filter((l) => /^[1-5]\d\d \| .+ \| .+ \| .+ \| .+\|\s*$/.test(l.trim()));
    return rowLines.length >= 3 ? 0.95 : 0;
  },
  read(text) {
    const { rows, problems } = readLineTable(text, {
      isTableLine: (line) => line.includes('|'),
      split: (line) => line.replace(/\s*\|\s*$/, '').split(/\s+\|\s+/),
      separator: /^-{3}\|(?:-{3}\|)+\s*$/,
    });
    const title = cleanCell(text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/¶$/, '');
    return { table: { rows, title: title || undefined, updated: findUpdated(text) }, problems };
  },
};
