import SearchableMap from 'minisearch/SearchableMap';
import type { Catalog } from '../catalog/catalog.ts';
import { codeKey, parseCode } from '../catalog/codes.ts';
import { base64, bytes } from '../catalog/pack.ts';
import { compileTemplate, type Template } from './templates.ts';
import { analyze as analyzeText, foldMessage, type IsCompound, isGroupTerm, tokenize } from './text.ts';

/**
 * Stage 1, index: everything the engine looks up, built once per catalog. Entries are identified by their position in
 * `catalog.entries`; terms by their position in one dictionary.
 *
 * The inverted index keeps its postings in typed arrays and scores them with BM25+ exactly as MiniSearch does (same
 * parameters, per-field boosts, the score multiplied by the query terms matched); the vocabulary is MiniSearch's radix
 * tree (`SearchableMap`), for fuzzy lookups of misspelt words. Typed arrays because a snapshot of them loads in a few
 * milliseconds, where MiniSearch's own document index takes about 0.8 µs a posting to restore (~100 ms for this
 * catalog): too slow for a CLI that answers in tens of milliseconds.
 */
export interface SearchIndex {
  /** Every index term; ids below point into it. */
  readonly terms: readonly string[];
  /** A term's id, if the catalog uses the term. */
  termId(term: string): number | undefined;
  /** How many entries use each term (by id), in any field, measure and service name included. */
  readonly df: Uint32Array;
  /** The entry's terms in what says what the error is (code, message, cause, Chinese text): sorted ids. */
  strong(id: number): Uint32Array;
  /** Terms of the entry's service name not in `strong`: context ("KMS key …"), not what the error is. */
  context(id: number): Uint32Array;
  /** Terms only in the measure: sorted ids. */
  weak(id: number): Uint32Array;
  /** The entry's own wording (its message; for Chinese queries its Chinese cause), for precision: sorted ids. */
  own(id: number, chinese: boolean): Uint32Array;
  /** Scores entries for weighted query terms (BM25+ over the searchable fields); the best `limit`, best first. */
  retrieve(query: readonly QueryTerm[], limit: number): { id: number; score: number }[];
  /** Vocabulary terms within `distance` edits of `word`, with their distance. */
  fuzzy(word: string, distance: number): { term: number; distance: number }[];
  /** Folded messages → entries that publish them (built on first use from a snapshot). */
  readonly exact: ReadonlyMap<string, readonly number[]>;
  /** Folded causes (English and Chinese) → entries that give them: a pasted cause, where no message matches. */
  readonly causes: ReadonlyMap<string, readonly number[]>;
  /** How many distinct codes publish a folded message (1 for a text the index does not know). */
  codesOf(text: string): number;
  /** Message templates, filed under the longest word of their anchor. */
  readonly templates: ReadonlyMap<string, readonly { id: number; template: Template }[]>;
}

/** One term of a query: its id, its weight (1, less for a fuzzy match), and which query word it stands for. */
export interface QueryTerm {
  term: number;
  weight: number;
  word: number;
}

/** The fields retrieval scores, and how much a hit in each counts. */
export const SEARCH_FIELDS = ['code', 'message', 'cause', 'zh', 'service'] as const;
/** A service's name retrieves its entries ("image search …"), weakly: it is what the error is about, not what it is. */
const FIELD_BOOST = [6, 3, 2, 2, 0.5];
const FIELDS = SEARCH_FIELDS.length;
/** MiniSearch's BM25+ parameters. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** The lists kept per entry, in this order in the packed arrays. */
const LISTS = 5;
const STRONG = 0;
const WEAK = 1;
const OWN = 2;
const OWN_ZH = 3;
const CONTEXT = 4;

