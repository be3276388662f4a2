/**
 * `npm run bench`: index build time, answer latency per query category (p50/p99) and memory, on the shipped catalog
 * and on a synthetic one of 50,000 entries; plus the worst case of hostile 1 MB inputs.
 */
import { readFileSync } from 'node:fs';
import { buildCatalog } from '../src/catalog/catalog.ts';
import { parseServiceFile } from '../src/catalog/file.ts';
import { catalogFiles } from '../src/catalog/load.ts';
import type { ServiceFile } from '../src/catalog/schema.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { MAX_INPUT } from '../src/engine/extract.ts';
import { DEFAULT_CATALOG_DIR } from '../src/paths.ts';
import { loadQueries } from './queries.ts';
import { syntheticServices } from './synthetic.ts';

const SYNTHETIC_SIZE = Number(process.env.BENCH_SYNTHETIC ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 55);
/** Rounds run before timing starts: the JIT settles first, as it has in a bot that has been up for a minute. */
const WARMUP_ROUNDS = 5;

const real: ServiceFile[] = catalogFiles(DEFAULT_CATALOG_DIR).map((path) => {
  const parsed = parseServiceFile(path, readFileSync(path, 'utf8'));
  if (!parsed.data) throw new Error(`${path} is invalid; run npm run check`);
  return parsed.data;
});
const queries = loadQueries();

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (x: number) => `${x.toFixed(3)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Median times of building the catalog model and of indexing it (what happens once at start). */
function buildTimed(files: ServiceFile[], runs: number): { engine: Engine; catalog: number; index: number } {
  const catalogTimes: number[] = [];
  const indexTimes: number[] = [];
  let engine: Engine | undefined;
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const start = performance.now();
    const catalog = buildCatalog(files);
    const built = performance.now();
    engine = createEngine(catalog);
    catalogTimes.push(built - start);
    indexTimes.push(performance.now() - built);
  }
  catalogTimes.sort((a, b) => a - b);
  indexTimes.sort((a, b) => a - b);
  return { engine: engine as Engine, catalog: percentile(catalogTimes, 50), index: percentile(indexTimes, 50) };
}

function latency(engine: Engine): void {
  // The builds before left garbage behind; collect it now so it is not billed to the answers.
  globalThis.gc?.();
  const byCategory = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of queries) {
      const start = performance.now();
      engine.answer(q.query);
      const took = performance.now() - start;
      if (round < WARMUP_ROUNDS) continue;
      const times = byCategory.get(q.category) ?? [];
      times.push(took);
      byCategory.set(q.category, times);
    }
  }
  const all: number[] = [];
  console.log('  category          p50         p99');
  for (const [category, times] of byCategory) {
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(
      `  ${category.padEnd(16)}${ms(percentile(times, 50)).padStart(10)}  ${ms(percentile(times, 99)).padStart(10)}`,
    );
  }
  all.sort((a, b) => a - b);
  console.log(`  ${'all'.padEnd(16)}${ms(percentile(all, 50)).padStart(10)}  ${ms(percentile(all, 99)).padStart(10)}`);
}

function memory(label: string, before: NodeJS.MemoryUsage): void {
  globalThis.gc?.();
  const now = process.memoryUsage();
  console.log(
    `  memory ${label}: rss ${mib(now.rss)}, heap used ${mib(now.heapUsed)} (${mib(now.heapUsed - before.heapUsed)} more than before loading)`,
  );
}

function baseline(): NodeJS.MemoryUsage {
  globalThis.gc?.();
  return process.memoryUsage();
}

const base = baseline();
console.log(
  `shipped catalog: ${real.reduce((n, f) => n + f.entries.length, 0)} entries, ${queries.length} labelled queries × ${ROUNDS - WARMUP_ROUNDS} rounds after ${WARMUP_ROUNDS} of warm-up`,
);
const shipped = buildTimed(real, 20);
console.log(`  index build: ${ms(shipped.index)} (median of 20; catalog model ${ms(shipped.catalog)} before it)`);
latency(shipped.engine);
memory('after build', base);

const hostile: [string, string][] = [
  ['1 MB single line', 'x'.repeat(MAX_INPUT)],
  ['5,000 "{"', '{'.repeat(5000)],
  ['nested JSON, 1 MB', `${'{"error":'.repeat(55_000)}"x"${'}'.repeat(55_000)}`.slice(0, MAX_INPUT)],
  ['1 MB repeated "code":', '"code":'.repeat(150_000)],
  [
    '1 MB of Go-SDK bodies',
    '{"error_code":"IMG.0024","error_msg":"The image type in the request is incorrect."}\n'.repeat(12_000),
  ],
  ['1 MB binary junk', Array.from({ length: MAX_INPUT }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join('')],
];
console.log('  hostile inputs (max of 5 runs):');
for (const [name, text] of hostile) {
  let worst = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    shipped.engine.answer(text);
    worst = Math.max(worst, performance.now() - start);
  }
  console.log(`    ${name.padEnd(24)}${ms(worst).padStart(12)}`);
}

if (SYNTHETIC_SIZE > 0) {
  const synthetic = [...real, ...syntheticServices(real, SYNTHETIC_SIZE - 482)];
  const before = baseline();
  console.log(
    `\nsynthetic catalog: ${synthetic.reduce((n, f) => n + f.entries.length, 0)} entries (the shipped ones included)`,
  );
  const big = buildTimed(synthetic, 3);
  console.log(`  index build: ${ms(big.index)} (median of 3; catalog model ${ms(big.catalog)} before it)`);
  latency(big.engine);
  memory('after build', before);
}
