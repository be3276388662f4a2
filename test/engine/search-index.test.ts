import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultEngineOptions } from '../../src/engine/engine.ts';
import {
  holds,
  longestWord,
  measurePhrases,
  type QueryTerm,
  restoreIndex,
  type SearchIndex,
  snapshotOf,
} from '../../src/engine/search-index.ts';
import { searchWords } from '../../src/engine/search-words.ts';
import { phrasePairs } from '../../src/engine/text.ts';
import { entry, serviceFile, smallCatalog } from './shared.ts';

/**
 * DS.0001 says everything an entry can: message, another cause, a measure, Chinese text. The image message is
 * published by DS.0002 in two services and by OT.0001 (three entries, two codes). OT.0002 is a template.
 */
const { catalog, index } = smallCatalog([
  serviceFile('storage', 'Demo Storage (DS)', [
    entry('DS.0001', 'The snapshot quota has been exceeded.', {
      cause: 'Too many snapshots were created.',
      measure: 'Delete unused snapshots or raise the quota.',
      cause_zh: '快照配额不足',
    }),
    entry('DS.0002', 'The image is being exported.'),
  ]),
  serviceFile('other', 'Other (OT)', [
    entry('DS.0002', 'The image is being exported.'),
    entry('OT.0001', 'The image is being exported.', {
      sources: [
        { page: 'page.txt', row: 1, line: 1 },
        { page: 'page.txt', row: 2, line: 2, message: 'Image export in progress.' },
      ],
    }),
    entry('OT.0002', 'Subnet %s not found.'),
  ]),
]);

const id = (term: string) => {
  const found = index.termId(term);
  if (found === undefined) throw new Error(`no term ${term}`);
  return found;
};
const terms = (ids: Uint32Array, of: SearchIndex = index) => [...ids].map((t) => of.terms[t]).sort();

describe('buildIndex: terms', () => {
  it('gives every term of the catalog one id', () => {
    expect(index.terms[id('snapshot')]).toBe('snapshot');
    expect(index.termId('blorpt')).toBeUndefined();
    expect(new Set(index.terms).size).toBe(index.terms.length);
  });

  it('counts in df the entries that use a term anywhere: message, service name or measure', () => {
    expect(index.df[id('snapshot')]).toBe(1);
    expect(index.df[id('imag')]).toBe(3);
    expect(index.df[id('storag')]).toBe(2); // the service's name, in both its entries
    expect(index.df[id('check')]).toBe(4); // "Check the request.", the measure of four entries
  });
});

describe('buildIndex: what each entry says', () => {
  const first = 0;

  it('keeps as strong what says what the error is: code, prefix, message, cause, Chinese text, synonym groups', () => {
    expect(terms(index.strong(first))).toEqual(
      [
        ...['ds0001', 'ds', 'snapshot', 'quota', 'exceed', '~quota'],
        ...['mani', 'creat', '~creat'],
        ...['快照', '照配', '配额', '额不', '不足'],
      ].sort(),
    );
  });

  it("keeps the service's name as context, and the measure's other words as weak", () => {
    expect(terms(index.context(first))).toEqual(['demo', 'storag']);
    expect(terms(index.weak(first))).toEqual(['delet', '~delet', 'unus', 'rais'].sort());
  });

  it('keeps its own wording for precision: the primary message, or for Chinese queries the Chinese cause', () => {
    expect(terms(index.own(first, false))).toEqual(['exceed', 'quota', 'snapshot']);
    expect(terms(index.own(first, true))).toEqual(['快照', '照配', '配额', '额不', '不足'].sort());
  });
});

describe('buildIndex: messages, causes and templates', () => {
  it('files every published wording, folded, under the entries that publish it', () => {
    expect(index.exact.get('the image is being exported')).toEqual([1, 2, 3]);
    expect(index.exact.get('image export in progress')).toEqual([3]);
    expect(index.exact.has('The image is being exported.')).toBe(false);
  });

  it('counts the distinct codes that publish a text (1 for a text it does not know)', () => {
    expect(index.codesOf('the image is being exported')).toBe(2);
    expect(index.codesOf('the snapshot quota has been exceeded')).toBe(1);
    expect(index.codesOf('never published')).toBe(1);
  });

  it('files causes that differ from the message, English and Chinese', () => {
    expect(index.causes.get('too many snapshots were created')).toEqual([0]);
    expect(index.causes.get('快照配额不足')).toEqual([0]);
    expect(index.causes.has('the image is being exported')).toBe(false);
  });

  it('files a template under the longest word of its longest literal run', () => {
    expect([...index.templates.entries()]).toEqual([
      ['found', [{ id: 4, template: { anchor: 'not found', parts: ['subnet ', ' not found'] } }]],
    ]);
  });
});

