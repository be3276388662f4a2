import { buildCatalog } from '../catalog/catalog.ts';
import { checkCatalogDir } from '../catalog/load.ts';
import { formatProblems } from '../catalog/problems.ts';
import type { ServiceFile } from '../catalog/schema.ts';
import { thousands } from '../numbers.ts';
import { EXIT } from './exit.ts';
import type { Io } from './io.ts';

/** `errcode catalog check`: validates every catalog file; exit status 1 with file:line for each problem. */
export function runCheck(catalogDir: string, io: Io): number {
  const { files, problems } = checkCatalogDir(catalogDir);
  if (problems.length > 0) {
    io.err(formatProblems(problems));
    io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${catalogDir}`);
    return EXIT.notFound;
  }
  const catalog = buildCatalog(files.map((f) => f.parsed.data).filter((d): d is ServiceFile => d !== undefined));
  io.out(`catalog OK: ${catalogSummary(catalog)}`);
  return EXIT.ok;
}

/** `7,494 codes (8,607 entries) from 62 services`. */
export function catalogSummary(catalog: { codes: number; size: number; services: readonly unknown[] }): string {
  const n = thousands;
  return `${n(catalog.codes)} codes (${n(catalog.size)} entries) from ${catalog.services.length} services`;
}

/** `errcode catalog snapshot`: checks the catalog and writes its snapshot (by default, the one errcode ships). */
export async function runSnapshot(catalogDir: string, out: string | undefined, io: Io): Promise<number> {
  const [{ writeSnapshotFile }, { SHIPPED_SNAPSHOT }] = await Promise.all([
    import('../engine/snapshot.ts'),
    import('../paths.ts'),
  ]);
  const path = out ?? SHIPPED_SNAPSHOT;
  const key = await writeSnapshotFile(catalogDir, path);
  io.out(`snapshot ${key.slice(0, 16)} written to ${path}`);
  return EXIT.ok;
}
