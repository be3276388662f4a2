import { describe, expect, it } from 'vitest';
import { defaultEngineOptions } from '../../src/engine/engine.ts';
import { type Candidate, type SearchOptions, searchWords, textOf } from '../../src/engine/search-words.ts';
import { phrasePairs } from '../../src/engine/text.ts';
import { entry, serviceFile, smallCatalog } from './shared.ts';

/** Six entries: every word below is used by one of them unless said otherwise. */
const { catalog, index } = smallCatalog([
  serviceFile('storage', 'Demo Storage (DS)', [
    entry('DS.0001', 'The snapshot quota has been exceeded.', {
      measure: 'Delete unused snapshots or raise the quota.',
    }),
    entry('DS.0002', 'The image is being exported.'),
    entry('DS.0003', 'The image cannot be exported.'),
    entry('DS.0004', 'The request body is too large.'),
  ]),
  serviceFile('image-search', 'Image Search (IS)', [entry('IS.2019', 'The instance does not exist.')]),
  serviceFile('ecs', 'Elastic Cloud Server (ECS)', [entry('Ecs.0114', 'The instance does not exist.')]),
]);
const N = catalog.size;
/** The information of a word found in one entry only. */
const RARE = Math.log(1 + N);

function search(query: string, opts: SearchOptions = defaultEngineOptions) {
  return searchWords(index, N, query, opts, (id) => phrasePairs(catalog.entry(id).message));
}

/** The candidates of a query by code. */
function candidates(query: string, opts?: SearchOptions): Record<string, Candidate> {
  return Object.fromEntries(search(query, opts).candidates.map((c) => [catalog.entry(c.id).code, c]));
}

describe('searchWords: what the words of a query carry', () => {
  it('counts words after stop words, those the catalog knows, and those of them that are not generic', () => {
    // the: a stop word; blorpt: unknown; request: known but generic.
    expect(search('the snapshot quota request blorpt').query).toEqual({
      words: 4,
      known: 3,
      telling: 2,
      chinese: false,
    });
    expect(search('备份不存在').query.chinese).toBe(true);
  });

  it('finds nothing for words the catalog never uses', () => {
    expect(search('lunch anyone')).toEqual({
      query: { words: 1, known: 0, telling: 0, chinese: false },
      candidates: [],
    });
  });
});

describe('searchWords: how each candidate is measured', () => {
  it("covers the query fully where the entry's own message has every word, each word worth its rarity", () => {
    expect(candidates('snapshot quota exceeded')['DS.0001']).toMatchObject({
      coverage: 1,
      covered: 3,
      precision: 1,
      mentions: 1,
      named: false,
    });
    expect(candidates('snapshot quota exceeded')['DS.0001']?.information).toBeCloseTo(3 * RARE, 10);
  });

  it('gives a word found only in the measure half its weight, and no telling credit', () => {
    // snapshot (message) and unused (measure only) are equally rare: (1 + 1/2) / 2.
    const c = candidates('unused snapshots')['DS.0001'];
    expect(c?.coverage).toBeCloseTo(0.75, 10);
    expect(c?.covered).toBe(1);
    expect(c?.information).toBeCloseTo(RARE, 10);
  });

  it('covers a word through a synonym, which is not a mention of it as written', () => {
    // limit is in the quota group; the entry says quota and exceeded, both of the group.
    const c = candidates('snapshot limit')['DS.0001'];
    expect(c).toMatchObject({ coverage: 1, covered: 2, mentions: 0.5 });
    // One synonym group accounts for one of the entry's words (quota), not for both (exceeded stays unaccounted).
    expect(c?.precision).toBeCloseTo(2 / 3, 10);
  });

  it("measures precision as the share of the entry's own message the query accounts for", () => {
    expect(candidates('exported image')['DS.0002']?.precision).toBe(1);
    expect(candidates('image')['DS.0002']?.precision).toBe(0.5);
  });

  it('tells "is being exported" from "cannot be exported" by word pairs as written', () => {
    const found = candidates('image is being exported');
    expect(found['DS.0002']).toMatchObject({ coverage: 1, precision: 1, phrase: 1, pairs: 3 });
    expect(found['DS.0003']).toMatchObject({ coverage: 1, precision: 1, phrase: 0, pairs: 0 });
  });

  it('never counts a generic word as telling, though it covers', () => {
    const c = candidates('request body too large')['DS.0004'];
    expect(c).toMatchObject({ coverage: 1, covered: 2 });
    expect(c?.information).toBeCloseTo(2 * RARE, 10);
  });

  it("credits the service's name as context: full coverage, half the information, named", () => {
    const found = candidates('image search instance does not exist');
    // image is also in DS.0002 and DS.0003: less rare than search.
    const imageIdf = Math.log(1 + N / 3);
    expect(found['IS.2019']).toMatchObject({ coverage: 1, covered: 2, named: true });
    expect(found['IS.2019']?.information).toBeCloseTo(2 * Math.log(1 + N / 2) + (imageIdf + RARE) / 2, 10);
    // ECS publishes the same message, but the query does not name it.
    expect(found['Ecs.0114']?.named).toBe(false);
    expect(found['Ecs.0114']?.coverage).toBeLessThan(0.5);
  });

  it('retrieves the entry of a misspelt word, but never counts the word as covered', () => {
    const found = candidates('exported snapshut');
    expect(search('exported snapshut').query).toMatchObject({ words: 2, known: 1 });
    expect(found['DS.0001']).toMatchObject({ coverage: 0, covered: 0, mentions: 0 });
    expect(found['DS.0002']?.coverage).toBe(1);
  });

  it('leaves text, code and service to the engine, which knows the entries', () => {
    expect(candidates('snapshot quota')['DS.0001']).toMatchObject({ text: '', code: '', service: '' });
  });
});

describe('searchWords: retrieval within a budget of postings', () => {
  // image: 6 postings (3 entries, and its synonym group in the same 3); exported: 2.
  it('gives up when even the rarest word would touch more than four budgets of postings', () => {
    expect(search('image', { retrievalBudget: 1, candidates: 30 }).candidates).toEqual([]);
    expect(search('image', { retrievalBudget: 1.5, candidates: 30 }).candidates).toHaveLength(3);
  });

  it('retrieves by the rarest words first, and leaves out those beyond the budget', () => {
    const codes = (opts?: SearchOptions) => Object.keys(candidates('exported image', opts)).sort();
    expect(codes({ retrievalBudget: 2, candidates: 30 })).toEqual(['DS.0002', 'DS.0003']);
    expect(codes()).toEqual(['DS.0002', 'DS.0003', 'IS.2019']);
  });

  it('keeps the best-scored candidates only', () => {
    expect(Object.keys(candidates('exported image', { retrievalBudget: 4000, candidates: 2 })).sort()).toEqual([
      'DS.0002',
      'DS.0003',
    ]);
  });
});

describe('textOf', () => {
  it('makes entries that publish one message one answer, whatever their case and closing punctuation', () => {
    expect(textOf('The instance does not exist.')).toBe(textOf('the instance  does not exist'));
  });
});
