import { readFileSync } from 'node:fs';
import { buildCatalog, type Catalog } from './catalog.ts';
import { type CheckedFile, checkFiles } from './check.ts';
import { parseServiceFile } from './file.ts';
import { catalogFiles } from './files.ts';
import { CatalogError, type Problem } from './problems.ts';
import type { ServiceFile } from './schema.ts';

/** Reads and checks every catalog file; returns the files and every problem found. */
export function checkCatalogDir(dir: string): { files: CheckedFile[]; problems: Problem[] } {
  const files = catalogFiles(dir).map((path) => ({ path, parsed: parseServiceFile(path, readFileSync(path, 'utf8')) }));
  const problems = checkFiles(files);
  if (files.length === 0) problems.push({ file: dir, line: 1, message: 'no catalog files (*.yaml) found' });
  return { files, problems };
}

/** The validated service files of a catalog directory, or a CatalogError listing every problem with file and line. */
export function loadServiceFiles(dir: string): ServiceFile[] {
  const { files, problems } = checkCatalogDir(dir);
  if (problems.length > 0) throw new CatalogError(problems);
  return files.map((f) => f.parsed.data).filter((d): d is ServiceFile => d !== undefined);
}

/** Loads the catalog, or throws a CatalogError listing every problem with its file and line. */
export function loadCatalog(dir: string): Catalog {
  return buildCatalog(loadServiceFiles(dir));
}

export { catalogFiles } from './files.ts';