/** The index as plain data, for a snapshot (see `snapshotOf` / `restoreIndex`). */
export interface IndexSnapshot {
  /** The terms, joined by newlines (no term holds one). */
  terms: string;
  /** Base64 of typed arrays. */
  arrays: Record<ArrayName, string>;
  /** The folded texts of `exact`, joined by newlines (folding leaves none in them). */
  exactTexts: string;
  /** Causes, folded: `text\tid,id` lines. */
  causes: string;
  /** Base64 Uint32Arrays: the entries of each text, cut by `exactBounds`; and how many codes each text has. */
  exactIds: string;
  exactBounds: string;
  exactCodes: string;
  templates: [string, number, string, string[]][];
}

type ArrayName = keyof IndexArrays;

interface IndexArrays {
  df: Uint32Array;
  /** Per entry, LISTS lists of term ids: offsets into `listIds`. */
  listOffsets: Uint32Array;
  listIds: Uint32Array;
  /** Postings by term: `postStart[t]..postStart[t+1]` index `postDoc`, `postField`, `postFreq`. */
  postStart: Uint32Array;
  postDoc: Uint32Array;
  postField: Uint8Array;
  postFreq: Uint16Array;
  /** Entries per (term, field) that use the term in that field: `term * FIELDS + field`. */
  fieldDf: Uint32Array;
  /** Terms per (entry, field), and the average per field. */
  fieldLength: Uint16Array;
  avgFieldLength: Float64Array;
}

