import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOfCode, parseCode } from '../../src/catalog/codes.ts';
import { extract, MAX_INPUT } from '../../src/engine/extract.ts';
import { shippedEngine } from './shared.ts';

const engine = shippedEngine();
const known = (p: string) => engine.catalog.servicesOfPrefix(p).length > 0;

/** Time of one answer in milliseconds. */
function timed(text: string): number {
  const start = performance.now();
  engine.answer(text);
  return performance.now() - start;
}

describe('engine robustness', () => {
  // Budgets here are generous (CI machines vary); `npm run bench` reports the real figures.
  const hostile: [string, string][] = [
    ['1 MB of one line', 'x'.repeat(MAX_INPUT)],
    ['5,000 opening braces', '{'.repeat(5000)],
    ['deeply nested JSON', `${'{"error":'.repeat(20000)}"x"${'}'.repeat(20000)}`],
    ['1 MB of repeated keys without values', '"code":'.repeat(150_000)],
    ['1 MB of unclosed quotes after keys', '"message":"'.repeat(90_000)],
    ['1 MB of Slack link starts', '<http://'.repeat(130_000)],
    ['1 MB of code-like words', 'IMG.00 '.repeat(150_000)],
    ['1 MB of bracketed pseudo-codes', '[ab-123'.repeat(150_000)],
    ['1 MB of CJK', '备份不存在'.repeat(200_000)],
    ['binary junk', Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join('')],
  ];

  it.each(hostile)('answers %s without throwing, well within budget', (_name, text) => {
    expect(() => engine.answer(text)).not.toThrow();
    expect(timed(text)).toBeLessThan(250);
  });

  it('cuts input beyond 1 MB and says so', () => {
    const a = engine.answer(`${'x'.repeat(MAX_INPUT + 10)} IMG.0024`);
    expect(a.extracted.truncated).toBe(true);
    expect(a.matches).toEqual([]);
  });
});

describe('extractor properties', () => {
  it('never throws and never returns a code absent from its input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const ex = extract(text, known);
        const folded = text.toLowerCase();
        for (const c of ex.codes) expect(folded).toContain(c.code.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it('finds a catalog code wherever it is embedded in arbitrary text', () => {
    // Codes of a prefix and a number; word codes (`NoSuchKey`) are read from error-code keys, not from free text.
    const codes = engine.catalog.entries.filter((e) => parseCode(e.code)?.prefix).map((e) => e.code);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.string({ maxLength: 60 }),
        fc.string({ maxLength: 60 }),
        (code, before, after) => {
          const a = engine.answer(`${before} ${code} ${after}`);
          // By key: `common.0011` (EVS) and `Common.0011` (ECS) are one code, answered from its home service.
          expect(a.matches.map((m) => keyOfCode(m.code))).toContain(keyOfCode(code));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers any printable or unicode input without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 2000 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.json()),
        (text) => {
          engine.answer(text);
        },
      ),
      { numRuns: 400 },
    );
  });
});
