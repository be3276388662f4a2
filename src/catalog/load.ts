import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type Catalog } from './catalog.ts';
import { type CheckedFile, checkFiles } from './check.ts';
import { parseServiceFile } from './file.ts';
import { CatalogError, type Problem } from './problems.ts';
import type { ServiceFile } from './schema.ts';

/** The catalog files in a directory, sorted, as paths. */
export function catalogFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new CatalogError([
      { file: dir, line: 1, message: `cannot read the catalog directory: ${(error as Error).message}` },
    ]);
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** Reads and checks every catalog file; returns the files and every problem found. */
export function checkCatalogDir(dir: string): { files: CheckedFile[]; problems: Problem[] } {
  const files = catalogFiles(dir).map((path) => ({ path, parsed: parseServiceFile(path, readFileSync(path, 'utf8')) }));
  const problems = checkFiles(files);
  if (files.length === 0) problems.push({ file: dir, line: 1, message: 'no catalog files (*.yaml) found' });
  return { files, problems };
}

/** Loads the catalog, or throws a CatalogError listing every problem with its file and line. */
export function loadCatalog(dir: string): Catalog {
  const { files, problems } = checkCatalogDir(dir);
  if (problems.length > 0) throw new CatalogError(problems);
  return buildCatalog(files.map((f) => f.parsed.data).filter((d): d is ServiceFile => d !== undefined));
}
