import { loadCatalog } from '../../src/catalog/load.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { CATALOG_DIR } from '../helpers.ts';

let engine: Engine | undefined;

/** One engine on the shipped catalog, built once for all tests in a file. */
export function shippedEngine(): Engine {
  engine ??= createEngine(loadCatalog(CATALOG_DIR));
  return engine;
}
