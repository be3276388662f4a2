import { describe, expect, it } from 'vitest';
import { type DecideOptions, type Decision, decide, rank } from '../../src/engine/decide.ts';
import { defaultEngineOptions } from '../../src/engine/engine.ts';
import type { Candidate, WordQuery } from '../../src/engine/search-words.ts';
import { named } from './shared.ts';

/**
 * The decide stage on hand-written tables of candidate statistics: no catalog, no index. Each row is what the words
 * stage would have measured; the expectation is what the engine stands behind. The thresholds are the engine's.
 */
const opts: DecideOptions = defaultEngineOptions;
/** A catalog of this size makes one unit of information (a word found in one entry only) ln(1 + 1000). */
const ENTRIES = 1000;
const unit = Math.log(1 + ENTRIES);

/** Constants decide.ts keeps to itself, as documented there. */
const PHRASE_LEAD = 0.5;
const MENTIONS_LEAD = 0.2;
const TIE_GAP = 0.85;

/** A query of four words, all of them known, three of them telling. */
const query: WordQuery = { words: 4, known: 4, telling: 3, chinese: false };

/** A candidate that would be a clear match on its own: full coverage in its own words, plenty of information. */
function candidate(code: string, stats: Partial<Candidate> = {}): Candidate {
  return {
    id: 0,
    text: `the text of ${code.toLowerCase()}`,
    code: code.toLowerCase(),
    service: 'demo',
    score: 10,
    coverage: 1,
    covered: 3,
    information: 2 * unit,
    precision: 1,
    phrase: 0,
    pairs: 0,
    mentions: 1,
    named: false,
    ...stats,
  };
}

interface Case {
  query?: Partial<WordQuery>;
  entryCount?: number;
  codesOf?: (text: string, within?: string) => number;
}

function decideOn(candidates: Candidate[], c: Case = {}): Decision {
  return decide({ ...query, ...c.query }, candidates, c.entryCount ?? ENTRIES, opts, c.codesOf);
}

const codes = (list: readonly Candidate[]) => list.map((c) => c.code.toUpperCase());
/** The codes a decision answers with, or its reason for answering none. */
const outcome = (d: Decision) => (d.matches.length ? codes(d.matches).sort().join(' ') : d.reason);

