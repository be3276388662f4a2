import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { CatalogError } from '../../src/catalog/problems.ts';
import { runCli } from '../../src/cli/run.ts';
import { CATALOG_DIR, recordingIo, tempDir } from '../helpers.ts';

let cleanup = () => {};
afterEach(() => cleanup());

/** A catalog directory holding one file with the given text. */
function catalogWith(files: Record<string, string>): string {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp.dir, name), text);
  return tmp.dir;
}

const imetal = readFileSync(join(CATALOG_DIR, 'imetal.yaml'), 'utf8');
const check = async (dir: string) => {
  const io = recordingIo();
  const code = await runCli(['catalog', 'check', '--catalog', dir], { io, stdin: process.stdin, env: {} });
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('errcode catalog check', () => {
  it('passes the shipped catalog', async () => {
    const result = await check(CATALOG_DIR);
    expect(result.code).toBe(0);
    expect(result.out).toBe('catalog OK: 7,490 codes (8,607 entries) from 62 services');
  });

  it('points at the file and line of a YAML syntax error', async () => {
    const broken = imetal.replace('  - code: iMetal.0005\n', '  - code: iMetal.0005\n   bad: [unclosed\n');
    const dir = catalogWith({ 'imetal.yaml': broken });
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`imetal\\.yaml:${lineOf(broken, 'bad: [unclosed')}: YAML: `));
  });

  it('points at an unknown escalation value and lists the allowed ones', async () => {
    const broken = imetal.replace(/(code: iMetal\.0003\n(?:.*\n){4} {4}escalation:) none/, '$1 maybe');
    const dir = catalogWith({ 'imetal.yaml': broken });
    const { err } = await check(dir);
    expect(err).toContain(
      `imetal.yaml:${lineOf(broken, 'escalation: maybe')}: entries.2.escalation: must be one of required, suggested, none (got maybe)`,
    );
  });

  it('reports an empty required field and an unknown field', async () => {
    const broken = imetal
      .replace('message: Unauthorized', "message: ''")
      .replace('service: imetal', 'service: imetal\nowner: me');
    const { err } = await check(catalogWith({ 'imetal.yaml': broken }));
    expect(err).toContain(`imetal.yaml:${lineOf(broken, "message: ''")}: entries.2.message: must not be empty`);
    expect(err).toContain(`imetal.yaml:${lineOf(broken, 'owner: me')}: file: unknown field owner`);
  });

  it('accepts a code that another service publishes too: codes are not unique across services', async () => {
    const copy = imetal.replace('service: imetal', 'service: imetal2').replace('name: iMetal', 'name: Other iMetal');
    const { code, err } = await check(catalogWith({ 'imetal.yaml': imetal, 'imetal2.yaml': copy }));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('reports a true duplicate: the same code and variant twice in one service, with both lines', async () => {
    const entry = /( {2}- code: iMetal\.0002\n(?: {4}.*\n| {6}.*\n| {8}.*\n)+)/.exec(imetal)?.[1] ?? '';
    const twice = imetal.replace(entry, entry + entry);
    const { err } = await check(catalogWith({ 'imetal.yaml': twice }));
    const first = lineOf(twice, 'code: iMetal.0002');
    expect(err).toMatch(new RegExp(`imetal\\.yaml:\\d+: duplicate entry iMetal\\.0002 \\(also at line ${first}\\)`));
  });

  it('requires the entries of a code published with several meanings to be told apart by variant', async () => {
    const entry = /( {2}- code: iMetal\.0002\n(?: {4}.*\n| {6}.*\n| {8}.*\n)+)/.exec(imetal)?.[1] ?? '';
    const variant = entry.replace('code: iMetal.0002\n', 'code: iMetal.0002\n    variant: Creating a server\n');
    const { err } = await check(catalogWith({ 'imetal.yaml': imetal.replace(entry, entry + variant) }));
    expect(err).toMatch(
      /imetal\.yaml:\d+: iMetal\.0002 has several entries \(also at line \d+\): each needs its own variant/,
    );
    const both = imetal.replace(
      entry,
      entry.replace('code: iMetal.0002\n', 'code: iMetal.0002\n    variant: Deleting a server\n') + variant,
    );
    expect((await check(catalogWith({ 'imetal.yaml': both }))).err).toBe('');
  });

  it('reports a home prefix claimed by two services, and one the service does not publish', async () => {
    const iam = readFileSync(join(CATALOG_DIR, 'iam.yaml'), 'utf8').replace(
      'aliases: {}',
      'owns:\n  - iMetal\naliases: {}',
    );
    const own = imetal.replace('aliases: {}', 'owns:\n  - iMetal\naliases: {}');
    const { err } = await check(catalogWith({ 'imetal.yaml': own, 'iam.yaml': iam }));
    expect(err).toContain(
      `iam.yaml:${lineOf(iam, '  - iMetal')}: owns iMetal, which is not one of this service's prefixes`,
    );
    expect(err).toMatch(
      /imetal\.yaml:\d+: prefix iMetal is also owned by service iam|iam\.yaml:\d+: prefix iMetal is also owned by service imetal/,
    );
  });

  it('reports an alias declared by two services, or pointing at a prefix the service does not have', async () => {
    const iam = readFileSync(join(CATALOG_DIR, 'iam.yaml'), 'utf8').replace('aliases: {}', 'aliases:\n  IMX: IAM');
    const other = imetal.replace('aliases: {}', 'aliases:\n  IMX: IMG');
    const { err } = await check(catalogWith({ 'imetal.yaml': other, 'iam.yaml': iam }));
    expect(err).toContain(
      `imetal.yaml:${lineOf(other, 'IMX: IMG')}: alias IMX points at IMG, which is not one of this service's prefixes`,
    );
    expect(err).toMatch(/alias IMX is also declared by service/);
  });

  it('requires a status conflict between pages to be resolved in local.status', async () => {
    const ims = readFileSync(join(CATALOG_DIR, 'ims.yaml'), 'utf8');
    const unresolved = ims.replace(/ {4}local:\n {6}status: 403\n {6}reason: .*\n/, '');
    const { err } = await check(catalogWith({ 'ims.yaml': unresolved }));
    expect(err).toMatch(
      /ims\.yaml:\d+: IMG\.0026: the pages disagree on the status \(403 in ims-error-codes\.en\.txt, 400 in ims-error-codes\.zh\.md\)/,
    );
  });

  it('makes loadCatalog throw a CatalogError carrying every problem', () => {
    const dir = catalogWith({ 'imetal.yaml': imetal.replace('status: 401', 'status: 4O1') });
    expect(() => loadCatalog(dir)).toThrow(CatalogError);
    expect(() => loadCatalog(dir)).toThrow(
      /imetal\.yaml:\d+: entries\.2\.status: must be an HTTP status from 100 to 599/,
    );
  });
});
