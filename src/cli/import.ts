import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServiceFile, stringifyServiceFile } from '../catalog/file.ts';
import { formatProblems } from '../catalog/problems.ts';
import type { Lang } from '../catalog/schema.ts';
import { ImportError, importPage } from '../importer/import.ts';
import { EXIT } from './exit.ts';
import type { Io } from './io.ts';

/** Options of `errcode import`. */
export interface ImportCommand {
  page: string;
  service: string;
  catalogDir: string;
  layout?: string;
  lang?: Lang;
  dryRun?: boolean;
}

/**
 * `errcode import <page> --service <id>`: reads a page and merges it into catalog/<id>.yaml. Returns the exit status:
 * 1 when no table could be read from the page, 3 when a file cannot be read or written or the catalog file is broken.
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
  const target = join(cmd.catalogDir, `${cmd.service}.yaml`);
  let existing: ReturnType<typeof parseServiceFile>['data'];
  if (existsSync(target)) {
    const parsed = parseServiceFile(target, readFileSync(target, 'utf8'));
    if (!parsed.data) {
      io.err(`errcode: ${target} is not valid; fix it before importing into it:\n${formatProblems(parsed.problems)}`);
      return EXIT.failure;
    }
    existing = parsed.data;
  }
  let result: ReturnType<typeof importPage>;
  try {
    result = importPage({
      pageFile: cmd.page,
      text,
      service: cmd.service,
      existing,
      layout: cmd.layout,
      lang: cmd.lang,
    });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    io.err(`errcode: ${error.message}`);
    // A layout named on the command line that does not exist is a usage error; a page no layout reads found nothing.
    return error.code === 'E_UNKNOWN_LAYOUT' && cmd.layout ? EXIT.usage : EXIT.notFound;
  }
  io.out(`${cmd.page}: ${result.rows} rows read with the ${result.layout} layout (${result.lang})`);
  if (!result.file || !result.report) {
    io.err(result.problems.map((p) => `${cmd.page}:${p.line}: ${p.message}`).join('\n'));
    io.err(`nothing written: fix the page or pass --layout; ${target} is unchanged`);
    return EXIT.notFound;
  }
  const r = result.report;
  io.out(
    `${target}: ${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed, ${result.file.entries.length} codes in all`,
  );
  if (r.variants.length)
    io.out(
      `  ${r.variants.length} codes worded differently across pages (all wordings kept): ${r.variants.join(', ')}`,
    );
  for (const c of r.conflicts) {
    const values = Object.entries(c.values)
      .map(([page, v]) => `${v} in ${page}`)
      .join(', ');
    io.out(
      c.resolvedAs === undefined
        ? `  CONFLICT ${c.code} status: ${values}. Choose one: set local.status (and local.reason) on the entry.`
        : `  resolved ${c.code} status: ${values} → ${c.resolvedAs} (local.status)`,
    );
  }
  if (!cmd.dryRun) {
    try {
      writeFileSync(target, stringifyServiceFile(result.file));
    } catch (error) {
      io.err(`errcode: cannot write ${target}: ${(error as Error).message}`);
      return EXIT.failure;
    }
  }
  return EXIT.ok;
}
