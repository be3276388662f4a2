import { cleanCell, findUpdated } from './clean.ts';
import { readLineTable } from './rows.ts';
import type { Layout } from './types.ts';

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
    const { rows, problems } = readLineTable(text, {
      isTableLine: (line) => line.startsWith('|'),
      split: splitRow,
      separator: SEPARATOR,
    });
    const title = /^#\s+(.+)$/m.exec(text)?.[1];
    return { table: { rows, title: title ? cleanCell(title) : undefined, updated: findUpdated(text) }, problems };
  },
};
