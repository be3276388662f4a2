/**
 * `npm run eval`: accuracy of the engine per category, on the labelled query set the engine is tuned on and on each
 * blind set (paraphrases written without looking at the engine; see each file's header for what it was used for).
 *
 *   npm run eval [-- <file.yaml> …]   only these sets
 *   npm run eval -- --misses          list every miss too
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.ts';
import { createEngine } from '../src/engine/engine.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { DEFAULT_CATALOG_DIR } from '../src/paths.ts';
import { FIXTURES_DIR, loadQueries, QUERIES_FILE } from './queries.ts';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const named = args.filter((a) => !a.startsWith('--'));
const files = named.length
  ? named
  : [
      QUERIES_FILE,
      ...readdirSync(FIXTURES_DIR)
        .filter((n) => /^blind-\d+\.yaml$/.test(n))
        .sort()
        .map((n) => join(FIXTURES_DIR, n)),
    ];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const engine = createEngine(loadCatalog(DEFAULT_CATALOG_DIR));

for (const file of files) {
  const queries = loadQueries(file);
  const result = evaluate(engine, queries);
  console.log(`errcode eval: ${file.replace(/^.*[\\/]/, '')}, ${queries.length} labelled queries\n`);
  console.log('category          queries  correct  top-1');
  for (const c of result.categories) {
    console.log(
      `${c.category.padEnd(18)}${String(c.total).padStart(7)}${String(c.correct).padStart(9)}  ${pct(c.accuracy).padStart(6)}`,
    );
  }
  console.log(
    `${'overall'.padEnd(18)}${String(result.overall.total).padStart(7)}${String(result.overall.correct).padStart(9)}  ${pct(result.overall.accuracy).padStart(6)}`,
  );
  console.log(
    `\nfalse answers on negatives: ${result.falseAnswers.wrong}/${result.falseAnswers.total} (${pct(result.falseAnswers.rate)})`,
  );
  console.log(
    `wrong answers on positives: ${result.wrongAnswers.wrong}/${result.wrongAnswers.total} (${pct(result.wrongAnswers.rate)}); every other miss is "no match"`,
  );
  if (result.escalation.total > 0) {
    console.log(
      `escalation agreement: ${result.escalation.agreed}/${result.escalation.total} (${pct(result.escalation.rate)})`,
    );
  }
  const misses = showMisses ? result.failures : result.failures.filter((f) => f.got);
  if (misses.length) {
    console.log(showMisses ? '\nmisses:' : '\nwrong answers (--misses lists every miss):');
    for (const f of misses) {
      console.log(
        `  [${f.category}] expected ${JSON.stringify(f.expected)}, got ${f.got ?? 'no match'}${f.note ? ` (${f.note})` : ''}: ${JSON.stringify(f.query).slice(0, 110)}`,
      );
    }
  }
  console.log('');
}
