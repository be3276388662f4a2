/** `npm run eval`: accuracy of the engine on the labelled query set, per category. */
import { loadCatalog } from '../src/catalog/load.ts';
import { createEngine } from '../src/engine/engine.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { DEFAULT_CATALOG_DIR } from '../src/paths.ts';
import { loadQueries } from './queries.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const queries = loadQueries();
const result = evaluate(createEngine(loadCatalog(DEFAULT_CATALOG_DIR)), queries);

console.log(`errcode eval: ${queries.length} labelled queries\n`);
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
console.log(
  `escalation agreement: ${result.escalation.agreed}/${result.escalation.total} (${pct(result.escalation.rate)})`,
);
if (result.failures.length) {
  console.log('\nmisses:');
  for (const f of result.failures) {
    console.log(
      `  [${f.category}] expected ${JSON.stringify(f.expected)}, got ${f.got ?? 'no match'}${f.note ? ` (${f.note})` : ''}: ${JSON.stringify(f.query).slice(0, 110)}`,
    );
  }
}
