import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.ts';

let version: string | undefined;

/** errcode's version, from its package.json (read once; no dependency loaded for it). */
export function packageVersion(): string {
  if (version === undefined) {
    const pkg: unknown = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    const v = typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
    version = typeof v === 'string' ? v : 'unknown';
  }
  return version;
}
