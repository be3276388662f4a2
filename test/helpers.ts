import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Io } from '../src/cli/io.ts';

/** The shipped catalog and its pages. */
export const CATALOG_DIR = resolve(import.meta.dirname, '..', 'catalog');
export const PAGES_DIR = join(CATALOG_DIR, 'pages');

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'errcode-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An Io that records what the CLI printed. */
export function recordingIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}
