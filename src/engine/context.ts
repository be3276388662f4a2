import type { Catalog, CatalogEntry } from '../catalog/catalog.ts';
import type { Decision } from './decide.ts';
import type { EngineOptions } from './options.ts';
import type { SearchIndex } from './search-index.ts';

/** What the answer paths share: the catalog, its index (stage 1), the options, and words search wired to decide. */
export interface EngineContext {
  readonly catalog: Catalog;
  readonly index: SearchIndex;
  readonly opts: EngineOptions;
  /** The entry with this index position, if there is one. */
  entryAt(id: number): CatalogEntry | undefined;
  /** A text's words searched (stage 4) and decided (stage 5). */
  words(query: string): Decision;
}

/** The entries at these index positions, in order. */
export function entriesAt(ctx: EngineContext, ids: readonly number[]): CatalogEntry[] {
  return ids.map((id) => ctx.entryAt(id)).filter((e): e is CatalogEntry => e !== undefined);
}
