import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogError } from './problems.ts';

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
