import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TRACER = join(ROOT, 'test/fixtures/trace-imports.mjs');
const work = tempDir('errcode-lazy-');
afterAll(() => work.cleanup());

/** Slack and SQLite: what only the Slack app (and the store) may load. */
const HEAVY = /\/node_modules\/(@slack\/[a-z-]+|better-sqlite3|pino|express)\//;

let runs = 0;
/** Runs a compiled entry point as users do, and returns the packages it loaded through the module loader. */
function packagesLoaded(entry: string, args: string[], input = '', env: Record<string, string> = {}) {
  const trace = join(work.dir, `trace-${runs++}.txt`);
  const run = spawnSync(process.execPath, ['--import', TRACER, join(ROOT, entry), ...args], {
    cwd: work.dir,
    input,
    env: { PATH: process.env.PATH ?? '', HOME: work.dir, ERRCODE_TRACE_IMPORTS: trace, ...env },
    encoding: 'utf8',
  });
  const urls = readFileSync(trace, 'utf8').trim().split('\n');
  const packages = new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter(Boolean));
  return { status: run.status, stdout: run.stdout, urls, packages: [...packages].sort() };
}

describe('what each path loads', () => {
  it('the tracer sees a Slack import when one happens', () => {
    const trace = join(work.dir, 'control.txt');
    spawnSync(process.execPath, ['--import', TRACER, '--input-type=module', '-e', "await import('@slack/bolt')"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ERRCODE_TRACE_IMPORTS: trace },
    });
    expect(readFileSync(trace, 'utf8')).toMatch(HEAVY);
  });

  it.each([
    ['an answer', ['IMG.0024']],
    ['a ticket', ['ticket', 'IMG.0014']],
    ['the catalog check', ['catalog', 'check']],
    ['an import', ['import', join(ROOT, 'catalog/pages/ims-error-codes.en.txt'), '--service', 'ims', '--dry-run']],
  ])('the CLI loads neither Slack nor SQLite for %s', (_, args) => {
    const run = packagesLoaded('dist/cli/main.js', args);
    expect(run.status).toBe(0);
    expect(run.urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it.each([[['--help']], [['--version']], [['help', 'ticket']], [['import', '--help']]])(
    'the CLI loads no dependency at all for %j',
    (args) => {
      const run = packagesLoaded('dist/cli/main.js', args);
      expect(run.status).toBe(0);
      expect(run.packages).toEqual([]);
    },
  );

  it('npm start in console mode does not load Slack', () => {
    const run = packagesLoaded('dist/main.js', [], 'IMG.0024\n');
    expect(run.stdout).toContain('IMG.0024');
    expect(run.urls.filter((u) => /\/node_modules\/(@slack\/[a-z-]+|pino|express)\//.test(u))).toEqual([]);
  });
});