/** Builds the index of a catalog. */
export function buildIndex(catalog: Catalog): SearchIndex {
  const dictionary = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (term: string) => {
    let id = dictionary.get(term);
    if (id === undefined) {
      id = terms.length;
      terms.push(term);
      dictionary.set(term, id);
    }
    return id;
  };
  const n = catalog.size;
  const serviceTerms = new Map(catalog.services.map((s) => [s, analyzeText(s.name)]));
  const lists: number[][] = [];
  const dfCounts: number[] = [];
  /** Per term: postings as [entry, field, frequency]. */
  const postings: [number, number, number][][] = [];
  const fieldLength = new Uint16Array(n * FIELDS);
  const isCompound = compoundsOf(catalog);
  const analyze = (text: string) => analyzeText(text, isCompound);
  catalog.entries.forEach((e, entry) => {
    const message = e.messages.join('\n');
    const fields = [
      codeTerms(e.code),
      analyze(message),
      // Many pages repeat the message as the description: index it once. A measure written as `phrase: what to do`
      // lines names the error's variants by their real messages (`verify aksk signature fail: …`): those say what the
      // error is, like the cause.
      analyze([e.cause && e.cause !== message ? e.cause : '', ...measurePhrases(e.measure)].join('\n')),
      analyze(`${e.causeZh ?? ''}\n${e.measureZh ?? ''}`),
      serviceTerms.get(e.service) ?? [],
    ];
    fields.forEach((list, field) => {
      // Synonym groups are not indexed for retrieval: a query expands a group into its member words instead.
      const words = list.filter((t) => !isGroupTerm(t)).map(idOf);
      fieldLength[entry * FIELDS + field] = Math.min(words.length, 65_535);
      const freq = new Map<number, number>();
      for (const t of words) freq.set(t, (freq.get(t) ?? 0) + 1);
      for (const [t, f] of freq) {
        postings[t] ??= [];
        postings[t].push([entry, field, Math.min(f, 65_535)]);
      }
    });
    const strong = new Set(fields.slice(0, 4).flat().map(idOf));
    // The service's name says what the error is about ("KMS key is not enabled"), not what the error is.
    const context = new Set((serviceTerms.get(e.service) ?? []).map(idOf).filter((t) => !strong.has(t)));
    const weakTerms = analyze(e.measure ?? '').map(idOf);
    const weak = new Set(weakTerms.filter((t) => !strong.has(t) && !context.has(t)));
    for (const t of new Set([...strong, ...context, ...weak])) dfCounts[t] = (dfCounts[t] ?? 0) + 1;
    lists.push(
      sorted(strong),
      sorted(weak),
      // Precision is taken against the primary wording alone: a second published wording is another way of saying it.
      sorted(
        new Set(
          analyze(e.message)
            .filter((t) => !isGroupTerm(t))
            .map(idOf),
        ),
      ),
      sorted(new Set(analyze(e.causeZh ?? '').map(idOf))),
      sorted(context),
    );
  });

  const total = postings.reduce((sum, p) => sum + (p?.length ?? 0), 0);
  const arrays: IndexArrays = {
    df: Uint32Array.from({ length: terms.length }, (_, i) => dfCounts[i] ?? 0),
    ...packLists(lists),
    postStart: new Uint32Array(terms.length + 1),
    postDoc: new Uint32Array(total),
    postField: new Uint8Array(total),
    postFreq: new Uint16Array(total),
    fieldDf: new Uint32Array(terms.length * FIELDS),
    fieldLength,
    avgFieldLength: new Float64Array(FIELDS),
  };
  let at = 0;
  for (let t = 0; t < terms.length; t++) {
    arrays.postStart[t] = at;
    for (const [entry, field, freq] of postings[t] ?? []) {
      arrays.postDoc[at] = entry;
      arrays.postField[at] = field;
      arrays.postFreq[at] = freq;
      (arrays.fieldDf[t * FIELDS + field] as number)++;
      at++;
    }
  }
  arrays.postStart[terms.length] = at;
  for (let f = 0; f < FIELDS; f++) {
    let sum = 0;
    for (let e = 0; e < n; e++) sum += fieldLength[e * FIELDS + f] ?? 0;
    arrays.avgFieldLength[f] = n ? sum / n : 0;
  }

  const exact = new Map<string, number[]>();
  const causes = new Map<string, number[]>();
  const codes = new Map<string, number>();
  const addTo = (into: Map<string, number[]>, text: string | undefined, id: number) => {
    if (!text) return;
    const key = foldMessage(text);
    const list = into.get(key) ?? [];
    if (!list.includes(id)) list.push(id);
    into.set(key, list);
  };
  const addExact = (text: string | undefined, id: number) => addTo(exact, text, id);
  const templates = new Map<string, { id: number; template: Template }[]>();
  catalog.entries.forEach((e, id) => {
    for (const m of e.messages) {
      addExact(m, id);
      const template = compileTemplate(m);
      if (template) fileTemplate(templates, { id, template });
    }
  });
  // Causes are matched exactly too, where no message is: a pasted cause is as good as a message, but many are shared.
  catalog.entries.forEach((e, id) => {
    if (e.cause !== e.message) addTo(causes, e.cause, id);
    addTo(causes, e.causeZh, id);
  });
  for (const [text, ids] of exact) codes.set(text, new Set(ids.map((id) => catalog.entry(id).key)).size);
  return assemble(
    () => terms,
    () => dictionary,
    arrays,
    () => exact,
    () => causes,
    () => codes,
    () => templates,
  );
}

/** The index as plain data, to write to a snapshot. */
export function snapshotOf(index: SearchIndex): IndexSnapshot {
  const { arrays } = index as ArrayIndex;
  const texts = [...index.exact.keys()];
  const ids: number[] = [];
  const bounds = [0];
  for (const t of texts) {
    ids.push(...(index.exact.get(t) ?? []));
    bounds.push(ids.length);
  }
  return {
    terms: index.terms.join('\n'),
    arrays: Object.fromEntries(
      Object.entries(arrays).map(([name, a]) => [name, base64(a as ArrayBufferView)]),
    ) as Record<ArrayName, string>,
    exactTexts: texts.join('\n'),
    causes: [...index.causes.entries()].map(([t, ids]) => `${t}\t${ids.join(',')}`).join('\n'),
    exactIds: base64(Uint32Array.from(ids)),
    exactBounds: base64(Uint32Array.from(bounds)),
    exactCodes: base64(Uint32Array.from(texts.map((t) => index.codesOf(t)))),
    templates: [...index.templates.entries()].flatMap(([word, list]) =>
      list.map(({ id, template }) => [word, id, template.anchor, template.parts] as [string, number, string, string[]]),
    ),
  };
}