describe('buildIndex: retrieval', () => {
  const q = (term: string, word = 0, weight = 1): QueryTerm => ({ term: id(term), weight, word });
  const scoreOf = (query: QueryTerm[], entry: number) =>
    index.retrieve(query, 10).find((r) => r.id === entry)?.score ?? 0;

  it('scores the entries that have a term, best first, ties in catalog order', () => {
    const found = index.retrieve([q('export')], 10);
    // OT.0001 says "export" in both its wordings; the two DS.0002 say the same, once.
    expect(found.map((r) => r.id)).toEqual([3, 1, 2]);
    expect(found[1]?.score).toBe(found[2]?.score);
    expect(found.every((r) => r.score > 0)).toBe(true);
    expect(index.retrieve([q('export')], 2)).toEqual(found.slice(0, 2));
  });

  it('ranks a hit on the code above a hit on the message', () => {
    // ds0002 is DS.0002's code (both services); export is in the message of all three.
    expect(index.retrieve([q('ds0002', 0), q('export', 1)], 10).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(scoreOf([q('ds0002')], 1)).toBeGreaterThan(scoreOf([q('export')], 1));
  });

  it('scales a fuzzy term by its weight', () => {
    expect(scoreOf([q('snapshot', 0, 0.3)], 0)).toBeCloseTo(0.3 * scoreOf([q('snapshot')], 0), 10);
  });

  it('multiplies the score by the number of distinct query words an entry matched', () => {
    const two = scoreOf([q('imag', 0), q('export', 1)], 1);
    const one = scoreOf([q('imag', 0), q('export', 0)], 1);
    expect(two).toBeCloseTo(2 * one, 10);
  });

  it('forgets one query before the next (the scratch space is shared)', () => {
    const before = index.retrieve([q('snapshot')], 10);
    index.retrieve([q('imag'), q('export', 1)], 10);
    expect(index.retrieve([q('snapshot')], 10)).toEqual(before);
  });

  it('finds vocabulary terms within an edit distance, never a synonym group', () => {
    expect(index.fuzzy('snapshut', 1).map((f) => [index.terms[f.term], f.distance])).toEqual([['snapshot', 1]]);
    expect(index.fuzzy('quot', 1).map((f) => index.terms[f.term])).toEqual(['quota']);
    expect(index.fuzzy('creat', 1).map((f) => index.terms[f.term])).toEqual(['creat']);
    expect(index.fuzzy('snapxyz', 1)).toEqual([]);
  });
});

describe('restoreIndex: an index read back from its snapshot', () => {
  // Through JSON, as the snapshot file stores it.
  const restored = restoreIndex(JSON.parse(JSON.stringify(snapshotOf(index))));

  it('has the same terms, counts and lists for every entry', () => {
    expect(restored.terms).toEqual(index.terms);
    expect(restored.df).toEqual(index.df);
    for (let e = 0; e < catalog.size; e++) {
      for (const list of ['strong', 'context', 'weak'] as const) expect(restored[list](e)).toEqual(index[list](e));
      expect(restored.own(e, false)).toEqual(index.own(e, false));
      expect(restored.own(e, true)).toEqual(index.own(e, true));
    }
  });

  it('has the same messages, causes, code counts and templates', () => {
    expect([...restored.exact]).toEqual([...index.exact]);
    expect([...restored.causes]).toEqual([...index.causes]);
    expect([...restored.templates]).toEqual([...index.templates]);
    for (const text of index.exact.keys()) expect(restored.codesOf(text)).toBe(index.codesOf(text));
  });

  it('snapshots back to the very same snapshot', () => {
    expect(snapshotOf(restored)).toEqual(snapshotOf(index));
  });

  it('retrieves the same entries with the same scores for any set of query terms', () => {
    const vocabulary = index.terms.map((_, t) => t);
    fc.assert(
      fc.property(fc.subarray(vocabulary, { minLength: 1 }), fc.integer({ min: 1, max: 6 }), (chosen, limit) => {
        const query = chosen.map((term, word) => ({ term, weight: 1, word }));
        expect(restored.retrieve(query, limit)).toEqual(index.retrieve(query, limit));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    'snapshot quota exceeded',
    'too many snapshots',
    'image export',
    'snapshut limit',
    '快照配额',
    'subnet not found',
  ])('gives the words stage the same candidates for %j', (query) => {
    const run = (of: SearchIndex) =>
      searchWords(of, catalog.size, query, defaultEngineOptions, (e) => phrasePairs(catalog.entry(e).message));
    expect(run(restored)).toEqual(run(index));
  });

  it('finds the same misspelt words', () => {
    expect(restored.fuzzy('snapshut', 1)).toEqual(index.fuzzy('snapshut', 1));
  });
});

describe('search-index helpers', () => {
  it('tells whether a sorted id list holds an id, as a plain search would', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(1000)), fc.nat(1000), (ids, probe) => {
        const list = Uint32Array.from(ids.sort((a, b) => a - b));
        expect(holds(list, probe)).toBe(ids.includes(probe));
      }),
    );
  });

  it('reads the lead phrases of a measure written as `phrase: what to do` lines, two at least', () => {
    expect(
      measurePhrases('verify aksk signature fail: check the key.\ncalc aksk signature fail: shorten the body.'),
    ).toEqual(['verify aksk signature fail', 'calc aksk signature fail']);
    expect(measurePhrases('verify aksk signature fail: check the key.')).toEqual([]);
    expect(measurePhrases('verify aksk signature fail: check the key.\nOtherwise contact support.')).toEqual([]);
    expect(measurePhrases(undefined)).toEqual([]);
  });

  it('files by the longest word of a text', () => {
    expect(longestWord('subnet %s not found')).toBe('subnet');
    expect(longestWord('')).toBe('');
  });
});
