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
    expect(result.out).toBe('catalog OK: 482 codes in 4 files (iam 114, image-search 141, imetal 23, ims 204)');
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

  it('reports a duplicate code across files with both places', async () => {
    const copy = imetal
      .replace('service: imetal', 'service: imetal2')
      .replace(/prefixes:\n {2}- iMetal/, 'prefixes:\n  - iMetalX');
    const dir = catalogWith({
      'imetal.yaml': imetal,
      'imetal2.yaml': copy.replace('code: iMetal.0001', 'code: iMetalX.0001'),
    });
    const { err } = await check(dir);
    expect(err).toMatch(/imetal2\.yaml:\d+: iMetal\.0002: prefix iMetal is not listed in prefixes/);
    expect(err).toMatch(/imetal2\.yaml:\d+: duplicate code iMetal\.0002 \(also iMetal\.0002 at .*imetal\.yaml:\d+\)/);
  });

  it('reports an alias that clashes with another service prefix', async () => {
    const iam = readFileSync(join(CATALOG_DIR, 'iam.yaml'), 'utf8').replace('aliases: {}', 'aliases:\n  iMetal: IAM');
    const { err } = await check(catalogWith({ 'imetal.yaml': imetal, 'iam.yaml': iam }));
    expect(err).toContain(
      `iam.yaml:${lineOf(iam, 'iMetal: IAM')}: alias iMetal clashes with a prefix of service imetal`,
    );
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
    expect(() => loadCatalog(dir)).toThrow(/imetal\.yaml:\d+: entries\.2\.status: Expected number, received string/);
  });
});