describe('decide: a clear winner', () => {
  it('answers the one candidate that covers the query in its own words', () => {
    const d = decideOn([candidate('A.0001')]);
    expect(d).toEqual({ matches: [candidate('A.0001')], suggestions: [] });
    expect(d.reason).toBeUndefined();
  });

  it('answers with every entry of the winning text and of the winning code, and suggests the rest', () => {
    const d = decideOn([
      candidate('A.0001', { id: 1, service: 'one' }),
      // The same message published under another code: one answer, which names both codes.
      candidate('B.0002', { id: 2, text: 'the text of a.0001', coverage: 0.99 }),
      // The same code in another service, with a wording of its own: still the same answer.
      candidate('A.0001', { id: 3, service: 'two', text: 'another wording', coverage: 0.98 }),
      candidate('C.0003', { id: 4, coverage: 0.6, precision: 0.5 }),
    ]);
    expect(d.matches.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(d.suggestions.map((c) => c.id)).toEqual([4]);
  });

  it('does not count an entry of the same text or code as a rival, however close it ranks', () => {
    const d = decideOn([
      candidate('A.0001', { id: 1, service: 'one' }),
      candidate('A.0001', { id: 2, service: 'two', text: 'a variant', precision: 0.99 }),
      candidate('B.0002', { id: 3, text: 'the text of a.0001', precision: 0.98 }),
    ]);
    expect(outcome(d)).toBe('A.0001 A.0001 B.0002');
  });

  it('has nothing to decide without candidates', () => {
    expect(decideOn([])).toEqual({ matches: [], suggestions: [], reason: 'no-candidates' });
  });

  it('ranks by coverage first, then by precision at 0.3 of its weight', () => {
    expect(rank({ coverage: 0.8, precision: 0.5 })).toBeCloseTo(0.95, 10);
    expect(rank({ coverage: 0.9, precision: 0 })).toBeGreaterThan(rank({ coverage: 0.8, precision: 0.3 }));
  });
});

describe('decide: each threshold at its edge', () => {
  // One candidate alone, so that only the threshold under test can refuse it. `covered: 3` keeps the strong-evidence
  // path (four telling words) out of the coverage rows, and a precision under half the clear-ahead path.
  it.each(
    named<{ name: string; stats: Partial<Candidate>; c?: Case; expected: string | undefined }>([
      { name: 'half the words known answers', stats: {}, c: { query: { words: 4, known: 2 } }, expected: 'A.0001' },
      {
        name: 'fewer than half the words known does not',
        stats: {},
        c: { query: { words: 3, known: 1 } },
        expected: 'too-few-known-words',
      },
      { name: `coverage at minCoverage (${opts.minCoverage}) answers`, stats: { coverage: 0.7 }, expected: 'A.0001' },
      {
        name: 'coverage just below minCoverage does not, when the entry is not clearly ahead',
        stats: { coverage: 0.699, precision: 0.49 },
        expected: 'low-coverage',
      },
      {
        name: 'two telling words answer when they are half of what the entry says',
        stats: { covered: 2, precision: 0.5 },
        expected: 'A.0001',
      },
      {
        name: 'two telling words do not when they are less than half of it',
        stats: { covered: 2, precision: 0.49 },
        expected: 'too-few-telling-words',
      },
      {
        name: 'three telling words answer whatever else the entry says',
        stats: { covered: 3, precision: 0.1 },
        expected: 'A.0001',
      },
      {
        name: 'one telling word never answers, however precise',
        stats: { covered: 1, precision: 1 },
        expected: 'too-few-telling-words',
      },
      {
        name: 'generic words alone ("request failed error") never answer',
        stats: { covered: 0, information: 0, precision: 1, coverage: 1 },
        expected: 'too-few-telling-words',
      },
      { name: 'information at minInformation answers', stats: { information: 0.9 * unit }, expected: 'A.0001' },
      {
        name: 'information just below minInformation does not',
        stats: { information: 0.89 * unit },
        expected: 'too-little-information',
      },
      {
        name: 'three word pairs as written add half a unit: enough',
        stats: { information: 0.5 * unit, pairs: 3 },
        expected: 'A.0001',
      },
      {
        name: 'two word pairs add a third of a unit: not enough',
        stats: { information: 0.5 * unit, pairs: 2 },
        expected: 'too-little-information',
      },
      {
        name: 'word pairs count up to four, however many there are',
        stats: { information: 0.2 * unit, pairs: 10 },
        expected: 'too-little-information',
      },
      {
        name: 'the same information is too little in a catalog ten times bigger',
        stats: { information: 0.9 * unit },
        c: { entryCount: ENTRIES * 10 },
        expected: 'too-little-information',
      },
      {
        name: `a text published by maxCodes (${opts.maxCodes}) codes answers`,
        stats: {},
        c: { codesOf: () => 3 },
        expected: 'A.0001',
      },
      {
        name: 'a text published by more codes does not',
        stats: {},
        c: { codesOf: () => 4 },
        expected: 'too-many-codes',
      },
      {
        name: 'a text published by many codes answers when the query names the service that has it once',
        stats: { named: true, service: 'demo' },
        c: { codesOf: (_text, within) => (within === 'demo' ? 1 : 5) },
        expected: 'A.0001',
      },
      {
        name: 'a service the query does not name does not narrow the count',
        stats: { named: false, service: 'demo' },
        c: { codesOf: (_text, within) => (within === 'demo' ? 1 : 5) },
        expected: 'too-many-codes',
      },
    ]),
  )('%s', (_name, { stats, c, expected }) => {
    expect(outcome(decideOn([candidate('A.0001', stats)], c))).toBe(expected);
  });

  it('counts codes within the service only where the query names it', () => {
    const asked: (string | undefined)[] = [];
    const codesOf = (text: string, within?: string) => {
      asked.push(`${text} in ${within ?? 'the catalog'}`);
      return 1;
    };
    decideOn([candidate('A.0001', { named: true, service: 'kms' })], { codesOf });
    decideOn([candidate('A.0001', { named: false, service: 'kms' })], { codesOf });
    expect(asked).toEqual(['the text of a.0001 in kms', 'the text of a.0001 in the catalog']);
  });
});

describe('decide: strong evidence makes up for lower coverage', () => {
  // A paraphrase says more than the message ("… when creating the CCE cluster"): four telling words covered and a
  // wide lead suffice at 0.55 coverage. Precision 0 keeps rank equal to coverage, so the lead is exact.
  const runnerUp = (coverage: number) => candidate('B.0002', { coverage, precision: 0 });
  it.each(
    named<{ name: string; top: Partial<Candidate>; runner?: number; expected: string }>([
      {
        name: 'four telling words at 0.55 coverage, alone, answer',
        top: { coverage: 0.55, covered: 4 },
        expected: 'A.0001',
      },
      {
        name: 'four telling words just below 0.55 coverage do not',
        top: { coverage: 0.549, covered: 4 },
        expected: 'low-coverage',
      },
      {
        name: 'three telling words at 0.6 coverage do not',
        top: { coverage: 0.6, covered: 3 },
        expected: 'low-coverage',
      },
      {
        name: 'a lead of strongLead (0.15) over the runner-up answers',
        top: { coverage: 0.6, covered: 4 },
        runner: 0.6 - 0.15,
        expected: 'A.0001',
      },
      {
        name: 'a lead just under strongLead does not',
        top: { coverage: 0.6, covered: 4 },
        runner: 0.6 - 0.149,
        expected: 'low-coverage',
      },
    ]),
  )('%s', (_name, { top, runner, expected }) => {
    const rows = [candidate('A.0001', { precision: 0, ...top }), ...(runner === undefined ? [] : [runnerUp(runner)])];
    expect(outcome(decideOn(rows))).toBe(expected);
  });
});

describe('decide: a lead over the runner-up', () => {
  // Coverage below 0.95 and precision 0 throughout: no tie can form, and rank is coverage exactly.
  const top = (stats: Partial<Candidate> = {}) => candidate('A.0001', { coverage: 0.8, precision: 0, ...stats });
  const runner = (stats: Partial<Candidate> = {}) => candidate('B.0002', { coverage: 0.8, precision: 0, ...stats });

  it.each(
    named<{ name: string; a: Partial<Candidate>; b: Partial<Candidate>; expected: string }>([
      { name: `a lead of minLead (${opts.minLead}) answers`, a: {}, b: { coverage: 0.8 - 0.04 }, expected: 'A.0001' },
      { name: 'a lead just under minLead does not', a: {}, b: { coverage: 0.8 - 0.039 }, expected: 'no-clear-lead' },
      { name: 'an even tie does not', a: {}, b: {}, expected: 'no-clear-lead' },
      {
        name: 'a lead in BM25 score alone does not',
        a: { score: 100 },
        b: { score: 1 },
        expected: 'no-clear-lead',
      },
      {
        name: `a near tie is led by phrasing ${PHRASE_LEAD} ahead ("is being exported" against "cannot be exported")`,
        a: { phrase: 0.75 },
        b: { phrase: 0.25 },
        expected: 'A.0001',
      },
      {
        name: 'phrasing just under that lead does not settle it ("the password is weak" against "weak password")',
        a: { phrase: 0.74 },
        b: { phrase: 0.25 },
        expected: 'no-clear-lead',
      },
      {
        name: 'phrasing 7 of 10 pairs against 2 of 10 is a lead of one half',
        a: { phrase: 7 / 10 },
        b: { phrase: 2 / 10 },
        expected: 'A.0001',
      },
      {
        name: 'phrasing orders near-tied candidates before a small lead in rank does',
        a: { coverage: 0.79, phrase: 0.75 },
        b: { coverage: 0.8, phrase: 0.25 },
        expected: 'A.0001',
      },
      {
        name: `where the runner-up misses a word, using ${MENTIONS_LEAD} more of the query as written leads`,
        a: { mentions: 1 },
        b: { mentions: 0.75 },
        expected: 'A.0001',
      },
      {
        name: 'using one more of five words as written is that lead',
        a: { mentions: 5 / 5 },
        b: { mentions: 4 / 5 },
        expected: 'A.0001',
      },
      {
        name: 'a lead of 0.19 in words as written is not',
        a: { mentions: 1 },
        b: { mentions: 0.8125 },
        expected: 'no-clear-lead',
      },
      {
        name: 'a mentions lead does not count where the runner-up phrases the query better',
        a: { mentions: 1, phrase: 0.25 },
        b: { mentions: 0.5, phrase: 0.5 },
        expected: 'no-clear-lead',
      },
      {
        name: 'a mentions lead does not count where the runner-up covers every word (through a synonym)',
        a: { coverage: 0.96, mentions: 1 },
        b: { coverage: 0.95, mentions: 0.5 },
        expected: 'no-clear-lead',
      },
    ]),
  )('%s', (_name, { a, b, expected }) => {
    expect(outcome(decideOn([runner(b), top(a)]))).toBe(expected);
  });

  it('puts the runner-up of an unclear lead first among the suggestions, after the top', () => {
    const d = decideOn([top(), runner({ coverage: 0.79 })]);
    expect(d.matches).toEqual([]);
    expect(codes(d.suggestions)).toEqual(['A.0001', 'B.0002']);
  });
});

describe('decide: ties answered together', () => {
  // Candidates that cover every word with most of their own wording, within 0.15 of the top: like a message several
  // codes publish, the answer names each.
  const tied = (code: string, precision: number, stats: Partial<Candidate> = {}) =>
    candidate(code, { coverage: 1, precision, ...stats });

  it.each(
    named<{ name: string; rows: Candidate[]; expected: string }>([
      {
        name: 'two codes that say it all answer together',
        rows: [tied('A.1', 0.8), tied('B.2', 0.7)],
        expected: 'A.1 B.2',
      },
      {
        name: `three codes (maxCodes) answer together`,
        rows: [tied('A.1', 0.8), tied('B.2', 0.75), tied('C.3', 0.7)],
        expected: 'A.1 B.2 C.3',
      },
      {
        name: 'four codes are too many for one answer',
        rows: [tied('A.1', 0.8), tied('B.2', 0.75), tied('C.3', 0.7), tied('D.4', 0.7)],
        expected: 'no-clear-lead',
      },
      {
        name: 'a candidate outside the tie at 0.85 coverage is too close: no answer',
        rows: [tied('A.1', 0.8), tied('B.2', 0.7), candidate('C.3', { coverage: TIE_GAP, precision: 0 })],
        expected: 'no-clear-lead',
      },
      {
        name: 'one just under 0.85 coverage leaves the tie standing',
        rows: [tied('A.1', 0.8), tied('B.2', 0.7), candidate('C.3', { coverage: 0.84, precision: 0 })],
        expected: 'A.1 B.2',
      },
      {
        name: 'a full-coverage candidate that says much else (precision under 0.6) is not in the tie, and spoils it',
        rows: [tied('A.1', 0.8), tied('B.2', 0.7), tied('C.3', 0.59)],
        expected: 'no-clear-lead',
      },
      {
        name: 'a tie of candidates that miss a word is no tie',
        rows: [tied('A.1', 0.8, { coverage: 0.94 }), tied('B.2', 0.7, { coverage: 0.94 })],
        expected: 'no-clear-lead',
      },
    ]),
  )('%s', (_name, { rows, expected }) => {
    expect(outcome(decideOn(rows))).toBe(expected);
  });

  it('still holds every answer of a tie to the other thresholds', () => {
    const rows = [tied('A.1', 0.8, { information: 0.5 * unit }), tied('B.2', 0.7, { information: 0.5 * unit })];
    expect(outcome(decideOn(rows))).toBe('too-little-information');
  });
});

describe('decide: suggestions', () => {
  it(`suggests candidates of at least minSuggestion (${opts.minSuggestion}) coverage, best first, at most ${opts.maxSuggestions}`, () => {
    const d = decideOn([
      candidate('A.1', { coverage: 0.6 }),
      candidate('B.2', { coverage: 0.55 }),
      candidate('C.3', { coverage: 0.5 }),
      candidate('D.4', { coverage: 0.5, precision: 0 }),
      candidate('E.5', { coverage: 0.49 }),
    ]);
    expect(d.reason).toBe('low-coverage');
    expect(codes(d.suggestions)).toEqual(['A.1', 'B.2', 'C.3']);
  });

  it('never suggests what it answers', () => {
    const d = decideOn([candidate('A.1'), candidate('B.2', { coverage: 0.6 })]);
    expect(codes(d.matches)).toEqual(['A.1']);
    expect(codes(d.suggestions)).toEqual(['B.2']);
  });
});

describe('decide: a question that says more than its message, with its entry clearly ahead', () => {
  // "subnet delete fails, some private IPs in it are still allocated": it covers little of itself, but the entry's own
  // wording is mostly accounted for, three telling words of real information, and nothing else comes close.
  const top = (stats: Partial<Candidate> = {}) =>
    candidate('A.0001', { coverage: 0.6, covered: 3, precision: 0.5, information: 1.2 * unit, ...stats });
  const rival = (stats: Partial<Candidate> = {}) =>
    candidate('B.0002', { id: 1, coverage: 0.5, covered: 2, precision: 0.5, information: 0.95 * unit, ...stats });

  it.each(
    named<{ name: string; top?: Partial<Candidate>; rival?: Partial<Candidate> | null; expected: string | undefined }>([
      { name: 'alone, at every threshold of the clear-ahead path, answers', rival: null, expected: 'A.0001' },
      { name: 'ahead by a tenth in rank and a quarter unit of information, answers', expected: 'A.0001' },
      {
        name: 'with less than half its wording accounted for, does not',
        top: { precision: 0.49 },
        rival: null,
        expected: 'low-coverage',
      },
      { name: 'with two telling words, does not', top: { covered: 2 }, rival: null, expected: 'low-coverage' },
      {
        name: 'with too little information, does not',
        top: { information: 1.19 * unit },
        rival: null,
        expected: 'low-coverage',
      },
      {
        name: 'when the runner-up is within a tenth in rank, does not',
        rival: { coverage: 0.51 },
        expected: 'low-coverage',
      },
      {
        name: 'when the runner-up carries nearly as much information, does not',
        rival: { information: 0.96 * unit },
        expected: 'low-coverage',
      },
    ]),
  )('%s', (_name, { top: t, rival: r, expected }) => {
    const candidates = r === null ? [top(t)] : [top(t), rival(r)];
    expect(outcome(decideOn(candidates))).toBe(expected);
  });
});