/** Reads an index back from its snapshot, without analysing the catalog. Throws when the snapshot is damaged. */
export function restoreIndex(snapshot: IndexSnapshot): SearchIndex {
  const a = snapshot.arrays;
  const arrays: IndexArrays = {
    df: new Uint32Array(bytes(a.df)),
    listOffsets: new Uint32Array(bytes(a.listOffsets)),
    listIds: new Uint32Array(bytes(a.listIds)),
    postStart: new Uint32Array(bytes(a.postStart)),
    postDoc: new Uint32Array(bytes(a.postDoc)),
    postField: new Uint8Array(bytes(a.postField)),
    postFreq: new Uint16Array(bytes(a.postFreq)),
    fieldDf: new Uint32Array(bytes(a.fieldDf)),
    fieldLength: new Uint16Array(bytes(a.fieldLength)),
    avgFieldLength: new Float64Array(bytes(a.avgFieldLength)),
  };
  const exactIds = new Uint32Array(bytes(snapshot.exactIds));
  const exactBounds = new Uint32Array(bytes(snapshot.exactBounds));
  const exactCounts = new Uint32Array(bytes(snapshot.exactCodes));
  // A damaged snapshot is refused here, not answered from: its arrays must fit one another (checked in O(1)).
  const termCount = arrays.df.length;
  const entries = (arrays.listOffsets.length - 1) / LISTS;
  const postings = arrays.postStart[termCount];
  const fits =
    arrays.postStart.length === termCount + 1 &&
    arrays.fieldDf.length === termCount * FIELDS &&
    [arrays.postDoc, arrays.postField, arrays.postFreq].every((p) => p.length === postings) &&
    Number.isInteger(entries) &&
    entries >= 0 &&
    arrays.listIds.length === arrays.listOffsets[arrays.listOffsets.length - 1] &&
    arrays.fieldLength.length === entries * FIELDS &&
    arrays.avgFieldLength.length === FIELDS &&
    exactIds.length === exactBounds[exactBounds.length - 1] &&
    exactCounts.length === exactBounds.length - 1;
  if (!fits) throw new Error('the index snapshot is damaged: its arrays do not fit together');
  // The maps below are built on first use: a code lookup, the most common question, needs none of them.
  const terms = once(() => snapshot.terms.split('\n'));
  const dictionary = once(() => {
    const map = new Map<string, number>();
    for (const [i, t] of terms().entries()) map.set(t, i);
    return map;
  });
  const templates = once(() => {
    const map = new Map<string, { id: number; template: Template }[]>();
    for (const [word, id, anchor, parts] of snapshot.templates) {
      const list = map.get(word) ?? [];
      list.push({ id, template: { anchor, parts } });
      map.set(word, list);
    }
    return map;
  });
  const exactAndCodes = once(() => {
    const exact = new Map<string, number[]>();
    const codes = new Map<string, number>();
    snapshot.exactTexts.split('\n').forEach((text, i) => {
      exact.set(text, Array.from(exactIds.subarray(exactBounds[i] ?? 0, exactBounds[i + 1] ?? 0)));
      codes.set(text, exactCounts[i] ?? 1);
    });
    return { exact, codes };
  });
  const causes = once(() => {
    const map = new Map<string, number[]>();
    for (const line of snapshot.causes ? snapshot.causes.split('\n') : []) {
      const tab = line.lastIndexOf('\t');
      map.set(
        line.slice(0, tab),
        line
          .slice(tab + 1)
          .split(',')
          .map(Number),
      );
    }
    return map;
  });
  return assemble(
    terms,
    dictionary,
    arrays,
    () => exactAndCodes().exact,
    causes,
    () => exactAndCodes().codes,
    templates,
  );
}

interface ArrayIndex extends SearchIndex {
  arrays: IndexArrays;
}

