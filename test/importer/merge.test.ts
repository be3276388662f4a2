import { describe, expect, it } from 'vitest';
import type { PageInfo } from '../../src/catalog/schema.ts';
import type { PageRow } from '../../src/importer/layouts/index.ts';
import { buildServiceFile, emptyServiceFile, labelVariants, type PageImport } from '../../src/importer/merge.ts';
import { otcPageUrl } from '../../src/importer/sources.ts';

const row = (code: string, message: string, extra: Partial<PageRow> = {}): PageRow => ({
  status: 400,
  code,
  message,
  description: `${message} (cause)`,
  measure: 'Check the request.',
  line: 1,
  ...extra,
});
const page = (file: string, rows: PageRow[], info: Partial<PageInfo> = {}): PageImport => ({
  page: { file, lang: 'en', layout: 'rst-tables', ...info },
  rows: rows.map((r, i) => ({ ...r, line: r.line === 1 ? 10 + i : r.line })),
});
const build = (...pages: PageImport[]) => buildServiceFile(emptyServiceFile('vpc'), pages);

describe('building a service from its pages', () => {
  it('makes one entry of a code that every page publishes once, keeping each page as a source', () => {
    const { file } = build(
      page('a.txt', [row('VPC.0002', 'AZ name is null.')]),
      page('otc/b.rst', [row('VPC.0002', 'AZ name is empty.')], { cloud: 'otc' }),
    );
    expect(file.entries).toHaveLength(1);
    expect(file.entries[0]).toMatchObject({
      code: 'VPC.0002',
      message: 'AZ name is null.',
      sources: [
        { page: 'a.txt', row: 1 },
        { page: 'otc/b.rst', row: 1, message: 'AZ name is empty.' },
      ],
    });
    expect(file.entries[0]?.variant).toBeUndefined();
  });

  it('makes a variant of each distinct row of a code one page lists several times, labelled by its module', () => {
    const { file, report } = build(
      page('otc/vpc.rst', [
        row('VPC.0101', 'Invalid VPC parameter values.', { group: 'Creating a VPC' }),
        row('VPC.0101', 'getVpc error vpcId is invalid.', { group: 'Querying a VPC' }),
        row('VPC.0101', 'Delete router error xx is invalid.', {
          group: 'Deleting a VPC',
          status: 400,
          statuses: [400, 404],
        }),
      ]),
    );
    expect(file.entries.map((e) => [e.variant, e.status, e.message])).toEqual([
      ['Creating a VPC', 400, 'Invalid VPC parameter values.'],
      ['Querying a VPC', 400, 'getVpc error vpcId is invalid.'],
      ['Deleting a VPC', [400, 404], 'Delete router error xx is invalid.'],
    ]);
    expect(report.variants).toEqual(['VPC.0101']);
  });

  it('keeps rows that say the same under two modules as one entry with both rows as sources', () => {
    const { file } = build(
      page('otc/vpc.rst', [
        row('VPC.0115', 'The router name exists.', { group: 'Creating a VPC' }),
        row('VPC.0115', 'The router name exists.', { group: 'Updating a VPC' }),
      ]),
    );
    expect(file.entries).toHaveLength(1);
    expect(file.entries[0]?.sources.map((s) => s.row)).toEqual([1, 2]);
  });

  it('labels variants by status where no module tells them apart, and by message where neither does', () => {
    expect(labelVariants([row('M.1', 'Done.', { status: 200 }), row('M.1', 'Failed.', { status: 400 })])).toEqual([
      'HTTP 200',
      'HTTP 400',
    ]);
    expect(labelVariants([row('M.1', 'Quota exceeded.'), row('M.1', 'Name exists.')])).toEqual([
      'Quota exceeded.',
      'Name exists.',
    ]);
  });

  it("joins another page's row to the variant whose message it shares", () => {
    const { file } = build(
      page('otc/nat.rst', [
        row('VPC.2012', 'Subnet not found.', { group: 'Subnet' }),
        row('VPC.2012', 'Port not found.', { group: 'Port' }),
      ]),
      page('otc/nat-v2.rst', [row('VPC.2012', 'Port not found.')]),
    );
    expect(file.entries.map((e) => [e.variant, e.sources.map((s) => s.page)])).toEqual([
      ['Subnet', ['otc/nat.rst']],
      ['Port', ['otc/nat-v2.rst', 'otc/nat.rst']],
    ]);
  });

  it("ranks the vendor's own pages before the sister cloud's, and fills in English only the sister cloud has", () => {
    const seedZh: PageImport = {
      page: { file: 'ims.zh.md', lang: 'zh', layout: 'markdown-table' },
      rows: [
        { ...row('IMG.0155', 'The image is being used.'), description: '镜像正在使用。', measure: '请稍后重试。' },
      ],
    };
    const otc = page('otc/ims.rst', [row('IMG.0155', 'The image is in use.', { status: 409 })], { cloud: 'otc' });
    const { file, report } = build(otc, seedZh);
    expect(file.pages.map((p) => p.file)).toEqual(['ims.zh.md', 'otc/ims.rst']);
    expect(file.entries[0]).toMatchObject({
      status: 400,
      message: 'The image is being used.',
      cause: 'The image is in use. (cause)',
      cause_zh: '镜像正在使用。',
      sources: [{ page: 'ims.zh.md' }, { page: 'otc/ims.rst', status: 409, message: 'The image is in use.' }],
    });
    // The sister cloud may publish another status: recorded, not a conflict to resolve.
    expect(report.conflicts).toEqual([]);
  });

  it('takes the description as the message where a table has no message column', () => {
    const { file } = build(
      page('otc/waf.rst', [row('WAF.0001', '', { description: 'Invalid parameter.', status: undefined })]),
    );
    expect(file.entries[0]).toMatchObject({ code: 'WAF.0001', message: 'Invalid parameter.' });
    expect(file.entries[0]?.status).toBeUndefined();
  });

  it('gives the same file whatever order the pages come in', () => {
    const a = page('a.txt', [row('VPC.1', 'One.'), row('VPC.2', 'Two.')]);
    const b = page('otc/b.rst', [row('VPC.2', 'Two, again.'), row('VPC.3', 'Three.')], { cloud: 'otc' });
    const c = page('c.md', [row('VPC.1', '一。')], { lang: 'zh' });
    expect(build(a, b, c).file).toEqual(build(c, b, a).file);
  });

  it('keeps a curated local block on the variant it was written for', () => {
    const pages = [
      page('otc/vpc.rst', [
        row('VPC.0101', 'Invalid VPC parameter values.', { group: 'Creating a VPC' }),
        row('VPC.0101', 'getVpc error vpcId is invalid.', { group: 'Querying a VPC' }),
      ]),
    ];
    const first = build(...pages).file;
    const curated = {
      ...first,
      entries: first.entries.map((e) =>
        e.variant === 'Querying a VPC' ? { ...e, local: { notes: 'Check the ID.' } } : e,
      ),
    };
    const again = buildServiceFile(curated, pages).file;
    expect(again.entries.map((e) => e.local)).toEqual([undefined, { notes: 'Check the ID.' }]);
  });
});

describe("the sister cloud's page URLs", () => {
  const tsv = 'repo\tpath\tcommit\nvirtual-private-cloud\tapi-ref/source/appendix/error_codes.rst\tabc\n';
  it('are derived from SOURCES.tsv as the published documentation URL', () => {
    expect(otcPageUrl('otc/virtual-private-cloud--api-ref_source_appendix_error_codes.rst', tsv)).toBe(
      'https://docs.otc.t-systems.com/virtual-private-cloud/api-ref/appendix/error_codes.html',
    );
  });
  it('are never guessed for a page SOURCES.tsv does not list', () => {
    expect(otcPageUrl('otc/unknown--api-ref_source_error_codes.rst', tsv)).toBeUndefined();
  });
});
