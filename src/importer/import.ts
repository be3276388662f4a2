import { basename } from 'node:path';
import { codeKey, parseCode } from '../catalog/codes.ts';
import type { Lang, ServiceFile } from '../catalog/schema.ts';
import { detectLayout, LAYOUTS, type Layout, layoutByName, type PageProblem, type PageRow } from './layouts/index.ts';
import { emptyServiceFile, type MergeReport, mergePage } from './merge.ts';

/** What to import. */
export interface ImportOptions {
  /** The page's file name as recorded in `sources` (a path is reduced to its base name). */
  pageFile: string;
  text: string;
  service: string;
  /** The service's current catalog file, if it has one. */
  existing?: ServiceFile;
  /** Force a layout by name instead of detecting it. */
  layout?: string;
  /** Force the page language instead of detecting it. */
  lang?: Lang;
}

/** The outcome of an import: the new file (unless the page had problems) and what changed. */
export interface ImportResult {
  layout: string;
  lang: Lang;
  rows: number;
  problems: PageProblem[];
  file?: ServiceFile;
  report?: MergeReport;
}

/** Thrown when a page cannot be imported at all (unknown layout, nothing readable). */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    readonly code: 'E_UNKNOWN_LAYOUT' | 'E_EMPTY_PAGE',
  ) {
    super(message);
  }
}

const CJK = /[\u3400-\u9fff]/;

/** A page is Chinese when most of its description cells are. */
export function detectLang(rows: readonly PageRow[]): Lang {
  const described = rows.filter((r) => r.description !== '');
  const zh = described.filter((r) => CJK.test(r.description)).length;
  return described.length > 0 && zh / described.length > 0.5 ? 'zh' : 'en';
}

/** Reads a page and merges it into the service's file. Rows that cannot be read stop the merge: nothing is lost. */
export function importPage(options: ImportOptions): ImportResult {
  const layout = pickLayout(options);
  const { table, problems } = layout.read(options.text);
  if (table.rows.length === 0) {
    throw new ImportError(
      `${options.pageFile}: no error-code rows found with the ${layout.name} layout`,
      'E_EMPTY_PAGE',
    );
  }
  problems.push(...validateRows(table.rows));
  const lang = options.lang ?? detectLang(table.rows);
  const result: ImportResult = { layout: layout.name, lang, rows: table.rows.length, problems };
  if (problems.length > 0) return result;
  const page = {
    file: basename(options.pageFile),
    lang,
    layout: layout.name,
    ...(table.title ? { title: table.title } : {}),
    ...(table.updated ? { updated: table.updated } : {}),
  };
  const { file, report } = mergePage(options.existing ?? emptyServiceFile(options.service), { page, rows: table.rows });
  return { ...result, file, report };
}

function pickLayout(options: ImportOptions): Layout {
  if (options.layout) {
    const named = layoutByName(options.layout);
    if (!named) {
      throw new ImportError(
        `unknown layout "${options.layout}"; known layouts: ${LAYOUTS.map((l) => l.name).join(', ')}`,
        'E_UNKNOWN_LAYOUT',
      );
    }
    return named;
  }
  const detected = detectLayout(options.text);
  if (!detected) {
    throw new ImportError(
      `${options.pageFile}: layout not recognised (known: ${LAYOUTS.map((l) => l.name).join(', ')}); pass --layout to choose one`,
      'E_UNKNOWN_LAYOUT',
    );
  }
  return detected;
}

function validateRows(rows: readonly PageRow[]): PageProblem[] {
  const problems: PageProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (/^(?:Others|其他)$/i.test(row.code)) continue;
    const parts = parseCode(row.code);
    if (!parts) {
      problems.push({ line: row.line, message: `"${row.code}" is not an error code` });
      continue;
    }
    if (row.status === undefined)
      problems.push({ line: row.line, message: `${row.code}: status code missing or not a number` });
    if (row.message === '') problems.push({ line: row.line, message: `${row.code}: message is empty` });
    const key = codeKey(parts);
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ line: row.line, message: `${row.code} is listed twice (first on line ${first})` });
    else seen.set(key, row.line);
  }
  return problems;
}