/** A value computed on first use. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

function assemble(
  terms: () => readonly string[],
  dictionary: () => Map<string, number>,
  arrays: IndexArrays,
  exact: () => ReadonlyMap<string, readonly number[]>,
  causes: () => ReadonlyMap<string, readonly number[]>,
  codes: () => ReadonlyMap<string, number>,
  templates: () => ReadonlyMap<string, readonly { id: number; template: Template }[]>,
): ArrayIndex {
  const { listOffsets, listIds, postStart, postDoc, postField, postFreq, fieldDf, fieldLength, avgFieldLength } =
    arrays;
  const entries = listOffsets.length > 0 ? (listOffsets.length - 1) / LISTS : 0;
  const list = (entry: number, which: number) => {
    const i = entry * LISTS + which;
    return listIds.subarray(listOffsets[i] ?? 0, listOffsets[i + 1] ?? 0);
  };
  // Scratch space for scoring, reused by every query (answers are synchronous).
  const scores = new Float64Array(entries);
  const matched = new Uint32Array(entries);
  const touched: number[] = [];
  let vocabulary: SearchableMap<number> | undefined;

  return {
    get terms() {
      return terms();
    },
    termId: (term) => dictionary().get(term),
    df: arrays.df,
    strong: (id) => list(id, STRONG),
    context: (id) => list(id, CONTEXT),
    weak: (id) => list(id, WEAK),
    own: (id, chinese) => list(id, chinese ? OWN_ZH : OWN),
    retrieve(query, limit) {
      touched.length = 0;
      const idf = new Float64Array(FIELDS);
      for (const q of query) {
        const start = postStart[q.term] ?? 0;
        const end = postStart[q.term + 1] ?? 0;
        if (start === end) continue;
        for (let f = 0; f < FIELDS; f++) {
          const matching = fieldDf[q.term * FIELDS + f] as number;
          idf[f] = q.weight * (FIELD_BOOST[f] ?? 1) * Math.log(1 + (entries - matching + 0.5) / (matching + 0.5));
        }
        const bit = 1 << (q.word & 31);
        for (let p = start; p < end; p++) {
          const doc = postDoc[p] as number;
          const field = postField[p] as number;
          const length = fieldLength[doc * FIELDS + field] as number;
          const freq = postFreq[p] as number;
          const tf =
            (freq * (BM25.k + 1)) / (freq + BM25.k * (1 - BM25.b + (BM25.b * length) / (avgFieldLength[field] || 1)));
          if (scores[doc] === 0 && matched[doc] === 0) touched.push(doc);
          scores[doc] = (scores[doc] as number) + (idf[field] as number) * (BM25.d + tf);
          matched[doc] = (matched[doc] as number) | bit;
        }
      }
      // The best `limit`, by score then position: kept sorted as they come, most documents rejected at a glance.
      const best: { id: number; score: number }[] = [];
      for (const id of touched) {
        const score = (scores[id] as number) * bits(matched[id] as number);
        scores[id] = 0;
        matched[id] = 0;
        const last = best[best.length - 1];
        if (best.length === limit && last && (score < last.score || (score === last.score && id > last.id))) continue;
        let at = best.length;
        while (at > 0) {
          const before = best[at - 1] as { id: number; score: number };
          if (before.score > score || (before.score === score && before.id < id)) break;
          at--;
        }
        best.splice(at, 0, { id, score });
        if (best.length > limit) best.pop();
      }
      return best;
    },
    fuzzy(word, distance) {
      // The radix tree of the vocabulary is built on the first misspelt word: most queries never need it.
      vocabulary ??= SearchableMap.from<number>(
        terms().flatMap((t, i): [string, number][] =>
          isGroupTerm(t) || (postStart[i + 1] ?? 0) === (postStart[i] ?? 0) ? [] : [[t, i]],
        ),
      );
      return [...vocabulary.fuzzyGet(word, distance).values()].map(([term, d]) => ({ term, distance: d }));
    },
    get exact() {
      return exact();
    },
    get causes() {
      return causes();
    },
    codesOf: (text) => codes().get(text) ?? 1,
    get templates() {
      return templates();
    },
    arrays,
  };
}

/**
 * The words the catalog writes as one (`keypair`, `username`, `backup`): where a text writes one as two words, the index
 * stores the one too, and a query's two words are searched as the one.
 */
