import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

describe('the npm package', () => {
  // What `npm pack` (and so `npm install -g <tarball>`) ships; scripts off: dist/ is already built for the tests.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8' }),
  )[0] as { files: { path: string }[] };
  const files = packed.files.map((f) => f.path);

  it('ships the compiled code, the catalog, its compiled snapshot and the package files the CLI reads', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/cli/main.js',
        'dist/main.js',
        'dist/catalog.snapshot.json',
        'dist/catalog.snapshot.index.json',
      ]),
    );
    expect(files.filter((f) => /^catalog\/[^/]+\.yaml$/.test(f)).length).toBeGreaterThan(3);
  });

  it('ships no sources, tests, pages, scripts or lock file', () => {
    expect(
      files.filter(
        (f) =>
          !/^(dist\/.*\.js|dist\/catalog\.snapshot(?:\.index)?\.json|catalog\/[^/]+\.yaml|package\.json|README\.md|LICENSE)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
  });

  it('runs as the errcode command', () => {
    const pkg = JSON.parse(execFileSync('npm', ['pkg', 'get', 'bin', 'engines'], { cwd: ROOT, encoding: 'utf8' }));
    expect(pkg).toEqual({ bin: { errcode: 'dist/cli/main.js' }, engines: { node: '>=20' } });
  });
});
