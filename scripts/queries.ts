import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { type LabelledQuery, labelledQuerySchema } from '../src/engine/evaluate.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';

/** The labelled query set shipped with the tests. */
export const QUERIES_FILE = resolve(PACKAGE_ROOT, 'test/fixtures/queries.yaml');

/** Reads and validates the labelled query set. */
export function loadQueries(file = QUERIES_FILE): LabelledQuery[] {
  return z.array(labelledQuerySchema).parse(parse(readFileSync(file, 'utf8')));
}