function compoundsOf(catalog: Catalog): IsCompound {
  const words = new Set<string>();
  for (const e of catalog.entries) {
    for (const text of [...e.messages, e.cause ?? '', e.measure ?? '']) {
      for (const token of tokenize(text))
        if (token.length >= 5 && /^[a-z]+$/i.test(token)) words.add(token.toLowerCase());
    }
  }
  return (joined) => words.has(joined);
}

/**
 * An index restored or built only when first used: a code lookup (the most common question) needs none of it, so a
 * start that answers one never reads it.
 */
export function lazyIndex(load: () => SearchIndex): SearchIndex {
  let index: SearchIndex | undefined;
  const get = () => {
    index ??= load();
    return index;
  };
  return {
    get terms() {
      return get().terms;
    },
    termId: (term) => get().termId(term),
    get df() {
      return get().df;
    },
    strong: (id) => get().strong(id),
    context: (id) => get().context(id),
    weak: (id) => get().weak(id),
    own: (id, chinese) => get().own(id, chinese),
    retrieve: (query, limit) => get().retrieve(query, limit),
    fuzzy: (word, distance) => get().fuzzy(word, distance),
    get exact() {
      return get().exact;
    },
    get causes() {
      return get().causes;
    },
    codesOf: (text) => get().codesOf(text),
    get templates() {
      return get().templates;
    },
    // What `snapshotOf` reads: the arrays of the index underneath.
    get arrays() {
      return (get() as ArrayIndex).arrays;
    },
  } as ArrayIndex;
}

/** Number of bits set: how many distinct query words a document matched. */
function bits(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/** Whether a sorted id list holds `id`. */
export function holds(list: Uint32Array, id: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid] as number;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function sorted(set: Set<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

function packLists(lists: number[][]): { listOffsets: Uint32Array; listIds: Uint32Array } {
  const listOffsets = new Uint32Array(lists.length + 1);
  let total = 0;
  lists.forEach((l, i) => {
    listOffsets[i] = total;
    total += l.length;
  });
  listOffsets[lists.length] = total;
  const listIds = new Uint32Array(total);
  for (const [i, l] of lists.entries()) listIds.set(l, listOffsets[i] as number);
  return { listOffsets, listIds };
}

/** Templates are filed under the longest word of their anchor, so a query only tries those whose word it contains. */
function fileTemplate(into: Map<string, { id: number; template: Template }[]>, t: { id: number; template: Template }) {
  const key = longestWord(t.template.anchor);
  const list = into.get(key) ?? [];
  list.push(t);
  into.set(key, list);
}

/** The longest word of a folded text: the key templates are filed under. */
export function longestWord(text: string): string {
  return text.split(WORD_SPLIT).reduce((a, b) => (b.length > a.length ? b : a), '');
}

export const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/** The lead phrases of a measure's `phrase: what to do` lines, where every line is one (two lines at least). */
export function measurePhrases(measure: string | undefined): string[] {
  const lines = (measure ?? '').split('\n').filter((l) => l.trim() !== '');
  const phrases = lines.map((l) => /^([a-z][a-z ]{4,60}):\s/.exec(l.trim())?.[1]);
  return lines.length >= 2 && phrases.every((p) => !!p) ? (phrases as string[]) : [];
}

/** Index terms of a code: the separator-free code and its prefix, matching what queries produce. */
function codeTerms(code: string): string[] {
  const parts = parseCode(code);
  if (!parts) return [code.toLowerCase().replace(/[._-]/g, '')];
  const key = codeKey(parts).replace(/[._-]/g, '');
  return parts.prefix ? [key, parts.prefix.toLowerCase().replace(/[._-]/g, '')] : [key];
}
