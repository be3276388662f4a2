import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { type LabelledQuery, labelledQuerySchema } from '../src/engine/evaluate.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';

/** Where the labelled query sets live. */
export const FIXTURES_DIR = resolve(PACKAGE_ROOT, 'test/fixtures');
/** The labelled query set the engine is tuned on. */
export const QUERIES_FILE = resolve(FIXTURES_DIR, 'queries.yaml');

/** Reads and validates a labelled query set. */
export function loadQueries(file = QUERIES_FILE): LabelledQuery[] {
  return z.array(labelledQuerySchema).parse(parse(readFileSync(file, 'utf8')));
}
