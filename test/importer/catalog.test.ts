import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServiceFile, stringifyServiceFile } from '../../src/catalog/file.ts';
import { catalogFiles } from '../../src/catalog/load.ts';
import { CURATED_SERVICE_FIELDS, type ServiceFile } from '../../src/catalog/schema.ts';
import { runCli } from '../../src/cli/run.ts';
import { emptyServiceFile } from '../../src/importer/merge.ts';
import { CATALOG_DIR, PAGES_DIR, recordingIo, tempDir } from '../helpers.ts';

const read = (path: string) => {
  const parsed = parseServiceFile(path, readFileSync(path, 'utf8'));
  if (!parsed.data) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.data;
};
const files = catalogFiles(CATALOG_DIR).map(read);
const service = (id: string) => files.find((f) => f.service === id) as ServiceFile;

/** The named fields of an object. */
function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Pick<T, K>;
}

/** A file with every curated field removed: what an import alone is responsible for. */
function imported(file: ServiceFile): unknown {
  const copy: Record<string, unknown> = { ...file, entries: file.entries.map(({ local: _local, ...rest }) => rest) };
  for (const field of CURATED_SERVICE_FIELDS) delete copy[field];
  return copy;
}

let cleanup = () => {};
afterEach(() => cleanup());

describe('the shipped catalog', () => {
  it("reproduces from its pages into an empty catalog, given each service's curated fields", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    symlinkSync(PAGES_DIR, join(tmp.dir, 'pages'));
    for (const committed of files) {
      // What the team curates is input to the build (an alias merges APIGW.0101 into APIG.0101): start from it alone.
      const curated = { ...emptyServiceFile(committed.service), ...pick(committed, CURATED_SERVICE_FIELDS) };
      writeFileSync(join(tmp.dir, `${committed.service}.yaml`), stringifyServiceFile(curated));
      for (const p of committed.pages) {
        const filters = [
          ...(p.only ? ['--only', p.only.join(',')] : []),
          ...(p.except ? ['--except', p.except.join(',')] : []),
        ];
        const io = recordingIo();
        const args = ['import', join(PAGES_DIR, p.file), '--service', committed.service, '--catalog', tmp.dir];
        const code = await runCli([...args, ...filters], { io, stdin: process.stdin, env: {} });
        expect(io.stderr, `${committed.service} ${p.file}`).toEqual([]);
        expect(code).toBe(0);
      }
      const rebuilt = read(join(tmp.dir, `${committed.service}.yaml`));
      expect(imported(rebuilt), committed.service).toEqual(imported(committed));
    }
  }, 120_000);

  it("keeps every published row: all 8,810 rows of the sister cloud's 66 pages, and every seed row", () => {
    const otcPages = new Set(files.flatMap((f) => f.pages.filter((p) => p.cloud === 'otc').map((p) => p.file)));
    const rows = new Set<string>();
    for (const f of files) {
      for (const e of f.entries) for (const src of e.sources) rows.add(`${src.page}#${src.row}`);
      if (f.fallback) rows.add(`${f.fallback.source.page}#${f.fallback.source.row}`);
    }
    const otcRows = [...rows].filter((r) => otcPages.has(r.replace(/#\d+$/, '')));
    // INVENTORY.md counts 9,009 rows over 67 pages; geminidb-temp (199 rows) is not among the 66 shipped.
    expect(otcPages.size).toBe(66);
    expect(otcRows).toHaveLength(8810);
    // The seeds: IMS 166 (English) + 199 (Chinese), Image Search 142 (with its "Others" rule), iMetal 23, IAM 114.
    expect(rows.size - otcRows.length).toBe(166 + 199 + 142 + 23 + 114);
  });

  it('holds 7,324 sister-cloud codes and 7,493 spellings in all, 313 of them published by both', () => {
    const fromOtc = new Set<string>();
    const fromSeeds = new Set<string>();
    for (const f of files) {
      const otc = new Set(f.pages.filter((p) => p.cloud === 'otc').map((p) => p.file));
      for (const e of f.entries) for (const src of e.sources) (otc.has(src.page) ? fromOtc : fromSeeds).add(e.code);
    }
    expect(files).toHaveLength(62);
    // The pages spell 7,325 codes; TMS's APIGW.0101 is API Gateway's APIG.0101 under its alias.
    expect(fromOtc.size).toBe(7324);
    // 7,490 codes once case is set aside: Common.0011/common.0011, BadRequest/badRequest, Unauthorized/unauthorized.
    expect(new Set([...fromOtc, ...fromSeeds]).size).toBe(7493);
    expect([...fromSeeds].filter((c) => fromOtc.has(c))).toHaveLength(313);
  });

  it('keeps each service whole, with the fallback rules its pages publish', () => {
    const count = (id: string, prefix?: string) =>
      service(id).entries.filter((e) => prefix === undefined || e.code.startsWith(`${prefix}.`)).length;
    expect(count('ims')).toBe(204);
    expect(count('image-search')).toBe(137); // its four APIG rows feed API Gateway
    expect(count('image-search', 'IS')).toBe(118);
    expect(count('image-search', 'ModelArts')).toBe(19);
    expect(count('iam', 'IAM')).toBe(98);
    expect(service('image-search').fallback).toMatchObject({
      measure: 'If other error codes are displayed, submit a service ticket.',
      escalation: 'required',
    });
    expect(service('ocr').fallback).toMatchObject({
      measure: 'If other error codes cannot be rectified, contact technical support.',
      escalation: 'required',
    });
  });

  it('makes API Gateway its own service, fed by the gateway page and the gateway rows of other pages', () => {
    const apig = service('apig');
    expect(apig.prefixes).toEqual(['APIC', 'APIG']);
    expect(apig.aliases).toEqual({ APIGW: 'APIG' });
    expect(apig.pages.map((p) => [p.file, p.only])).toEqual([
      ['image-search-error-codes.en.txt', ['APIG']],
      ['otc/api-gateway--api-ref_source_appendix_error_codes.rst', undefined],
      ['otc/optical-character-recognition--api-ref_source_common_parameters_error_codes.rst', ['APIG']],
      ['otc/tag-management-service--api-ref_source_appendix_error_codes.rst', ['APIGW']],
    ]);
    // TMS spells the gateway's code APIGW.0101: with the alias it is the same entry as APIG.0101.
    const e0101 = apig.entries.find((e) => e.code === 'APIG.0101');
    expect(e0101?.sources.map((s) => s.page)).toContain(
      'otc/tag-management-service--api-ref_source_appendix_error_codes.rst',
    );
  });

  it("keeps the seed pages primary where both clouds publish, with the sister cloud's wording as a further source", () => {
    const differs = (f: ServiceFile) =>
      f.entries.filter((e) => e.sources.some((s) => s.page.startsWith('otc/') && s.message)).map((e) => e.code);
    expect(differs(service('ims'))).toEqual(['IMG.0080', 'IMG.0089', 'IMG.0098']);
    expect(differs(service('iam'))).toEqual(['IAM.1037', 'IAM.1049', 'IAM.1052', 'IAM.1054', 'IAM.1055']);
    // English text only the sister cloud has, for the codes only the Chinese seed page describes.
    const filled = service('ims')
      .entries.filter((e) => e.cause && !e.sources.some((s) => s.page === 'ims-error-codes.en.txt'))
      .map((e) => e.code);
    expect(filled).toEqual([
      'IMG.0155',
      'IMG.0156',
      'IMG.0180',
      'IMG.0182',
      'IMG.0183',
      'IMG.0184',
      'IMG.0185',
      'IMG.0188',
      'IMG.0189',
      'IMG.0190',
      'IMG.0193',
    ]);
  });

  it('keeps every meaning of a code one page publishes several times, labelled', () => {
    expect(
      service('vpc')
        .entries.filter((e) => e.code === 'VPC.0101')
        .map((e) => e.variant),
    ).toEqual(['Creating a VPC', 'Querying a VPC', 'Querying VPCs', 'Deleting a VPC', 'Updating a VPC']);
    expect(
      service('modelarts')
        .entries.filter((e) => e.code === 'ModelArts.4902')
        .map((e) => [e.variant, e.status]),
    ).toEqual([
      ['HTTP 200', 200],
      ['HTTP 400', 400],
    ]);
  });

  it("links every sister-cloud page to where it is published, and never guesses a seed page's URL", () => {
    for (const f of files) {
      for (const p of f.pages) {
        if (p.cloud === 'otc')
          expect(p.url, p.file).toMatch(/^https:\/\/docs\.otc\.t-systems\.com\/[a-z-]+\/api-ref\/.+\.html$/);
        else expect(p.url, p.file).toBeUndefined();
      }
    }
  });
});
