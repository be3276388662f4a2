import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, whatever the working directory (the CLI is run from anywhere). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The catalog shipped with the package. */
export const DEFAULT_CATALOG_DIR = resolve(PACKAGE_ROOT, 'catalog');
