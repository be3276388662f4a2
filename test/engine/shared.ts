import { loadServiceFiles } from '../../src/catalog/load.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { defaultCacheDir, openEngineSync } from '../../src/engine/snapshot.ts';
import { CATALOG_DIR } from '../helpers.ts';

let engine: Engine | undefined;

/**
 * One engine on the shipped catalog, for all tests in a file: from the snapshot the test run caches (vitest sets
 * ERRCODE_CACHE_DIR), built from the YAML by whichever file comes first.
 */
export function shippedEngine(): Engine {
  engine ??= openEngineSync({ catalogDir: CATALOG_DIR, cacheDir: defaultCacheDir() }, loadServiceFiles).engine;
  return engine;
}
