import type { Engine } from './engine/engine.ts';
import { type CatalogSummary, catalogSummary, defaultCacheDir } from './engine/snapshot-file.ts';
import { thousands } from './numbers.ts';
import { SHIPPED_SNAPSHOT } from './paths.ts';

/**
 * The one way the CLI and the app get an engine for a catalog directory: from the compiled snapshot shipped with
 * errcode, or one cached under `ERRCODE_CACHE_DIR` (default: the user's cache directory), whichever was built from
 * exactly these YAML files and this code; else from the YAML, checked, caching a snapshot for the next start.
 */
export async function loadEngine(catalogDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  // The engine's modules load here, not with this module: `--help` asks only for the summary.
  const { openEngine } = await import('./engine/snapshot.ts');
  return (await openEngine({ catalogDir, shipped: SHIPPED_SNAPSHOT, cacheDir: defaultCacheDir(env) })).engine;
}

/** How big the catalog is, if a snapshot of it exists (without loading it): for `--help`. */
export function summaryOf(catalogDir: string, env: NodeJS.ProcessEnv = process.env): CatalogSummary | undefined {
  return catalogSummary({ catalogDir, shipped: SHIPPED_SNAPSHOT, cacheDir: defaultCacheDir(env) });
}

/** `7,494 codes from 62 services`. */
export function sizeText(summary: { codes: number; services: number }): string {
  const n = thousands;
  return `${n(summary.codes)} codes from ${n(summary.services)} services`;
}
