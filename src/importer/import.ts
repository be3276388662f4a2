import { isWordCode, parseCode } from '../catalog/codes.ts';
import type { Cloud, Lang, PageInfo, ServiceFile } from '../catalog/schema.ts';
import { detectLayout, LAYOUTS, type Layout, layoutByName, type PageProblem, type PageRow } from './layouts/index.ts';
import { buildServiceFile, emptyServiceFile, type MergeReport, type PageImport } from './merge.ts';
import { cloudOfPage } from './sources.ts';

/** What to import. */
export interface ImportOptions {
  /** The page's path under `catalog/pages/`, as recorded in the service's `pages` and `sources`. */
  pageFile: string;
  text: string;
  service: string;
  /** The service's current catalog file, if it has one: its curated fields are kept, its other pages re-read. */
  existing?: ServiceFile;
  /** Force a layout by name instead of detecting it. */
  layout?: string;
  /** Force the page language instead of detecting it. */
  lang?: Lang;
  /** Whose page it is; by default from where it is kept (`otc/…` is the sister cloud's). */
  cloud?: Cloud;
  /** Only rows whose code has one of these prefixes. */
  only?: string[];
  /** Every row except those whose code has one of these prefixes. */
  except?: string[];
  /** Where the page is published, when known. */
  url?: string;
  /** The text of another page of the service (by its recorded `file`), to rebuild the service from all its pages. */
  readPage: (file: string) => string;
}

/** The outcome of an import: the new file (unless a page had problems) and what changed. */
export interface ImportResult {
  layout: string;
  lang: Lang;
  /** Rows read from the page (before `only`/`except`). */
  rows: number;
  /** Rows kept for this service after `only`/`except`. */
  kept: number;
  problems: PageProblem[];
  file?: ServiceFile;
  report?: MergeReport;
}

/** Thrown when a page cannot be imported at all (unknown layout, nothing readable, a listed page missing). */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    readonly code: 'E_UNKNOWN_LAYOUT' | 'E_EMPTY_PAGE' | 'E_PAGE_MISSING',
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

/** Reads a page with the layout it names (or detects), and keeps the rows its `only`/`except` select. */
export function readPage(
  info: { file: string; layout?: string; only?: string[]; except?: string[] },
  text: string,
): {
  layout: Layout;
  rows: PageRow[];
  kept: PageRow[];
  /** Each kept row's 1-based position among all the page's rows. */
  positions: number[];
  problems: PageProblem[];
  title?: string;
  updated?: string;
} {
  const layout = pickLayout(info.file, text, info.layout);
  const { table, problems } = layout.read(text);
  if (table.rows.length === 0) {
    throw new ImportError(`${info.file}: no error-code rows found with the ${layout.name} layout`, 'E_EMPTY_PAGE');
  }
  problems.push(...validateRows(table.rows));
  const prefixOf = (row: PageRow) => parseCode(row.code)?.prefix.toLowerCase() ?? '';
  const only = info.only?.map((p) => p.toLowerCase());
  const except = info.except?.map((p) => p.toLowerCase());
  const keep = (row: PageRow) => (!only || only.includes(prefixOf(row))) && !except?.includes(prefixOf(row));
  const positions = table.rows.flatMap((row, i) => (keep(row) ? [i + 1] : []));
  const kept = positions.map((p) => table.rows[p - 1] as PageRow);
  return { layout, rows: table.rows, kept, positions, problems, title: table.title, updated: table.updated };
}

/**
 * Reads a page and rebuilds the service's file from it and every other page the service lists (re-read with their
 * recorded layouts). Rows that cannot be read stop the import: nothing is written, nothing is lost.
 */
export function importPage(options: ImportOptions): ImportResult {
  const base = options.existing ?? emptyServiceFile(options.service);
  const old = base.pages.find((p) => p.file === options.pageFile);
  const only = options.only ?? old?.only;
  const except = options.except ?? old?.except;
  const filters = { ...(only ? { only } : {}), ...(except ? { except } : {}) };
  const read = readPage({ file: options.pageFile, layout: options.layout ?? old?.layout, ...filters }, options.text);
  const lang = options.lang ?? detectLang(read.rows);
  const result: ImportResult = {
    layout: read.layout.name,
    lang,
    rows: read.rows.length,
    kept: read.kept.length,
    problems: read.problems,
  };
  if (read.problems.length > 0) return result;
  const url = options.url ?? old?.url;
  const cloud = options.cloud ?? cloudOfPage(options.pageFile);
  const page: PageInfo = {
    file: options.pageFile,
    lang,
    layout: read.layout.name,
    ...(cloud !== 'huaweicloud' ? { cloud } : {}),
    ...(read.title ? { title: read.title } : {}),
    ...(read.updated ? { updated: read.updated } : {}),
    ...(url ? { url } : {}),
    ...filters,
  };
  const pages: PageImport[] = [{ page, rows: read.kept, positions: read.positions }];
  for (const other of base.pages) {
    if (other.file === options.pageFile) continue;
    let text: string;
    try {
      text = options.readPage(other.file);
    } catch (error) {
      throw new ImportError(
        `${base.service} lists page ${other.file}, which cannot be read (${(error as Error).message}); restore it under catalog/pages/ or remove it from the service's pages`,
        'E_PAGE_MISSING',
      );
    }
    const again = readPage(other, text);
    if (again.problems.length > 0) {
      return { ...result, problems: again.problems.map((p) => ({ ...p, message: `${other.file}: ${p.message}` })) };
    }
    pages.push({ page: other, rows: again.kept, positions: again.positions });
  }
  const { file, report } = buildServiceFile(base, pages);
  return { ...result, file, report };
}

function pickLayout(file: string, text: string, name: string | undefined): Layout {
  if (name) {
    const named = layoutByName(name);
    if (!named) {
      throw new ImportError(
        `unknown layout "${name}"; known layouts: ${LAYOUTS.map((l) => l.name).join(', ')}`,
        'E_UNKNOWN_LAYOUT',
      );
    }
    return named;
  }
  const detected = detectLayout(text);
  if (!detected) {
    throw new ImportError(
      `${file}: layout not recognised (known: ${LAYOUTS.map((l) => l.name).join(', ')}); pass --layout to choose one`,
      'E_UNKNOWN_LAYOUT',
    );
  }
  return detected;
}

/** Rows a catalog entry cannot be made of: a code cell that is no code, or a row that says nothing. */
function validateRows(rows: readonly PageRow[]): PageProblem[] {
  const problems: PageProblem[] = [];
  for (const row of rows) {
    if (/^(?:Others|其他)$/i.test(row.code)) continue;
    if (!parseCode(row.code) && !isWordCode(row.code)) {
      problems.push({ line: row.line, message: `"${row.code}" is not an error code` });
      continue;
    }
    if (row.message === '' && row.description === '')
      problems.push({ line: row.line, message: `${row.code}: message is empty` });
  }
  return problems;
}
