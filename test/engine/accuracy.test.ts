import { describe, expect, it } from 'vitest';
import { loadQueries } from '../../scripts/queries.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import { shippedEngine } from './shared.ts';

describe('accuracy on the labelled query set (npm run eval prints the detail)', () => {
  const queries = loadQueries();
  const result = evaluate(shippedEngine(), queries);

  it('has at least 600 labelled queries, in every category the issues name', () => {
    expect(queries.length).toBeGreaterThanOrEqual(600);
    expect(result.categories.map((c) => c.category).sort()).toEqual(
      [
        'chinese',
        'code-forms',
        'gateway',
        'hosts',
        'negatives',
        'paraphrase-en',
        'pastes',
        'templates',
        'unknown-codes',
        'variants',
        'verbatim',
      ].sort(),
    );
  });

  it('is at least 97% right overall', () => {
    expect(result.overall.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it.each(result.categories.map((c) => [c.category, c] as const))('is at least 90% right on %s', (_name, c) => {
    expect(c.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('gives no answer at all to any negative', () => {
    expect(result.falseAnswers.wrong).toBe(0);
  });

  it('never answers a positive with the wrong code: when unsure it says nothing', () => {
    expect(result.wrongAnswers.wrong).toBe(0);
  });

  it('agrees with the hand-judged escalation wherever it answers', () => {
    expect(result.escalation.rate).toBe(1);
  });
});
