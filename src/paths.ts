import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, whatever the working directory (the CLI is run from anywhere). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The catalog shipped with the package. */
export const DEFAULT_CATALOG_DIR = resolve(PACKAGE_ROOT, 'catalog');

/** The compiled catalog shipped with the package (written by the build: `errcode catalog snapshot`). */
export const SHIPPED_SNAPSHOT = resolve(PACKAGE_ROOT, 'dist', 'catalog.snapshot.json');
