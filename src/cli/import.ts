import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseServiceFile, stringifyServiceFile } from '../catalog/file.ts';
import { catalogFiles } from '../catalog/load.ts';
import { formatProblems } from '../catalog/problems.ts';
import type { Lang, ServiceFile } from '../catalog/schema.ts';
import { ImportError, type ImportResult, importPage } from '../importer/import.ts';
import { entryName } from '../importer/merge.ts';
import { cloudOfPage, OTC_DIR, otcPageUrl } from '../importer/sources.ts';
import { EXIT } from './exit.ts';
import type { Io } from './io.ts';

/** Options of `errcode import`. */
export interface ImportCommand {
  page: string;
  service: string;
  catalogDir: string;
  layout?: string;
  lang?: Lang;
  only?: string[];
  except?: string[];
  dryRun?: boolean;
}

/** Where a catalog keeps its pages. */
export function pagesDirOf(catalogDir: string): string {
  return join(catalogDir, 'pages');
}

/**
 * `errcode import <page> --service <id>`: reads a page and rebuilds catalog/<id>.yaml from it and the service's other
 * pages. Exit status: 1 when no table could be read from the page, 3 when a page cannot be read, the catalog file is
 * broken or cannot be written.
 */
export function runImport(cmd: ImportCommand, io: Io): number {
  if (!/^[a-z][a-z0-9-]*$/.test(cmd.service)) {
    io.err(`errcode: --service must be lowercase letters, digits and dashes (got "${cmd.service}")`);
    return EXIT.usage;
  }
  let text: string;
  try {
    text = readFileSync(cmd.page, 'utf8');
  } catch (error) {
    io.err(`errcode: cannot read ${cmd.page}: ${(error as Error).message}`);
    return EXIT.failure;
  }
  const pagesDir = pagesDirOf(cmd.catalogDir);
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
  const inside = relative(real(pagesDir), real(cmd.page));
  const pageFile = inside.startsWith('..') || inside.startsWith(sep) ? basename(cmd.page) : inside.split(sep).join('/');
  if (pageFile !== inside.split(sep).join('/'))
    io.err(`note: ${cmd.page} is not under ${pagesDir}; save it there so the catalog can be rebuilt from its pages`);
  const target = join(cmd.catalogDir, `${cmd.service}.yaml`);
  const existing = readExisting(target, io);
  if (existing === null) return EXIT.failure;
  const result = imported(io, cmd.layout, () =>
    importPage({
      pageFile,
      text,
      service: cmd.service,
      existing,
      layout: cmd.layout,
      lang: cmd.lang,
      only: cmd.only,
      except: cmd.except,
      url: urlOf(pageFile, pagesDir),
      readPage: (file) => readFileSync(join(pagesDir, file), 'utf8'),
    }),
  );
  if (typeof result === 'number') return result;
  return report(cmd.page, target, result, io, cmd.dryRun);
}

/** `errcode import --all`: rebuilds every service file from its pages (after a reader changed, say). */
export function runImportAll(catalogDir: string, io: Io, dryRun = false): number {
  const pagesDir = pagesDirOf(catalogDir);
  // The worst status of all services: 3 if a file was broken or unreadable, else 1 if a page read nothing.
  let failed: number = EXIT.ok;
  for (const target of catalogFiles(catalogDir)) {
    const existing = readExisting(target, io);
    if (!existing) {
      failed = Math.max(failed, EXIT.failure);
      continue;
    }
    const [first] = existing.pages;
    if (!first) continue;
    const path = join(pagesDir, first.file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      io.err(`errcode: cannot read ${path}: ${(error as Error).message}`);
      failed = Math.max(failed, EXIT.failure);
      continue;
    }
    const result = imported(io, undefined, () =>
      importPage({
        pageFile: first.file,
        text,
        service: existing.service,
        existing,
        url: urlOf(first.file, pagesDir),
        readPage: (file) => readFileSync(join(pagesDir, file), 'utf8'),
      }),
    );
    const status = typeof result === 'number' ? result : report(path, target, result, io, dryRun);
    failed = Math.max(failed, status);
  }
  return failed;
}

/** The sister cloud's published URL of a page kept under `otc/`, from its SOURCES.tsv. */
function urlOf(pageFile: string, pagesDir: string): string | undefined {
  if (cloudOfPage(pageFile) !== 'otc') return undefined;
  const sources = join(pagesDir, OTC_DIR, 'SOURCES.tsv');
  return existsSync(sources) ? otcPageUrl(pageFile, readFileSync(sources, 'utf8')) : undefined;
}

/**
 * Runs an import, reporting a page that cannot be imported at all: a layout named on the command line that does not
 * exist is a usage error (2), a page no layout reads found nothing (1), a listed page gone missing is a failure (3).
 */
function imported(io: Io, layout: string | undefined, run: () => ImportResult): ImportResult | number {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    io.err(`errcode: ${error.message}`);
    if (error.code === 'E_PAGE_MISSING') return EXIT.failure;
    return error.code === 'E_UNKNOWN_LAYOUT' && layout ? EXIT.usage : EXIT.notFound;
  }
}

/** The service's current file; undefined when there is none, null (reported) when it is invalid. */
function readExisting(target: string, io: Io): ServiceFile | undefined | null {
  if (!existsSync(target)) return undefined;
  const parsed = parseServiceFile(target, readFileSync(target, 'utf8'));
  if (!parsed.data) {
    io.err(`errcode: ${target} is not valid; fix it before importing into it:\n${formatProblems(parsed.problems)}`);
    return null;
  }
  return parsed.data;
}

function report(page: string, target: string, result: ImportResult, io: Io, dryRun = false): number {
  const kept = result.kept === result.rows ? '' : ` (${result.kept} of them for this service)`;
  io.out(`${page}: ${result.rows} rows read with the ${result.layout} layout (${result.lang})${kept}`);
  if (!result.file || !result.report) {
    io.err(result.problems.map((p) => `${page}:${p.line}: ${p.message}`).join('\n'));
    io.err(`nothing written: fix the page or pass --layout; ${target} is unchanged`);
    return EXIT.notFound;
  }
  const r = result.report;
  const codes = new Set(result.file.entries.map((e) => e.code.toLowerCase())).size;
  io.out(
    `${target}: ${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed; ${codes} codes, ${result.file.entries.length} entries`,
  );
  if (r.variants.length)
    io.out(`  ${r.variants.length} codes published with several meanings (one entry each): ${sample(r.variants)}`);
  if (r.wordings.length)
    io.out(`  ${r.wordings.length} entries worded differently across pages (all wordings kept): ${sample(r.wordings)}`);
  for (const c of r.conflicts) {
    const values = Object.entries(c.values)
      .map(([p, v]) => `${Array.isArray(v) ? v.join('/') : v} in ${p}`)
      .join(', ');
    const name = entryName(c);
    io.out(
      c.resolvedAs === undefined
        ? `  CONFLICT ${name} status: ${values}. Choose one: set local.status (and local.reason) on the entry.`
        : `  resolved ${name} status: ${values} → ${c.resolvedAs} (local.status)`,
    );
  }
  if (!dryRun) {
    try {
      writeFileSync(target, stringifyServiceFile(result.file));
    } catch (error) {
      io.err(`errcode: cannot write ${target}: ${(error as Error).message}`);
      return EXIT.failure;
    }
  }
  return EXIT.ok;
}

function sample(list: readonly string[], max = 12): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} … (${list.length - max} more)`;
}
