import { loadCatalog } from './catalog/load.ts';
import { createEngine, type Engine } from './engine/engine.ts';

/**
 * The one way the CLI and the app get an engine for a catalog directory. Reading the catalog (today its YAML files,
 * checked; the compiled snapshot once there is one) happens here and nowhere else, so it can change in one place.
 */
export function loadEngine(catalogDir: string): Engine {
  return createEngine(loadCatalog(catalogDir));
}
