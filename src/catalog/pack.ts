import { type CatalogData, type EntryNotes, TEXT_SLOTS } from './catalog.ts';

/**
 * Catalog data packed for a snapshot: every text of every entry in one string, numbers in typed arrays (as base64).
 * Parsing it allocates a handful of values instead of tens of thousands of small strings and arrays, which is what a
 * fresh process spends its time on; an entry's texts are cut out of the string only when the entry is shown.
 */
export interface PackedCatalog {
  services: CatalogData['services'];
  /** The entries' texts, one after another; `bounds` cuts them out. */
  text: string;
  /** Base64 Uint32Array: entry i's text in slot j ends at `bounds[i * SLOTS + j + 1]`. */
  bounds: string;
  /** Base64 Uint16Array: each entry's service. */
  service: string;
  /** Base64 Uint8Array: each entry's escalation (index into ESCALATIONS). */
  escalation: string;
  /** Base64 Uint16Array of statuses, cut by `statusBounds` (Uint32Array). */
  statuses: string;
  statusBounds: string;
  /** Base64 Int16Array: the shown status, or 0. */
  status: string;
  /** Base64 Uint32Array of `[page, row, line]` triples, cut by `sourceBounds` (Uint32Array). */
  sources: string;
  sourceBounds: string;
  /** Further wordings and curated notes, for the few entries that have them. */
  wordings: [number, string[]][];
  local: [number, EntryNotes][];
}

const SLOTS = TEXT_SLOTS.length;

/** Packs compiled catalog data for a snapshot. */
export function packCatalog(data: CatalogData): PackedCatalog {
  const c = data.entries;
  const parts: string[] = [];
  const bounds = new Uint32Array(c.size * SLOTS + 1);
  let at = 0;
  const wordings: [number, string[]][] = [];
  const local: [number, EntryNotes][] = [];
  for (let i = 0; i < c.size; i++) {
    TEXT_SLOTS.forEach((slot, j) => {
      const value = c.text(slot, i) ?? '';
      parts.push(value);
      at += value.length;
      bounds[i * SLOTS + j + 1] = at;
    });
    const w = c.wordings(i);
    if (w) wordings.push([i, w]);
    const l = c.local(i);
    if (l) local.push([i, l]);
  }
  return {
    services: data.services,
    text: parts.join(''),
    bounds: base64(bounds),
    service: base64(Uint16Array.from(c.service)),
    escalation: base64(Uint8Array.from(c.escalation)),
    statuses: base64(Uint16Array.from(c.statuses)),
    statusBounds: base64(Uint32Array.from(c.statusBounds)),
    status: base64(Int16Array.from(c.status)),
    sources: base64(Uint32Array.from(c.sources)),
    sourceBounds: base64(Uint32Array.from(c.sourceBounds)),
    wordings,
    local,
  };
}

/** Unpacks a snapshot's catalog data; texts stay in the packed string until asked for. Throws when it is damaged. */
export function unpackCatalog(packed: PackedCatalog): CatalogData {
  const bounds = new Uint32Array(bytes(packed.bounds));
  const size = (bounds.length - 1) / SLOTS;
  const slotOf = new Map(TEXT_SLOTS.map((s, j) => [s, j]));
  const { text } = packed;
  const wordings = new Map(packed.wordings);
  const local = new Map(packed.local);
  const columns = {
    service: new Uint16Array(bytes(packed.service)),
    escalation: new Uint8Array(bytes(packed.escalation)),
    statuses: new Uint16Array(bytes(packed.statuses)),
    statusBounds: new Uint32Array(bytes(packed.statusBounds)),
    status: new Int16Array(bytes(packed.status)),
    sources: new Uint32Array(bytes(packed.sources)),
    sourceBounds: new Uint32Array(bytes(packed.sourceBounds)),
  };
  // A damaged snapshot is refused here, not answered from: its columns must fit one another (checked in O(1)).
  const { service, escalation, status, statuses, statusBounds, sources, sourceBounds } = columns;
  const fits =
    Number.isInteger(size) &&
    size >= 0 &&
    (bounds[bounds.length - 1] ?? 0) <= text.length &&
    [service, escalation, status].every((column) => column.length === size) &&
    statusBounds.length === size + 1 &&
    statuses.length === statusBounds[size] &&
    sourceBounds.length === size + 1 &&
    sources.length === sourceBounds[size];
  if (!fits) throw new Error('the packed catalog is damaged: its columns do not fit together');
  return {
    services: packed.services,
    entries: {
      size,
      text(slot, i) {
        const at = i * SLOTS + (slotOf.get(slot) ?? 0);
        const start = bounds[at] as number;
        const end = bounds[at + 1] as number;
        return end > start ? text.slice(start, end) : null;
      },
      wordings: (i) => wordings.get(i) ?? null,
      local: (i) => local.get(i) ?? null,
      ...columns,
    },
  };
}

/** A typed array's bytes as base64. */
export function base64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

/** The bytes of a base64 string in a buffer of their own, aligned for any typed array. */
export function bytes(text: string): ArrayBuffer {
  const decoded = Buffer.from(text, 'base64');
  const out = new ArrayBuffer(decoded.byteLength);
  new Uint8Array(out).set(decoded);
  return out;
}
