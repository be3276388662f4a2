import { cellLines } from './cell-lines.ts';
import { markdownTable } from './markdown-table.ts';
import { paragraphCells } from './paragraph-cells.ts';
import { pipeRows } from './pipe-rows.ts';
import { rstTables } from './rst-tables.ts';
import type { Layout } from './types.ts';

export type { Layout, PageProblem, PageRow, PageTable } from './types.ts';

/** Every layout errcode can read. To support a new one, add its module here. */
export const LAYOUTS: readonly Layout[] = [markdownTable, pipeRows, cellLines, paragraphCells, rstTables];

/** The layout with that name, if any. */
export function layoutByName(name: string): Layout | undefined {
  return LAYOUTS.find((l) => l.name === name);
}

/** The layout that most confidently recognises the page, if any recognises it at all. */
export function detectLayout(text: string): Layout | undefined {
  let best: Layout | undefined;
  let bestScore = 0;
  for (const layout of LAYOUTS) {
    const score = layout.detect(text);
    if (score > bestScore) {
      best = layout;
      bestScore = score;
    }
  }
  return best;
}
