import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServiceFile, stringifyServiceFile } from '../../src/catalog/file.ts';
import { catalogFiles } from '../../src/catalog/load.ts';
import type { ServiceFile } from '../../src/catalog/schema.ts';
import { runCli } from '../../src/cli/run.ts';
import { importPage } from '../../src/importer/import.ts';
import { CATALOG_DIR, PAGES_DIR, recordingIo, tempDir } from '../helpers.ts';

const read = (path: string) => {
  const parsed = parseServiceFile(path, readFileSync(path, 'utf8'));
  if (!parsed.data) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.data;
};
const page = (name: string) => readFileSync(join(PAGES_DIR, name), 'utf8');
/** How the importer re-reads a service's other pages: from catalog/pages. */
const readPage = page;

const run = (args: string[]) => {
  const io = recordingIo();
  return runCli(args, { io, stdin: process.stdin, env: {} }).then((code) => ({ code, ...io }));
};

let cleanup = () => {};
afterEach(() => cleanup());

describe('catalog/pages', () => {
  const seeds = resolve(CATALOG_DIR, '../../shared/seeds');
  it.skipIf(!existsSync(seeds))('holds the published seed pages unchanged', () => {
    for (const name of readdirSync(seeds)) {
      expect(readFileSync(join(PAGES_DIR, name), 'utf8'), name).toBe(readFileSync(join(seeds, name), 'utf8'));
    }
  });
});

describe('errcode import', () => {
  it('is idempotent: importing a page again changes nothing and keeps local fields', () => {
    const committed = read(join(CATALOG_DIR, 'ims.yaml'));
    for (const name of ['ims-error-codes.zh.md', 'ims-error-codes.en.txt']) {
      const result = importPage({ pageFile: name, text: page(name), service: 'ims', readPage, existing: committed });
      expect(result.report?.added).toEqual([]);
      expect(result.report?.updated).toEqual([]);
      expect(stringifyServiceFile(result.file as ServiceFile)).toBe(stringifyServiceFile(committed));
    }
  });

  it('keeps a curated note and runbook when the page is imported again', () => {
    const committed = read(join(CATALOG_DIR, 'imetal.yaml'));
    const curated: ServiceFile = {
      ...committed,
      entries: committed.entries.map((e) =>
        e.code === 'iMetal.0201'
          ? { ...e, local: { notes: 'Usually a sold-out AZ.', runbook: 'https://wiki.example.com/imetal' } }
          : e,
      ),
    };
    const result = importPage({
      pageFile: 'imetal-error-codes.en.txt',
      text: page('imetal-error-codes.en.txt'),
      service: 'imetal',
      existing: curated,
      readPage,
    });
    expect(result.file?.entries.find((e) => e.code === 'iMetal.0201')?.local).toEqual({
      notes: 'Usually a sold-out AZ.',
      runbook: 'https://wiki.example.com/imetal',
    });
  });

  it('merges the English and Chinese IMS pages into 204 codes, keeping both wordings of a message', () => {
    const en = importPage({
      pageFile: 'ims-error-codes.en.txt',
      text: page('ims-error-codes.en.txt'),
      service: 'ims',
      readPage,
    });
    expect(en.file?.entries).toHaveLength(166);
    const both = importPage({
      pageFile: 'ims-error-codes.zh.md',
      text: page('ims-error-codes.zh.md'),
      service: 'ims',
      existing: en.file,
      readPage,
    });
    expect(both.file?.entries).toHaveLength(204);
    // Nine messages differ in the raw pages; three only by **bold** markup or non-breaking spaces, so six wordings differ.
    expect(both.report?.wordings).toEqual(['IMG.0039', 'IMG.0056', 'IMG.0057', 'IMG.0080', 'IMG.0100', 'IMG.0212']);
    const e56 = both.file?.entries.find((e) => e.code === 'IMG.0056');
    expect(e56?.message).toBe('Invalid OS version.');
    expect(e56?.sources[1]).toMatchObject({ page: 'ims-error-codes.zh.md', message: 'The OS type is invalid.' });
  });

  it('reports the IMG.0026 status conflict instead of picking a winner silently', () => {
    const en = importPage({
      pageFile: 'ims-error-codes.en.txt',
      text: page('ims-error-codes.en.txt'),
      service: 'ims',
      readPage,
    });
    const both = importPage({
      pageFile: 'ims-error-codes.zh.md',
      text: page('ims-error-codes.zh.md'),
      service: 'ims',
      existing: en.file,
      readPage,
    });
    expect(both.report?.conflicts).toEqual([
      {
        code: 'IMG.0026',
        field: 'status',
        values: { 'ims-error-codes.en.txt': 403, 'ims-error-codes.zh.md': 400 },
        resolvedAs: undefined,
      },
    ]);
  });

  it('gives the same file whichever IMS page is imported first', () => {
    const zh = importPage({
      pageFile: 'ims-error-codes.zh.md',
      text: page('ims-error-codes.zh.md'),
      service: 'ims',
      readPage,
    });
    const zhThenEn = importPage({
      pageFile: 'ims-error-codes.en.txt',
      text: page('ims-error-codes.en.txt'),
      service: 'ims',
      existing: zh.file,
      readPage,
    });
    const en = importPage({
      pageFile: 'ims-error-codes.en.txt',
      text: page('ims-error-codes.en.txt'),
      service: 'ims',
      readPage,
    });
    const enThenZh = importPage({
      pageFile: 'ims-error-codes.zh.md',
      text: page('ims-error-codes.zh.md'),
      service: 'ims',
      existing: en.file,
      readPage,
    });
    expect(zhThenEn.file).toEqual(enThenZh.file);
  });

  it('writes nothing when a page has unreadable rows, and names their lines', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const broken = join(tmp.dir, 'iam-broken.txt');
    writeFileSync(broken, page('iam-error-codes.en.txt').replace('400 | 1103 |', 'x00 | 1103 |'));
    const result = await run(['import', broken, '--service', 'iam', '--catalog', tmp.dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toContain('iam-broken.txt:7: 1103: status code missing or not a number');
    expect(catalogFiles(tmp.dir)).toEqual([]);
  });

  it('says which layouts exist when a page matches none', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const prose = join(tmp.dir, 'prose.txt');
    writeFileSync(prose, 'Nothing to see here.\n');
    const result = await run(['import', prose, '--service', 'x', '--catalog', tmp.dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toMatch(
      /prose\.txt: layout not recognised \(known: markdown-table, pipe-rows, cell-lines, paragraph-cells, rst-tables\)/,
    );
  });
});
