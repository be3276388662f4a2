import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every file under `dir`. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

/** A source whose compiled file is missing or older than it, if any. */
function staleSource(): string | undefined {
  for (const source of walk(join(ROOT, 'src'))) {
    const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), source)).replace(/\.ts$/, '.js');
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) return source;
  }
  return undefined;
}

/**
 * Vitest global setup. Tests that spawn `errcode` or `npm start` run `dist/`, the compiled code users run; `npm test`
 * builds it first, and this rebuilds it (and its catalog snapshot) when a source changed since (a plain
 * `npx vitest run` during development).
 */
export default function setup(): void {
  if (!staleSource()) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  // The compiled catalog shipped in dist/ is keyed by the compiled code: write it again, as the build does.
  execFileSync(process.execPath, ['dist/cli/main.js', 'catalog', 'snapshot'], { cwd: ROOT, stdio: 'inherit' });
}
