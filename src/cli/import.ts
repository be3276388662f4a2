import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServiceFile, stringifyServiceFile } from '../catalog/file.ts';
import { formatProblems } from '../catalog/problems.ts';
import type { Lang } from '../catalog/schema.ts';
import { importPage } from '../importer/import.ts';
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

/** `errcode import <page> --service <id>`: reads a page and merges it into catalog/<id>.yaml. Returns the exit code. */
export function runImport(cmd: ImportCommand, io: Io): number {
  if (!/^[a-z][a-z0-9-]*$/.test(cmd.service)) {
    io.err(`--service must be lowercase letters, digits and dashes (got "${cmd.service}")`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(cmd.page, 'utf8');
  } catch (error) {
    io.err(`cannot read ${cmd.page}: ${(error as Error).message}`);
    return 2;
  }
  const target = join(cmd.catalogDir, `${cmd.service}.yaml`);
  let existing: ReturnType<typeof parseServiceFile>['data'];
  if (existsSync(target)) {
    const parsed = parseServiceFile(target, readFileSync(target, 'utf8'));
    if (!parsed.data) {
      io.err(`${target} is not valid; fix it before importing into it:\n${formatProblems(parsed.problems)}`);
      return 1;
    }
    existing = parsed.data;
  }
  const result = importPage({
    pageFile: cmd.page,
    text,
    service: cmd.service,
    existing,
    layout: cmd.layout,
    lang: cmd.lang,
  });
  io.out(`${cmd.page}: ${result.rows} rows read with the ${result.layout} layout (${result.lang})`);
  if (!result.file || !result.report) {
    io.err(result.problems.map((p) => `${cmd.page}:${p.line}: ${p.message}`).join('\n'));
    io.err(`nothing written: fix the page or pass --layout; ${target} is unchanged`);
    return 1;
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
  if (!cmd.dryRun) writeFileSync(target, stringifyServiceFile(result.file));
  return 0;
}
