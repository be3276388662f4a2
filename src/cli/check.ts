import { checkCatalogDir } from '../catalog/load.ts';
import { formatProblems } from '../catalog/problems.ts';
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
  const counts = files.map((f) => `${f.parsed.data?.service} ${f.parsed.data?.entries.length}`).join(', ');
  const total = files.reduce((n, f) => n + (f.parsed.data?.entries.length ?? 0), 0);
  io.out(`catalog OK: ${total} codes in ${files.length} files (${counts})`);
  return EXIT.ok;
}
