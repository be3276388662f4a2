import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLayout, LAYOUTS } from '../../../src/importer/layouts/index.ts';
import { rstText } from '../../../src/importer/layouts/rst-markup.ts';
import { parseRst } from '../../../src/importer/layouts/rst-parse.ts';
import { codeOf, rstTables, statusesOf } from '../../../src/importer/layouts/rst-tables.ts';
import { PAGES_DIR } from '../../helpers.ts';

/** A page from lines (a template literal would need escaping for every backslash and backtick). */
const page = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('the RST table parser', () => {
  it('cuts a grid table into rows by its borders, keeping multi-line cells and the line each row starts on', () => {
    const doc = parseRst(
      page(
        'Error Codes',
        '===========',
        '',
        '+-------------+------------------------+',
        '| Status Code | Error Message          |',
        '+=============+========================+',
        '| 400         | First paragraph.       |',
        '|             |                        |',
        '|             | -  one                 |',
        '|             | -  two                 |',
        '+-------------+------------------------+',
        '| 404         | Not found.             |',
        '+-------------+------------------------+',
      ),
    );
    expect(doc.title).toBe('Error Codes');
    expect(doc.tables).toHaveLength(1);
    const [table] = doc.tables;
    expect(table?.header).toEqual({ cells: ['Status Code', 'Error Message'], line: 5 });
    expect(table?.rows).toEqual([
      { cells: ['400', 'First paragraph.\n\n-  one\n-  two'], line: 7 },
      { cells: ['404', 'Not found.'], line: 12 },
    ]);
    expect(table?.problems).toEqual([]);
  });

  it('reads a simple table: its header, and a row continued on a line whose first column is blank', () => {
    const doc = parseRst(
      page(
        '=========== ========== ==================',
        'Status Code Error Code Error Message',
        '=========== ========== ==================',
        '400         DLI.0001   Parameter check',
        '                       errors occur.',
        '404         DLI.0023   No related resources were found.',
        '=========== ========== ==================',
      ),
    );
    expect(doc.tables[0]?.kind).toBe('simple');
    expect(doc.tables[0]?.header?.cells).toEqual(['Status Code', 'Error Code', 'Error Message']);
    expect(doc.tables[0]?.rows).toEqual([
      { cells: ['400', 'DLI.0001', 'Parameter check\nerrors occur.'], line: 4 },
      { cells: ['404', 'DLI.0023', 'No related resources were found.'], line: 6 },
    ]);
  });

  it('gives a table the caption of the `.. table::` directive it sits under, and finds tables inside list items', () => {
    const doc = parseRst(
      page(
        '.. table:: **Table 1** V3 error codes',
        '',
        '   +------------+',
        '   | Error Code |',
        '   +============+',
        '   | DBS.200001 |',
        '   +------------+',
        '',
        'A paragraph ends the directive.',
        '',
        '-  A list item holding a table:',
        '',
        '   +------------+',
        '   | Error Code |',
        '   +============+',
        '   | DBS.200002 |',
        '   +------------+',
      ),
    );
    expect(doc.tables.map((t) => [t.caption, t.rows[0]?.cells[0], t.rows[0]?.line])).toEqual([
      ['**Table 1** V3 error codes', 'DBS.200001', 6],
      [undefined, 'DBS.200002', 16],
    ]);
  });

  it('reads each row by its own borders when the column edges shift from row to row', () => {
    const doc = parseRst(
      page(
        '+------------+----------+',
        '| Error Code | Message  |',
        '+============+==========+',
        '| A.0001     | one      |',
        '+--------+--------------+',
        '| A.0002 | two          |',
        '+--------+--------------+',
        '| A.0003 | three        |',
        '| more   | lines        |',
        '+------------+----------+',
      ),
    );
    expect(doc.tables[0]?.rows.map((r) => r.cells)).toEqual([
      ['A.0001', 'one'],
      ['A.0002', 'two'],
      ['A.0003\nmore', 'three\nlines'],
    ]);
    expect(doc.tables[0]?.problems).toEqual([]);
  });

  it('does not take a table drawn inside a literal block for a table', () => {
    const doc = parseRst(
      page('.. code-block::', '', '   +------------+', '   | Error Code |', '   +============+', '', 'Done.'),
    );
    expect(doc.tables).toEqual([]);
  });

  it('reports a ragged row, a row off the left edge and a table left open, each with its line', () => {
    const doc = parseRst(
      page(
        '+------------+----------+',
        '| Error Code | Message  |',
        '+============+==========+',
        '| A.0001     | one      |',
        '| A.0001     | one more',
        '+------------+----------+',
        '  A.0002     | two      |',
        '+------------+----------+',
        '| A.0003     | three    |',
        '+------------+----------+',
        '| A.0004     | four     |',
      ),
    );
    const [table] = doc.tables;
    expect(table?.rows.map((r) => r.cells[0])).toEqual(['A.0003']);
    expect(table?.problems.map((p) => p.line)).toEqual([5, 7, 11]);
    expect(table?.problems[2]?.message).toMatch(/not closed/);
  });

  it('never throws, whatever the text', () => {
    const tableish = fc.stringMatching(/^[+|=\- a-z.\n`*:\\]{0,300}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), tableish), (text) => {
        parseRst(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('RST cell markup', () => {
  it('reduces strong, emphasis and literal text to their text', () => {
    expect(rstText('The **project id** value is *invalid* here.')).toBe('The project id value is invalid here.');
    expect(rstText('Characters ``=*<>\\,|/.`` are not allowed.')).toBe('Characters =*<>\\,|/. are not allowed.');
    expect(rstText("Reason: '``*``' is not in ['1', '2']")).toBe("Reason: '*' is not in ['1', '2']");
  });

  it('leaves stars and backticks that are not markup alone', () => {
    expect(rstText('interval * 2, 2*3*4 and a*b')).toBe('interval * 2, 2*3*4 and a*b');
    expect(rstText('Load balancer \\**\\* has protocol_port of \\***.')).toBe(
      'Load balancer *** has protocol_port of ***.',
    );
  });

  it('shows a cross-reference by its title and any other role by its text', () => {
    expect(rstText('For details, see :ref:`Constructing a Request <obs_04_0007>`.')).toBe(
      'For details, see Constructing a Request.',
    );
    expect(rstText('See :ref:`obs_04_0007`.')).toBe('See obs_04_0007.');
    expect(rstText("Special characters\\ :literal:`\\`~!@#$%^&*()-_=+\\\\|[{}];:',<.>/?`")).toBe(
      "Special characters`~!@#$%^&*()-_=+\\|[{}];:',<.>/?",
    );
  });

  it('writes a link as its text followed by its address in brackets', () => {
    expect(rstText('You can see `What Should I Do? <https://docs.example.com/faq.html>`__')).toBe(
      'You can see What Should I Do? (https://docs.example.com/faq.html)',
    );
    expect(rstText('See `<https://example.com>`_ or `the guide`_.')).toBe('See https://example.com or the guide.');
  });

  it('drops an escaped space and keeps the character after any other backslash', () => {
    expect(rstText('No data contained in topic\\ *%s*.')).toBe('No data contained in topic%s.');
    expect(rstText('an error code containing **ELB.**\\ *xxxx*')).toBe('an error code containing ELB.xxxx');
    expect(rstText('Check the **\\__system__server_id** value; the character \\`{}\\` is not allowed.')).toBe(
      'Check the __system__server_id value; the character `{}` is not allowed.',
    );
  });

  it('keeps a note\'s text as a line of its own starting with "Note: "', () => {
    const cell = [
      'Permission denied.',
      '',
      '.. note::',
      '',
      '   **xxx** indicates the fine-grained configuration item.',
    ].join('\n');
    expect(rstText(cell)).toBe('Permission denied.\nNote: xxx indicates the fine-grained configuration item.');
    expect(rstText('.. warning:: Data will be lost.')).toBe('Warning: Data will be lost.');
  });

  it('keeps one list item a line, bullets as "- " and numbers as published, and numbers "#." items', () => {
    const bullets = ['Correct URI examples:', '', '-  hdfs://example.com:8020/', '-  file:///tmp'].join('\n');
    expect(rstText(bullets)).toBe('Correct URI examples:\n- hdfs://example.com:8020/\n- file:///tmp');
    const wrapped = [
      '-  If error code APIG.xxxx is returned,',
      '   contact support.',
      '',
      '   View the log.',
      '-  Retry.',
    ];
    expect(rstText(wrapped.join('\n'))).toBe(
      '- If error code APIG.xxxx is returned, contact support. View the log.\n- Retry.',
    );
    expect(rstText('1. The group is used.\n\n2. The rule is used.')).toBe(
      '1. The group is used.\n2. The rule is used.',
    );
    expect(rstText('#. Log in.\n#. Click **Scale**.')).toBe('1. Log in.\n2. Click Scale.');
  });

  it('makes paragraphs lines and folds spaces within a line', () => {
    expect(rstText('Query security group failed: %s.\n\nor\n\nQuery  vpcId\nfor subnet failed.')).toBe(
      'Query security group failed: %s.\nor\nQuery vpcId for subnet failed.',
    );
  });

  it('leaves message placeholders as published', () => {
    const dollar = '$';
    for (const text of [
      'User {0} does not have the obs:object:PutObjectAcl permission.',
      `Parameter error: ${dollar}{parameterName}/${dollar}{parameterValue}`,
      'Metadata of version xxx not found.',
      'Invalid URI %s. URI must be null or valid.',
      'Invalid input for floating_ip_id: %(fip)s.',
      "Policy doesn't allow <x:x:x> to be performed",
    ]) {
      expect(rstText(text)).toBe(text);
    }
    // `\\` is an escaped backslash: the page means one.
    expect(rstText("Reason: \\\\'%(fip)s\\\\' is not a valid UUID.")).toBe(
      "Reason: \\'%(fip)s\\' is not a valid UUID.",
    );
  });

  it('reads a megabyte of unmatched markup in linear time', () => {
    for (const text of [
      '*a '.repeat(300_000),
      '`a '.repeat(300_000),
      ':ref:`a '.repeat(100_000),
      '\\'.repeat(900_000),
    ]) {
      const start = performance.now();
      rstText(text);
      expect(performance.now() - start).toBeLessThan(1000);
    }
  });

  it('never throws, whatever the cell', () => {
    const markupish = fc.stringMatching(/^[-*`:\\ <>_a-z.#0-9\n]{0,200}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), markupish), (text) => {
        rstText(text);
      }),
      { numRuns: 500 },
    );
  });
});

const OTC_DIR = join(PAGES_DIR, 'otc');
const otcPages = readdirSync(OTC_DIR)
  .filter((f) => f.endsWith('.rst'))
  .sort();
const otcText = (name: string) => readFileSync(join(OTC_DIR, `${name}.rst`), 'utf8');
const readOtc = (name: string) => rstTables.read(otcText(name));

/** INVENTORY.md's per-page row counts, from its summary table. */
function inventoryRows(): Map<string, number> {
  const inventory = readFileSync(join(OTC_DIR, 'INVENTORY.md'), 'utf8');
  const rows = new Map<string, number>();
  for (const m of inventory.matchAll(/^\| \d+ \| (\S+\.rst) \| \d+ \| (\d+) \|/gm)) rows.set(m[1] ?? '', Number(m[2]));
  return rows;
}

describe('rst-tables on the 66 sister-cloud pages', () => {
  const expected = inventoryRows();
  const read = new Map(otcPages.map((f) => [f, rstTables.read(readFileSync(join(OTC_DIR, f), 'utf8'))]));

  it('has every page INVENTORY counts, except geminidb-temp, which is not in the folder', () => {
    expect(otcPages).toHaveLength(66);
    expect([...expected.keys()].filter((f) => !otcPages.includes(f))).toEqual([
      'geminidb-temp--api-ref_source_appendixes_error_codes.rst',
    ]);
    expect(otcPages.filter((f) => !expected.has(f))).toEqual([]);
  });

  it.each(otcPages)('reads as many rows as INVENTORY counts, without problems, from %s', (file) => {
    const result = read.get(file);
    expect(result?.problems).toEqual([]);
    expect(result?.table.rows).toHaveLength(expected.get(file) ?? -1);
    expect(result?.table.title).toMatch(/Error Code/);
  });

  it('reads 8,810 rows and 7,325 distinct codes (exact spelling) besides the one "Others" fallback row', () => {
    const rows = [...read.values()].flatMap((r) => r.table.rows);
    expect(rows).toHaveLength(8810);
    const codes = new Set(rows.map((r) => r.code));
    expect(rows.filter((r) => r.code === 'Others')).toHaveLength(1);
    codes.delete('Others');
    expect(codes.size).toBe(7325);
    expect([...codes].filter((c) => /\s/.test(c))).toEqual([]);
  });

  it('reads all 66 pages well within a second', () => {
    const texts = otcPages.map((f) => readFileSync(join(OTC_DIR, f), 'utf8'));
    for (const text of texts) rstTables.read(text); // warm up
    const start = performance.now();
    for (const text of texts) rstTables.read(text);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

const rowAt = (name: string, line: number) => readOtc(name).table.rows.find((r) => r.line === line);
const rowsOf = (name: string, code: string) => readOtc(name).table.rows.filter((r) => r.code === code);

const P = {
  apiGateway: 'api-gateway--api-ref_source_appendix_error_codes',
  cdm: 'data-arts-studio--api-ref_source_appendix_error_codes_dataarts_migration_error_codes',
  cloudEye: 'cloud-eye--api-ref_source_common_parameters_error_codes',
  dcs: 'distributed-cache-service--api-ref_source_appendix_error_codes',
  dds: 'document-database-service--api-ref_source_appendix_error_code',
  ddm: 'distributed-database-middleware--api-ref_source_appendix_error_codes',
  directConnect: 'direct-connect--api-ref_source_public_parameters_error_codes',
  dli: 'data-lake-insight--api-ref_source_public_parameters_error_codes',
  dns: 'domain-name-service--api-ref_source_appendix_error_code',
  ecs: 'elastic-cloud-server--api-ref_source_appendix_error_codes',
  functionGraph: 'function-graph--api-ref_source_appendix_error_codes',
  ims: 'image-management-service--api-ref_source_error_codes',
  mrs: 'mapreduce-service--api-ref_source_appendix_error_code',
  natV2: 'nat-gateway--api-ref_source_common_parameters_error_code_description_v2.0',
  obs: 'object-storage-service--api-ref_source_error_codes',
  ocr: 'optical-character-recognition--api-ref_source_common_parameters_error_codes',
  rds: 'relational-database-service--api-ref_source_appendix_error_codes',
  tms: 'tag-management-service--api-ref_source_appendix_error_codes',
  ucs: 'ubiquitous-cloud-native-service--api-ref_source_appendix_error_codes',
  vbs: 'volume-backup-service--api-ref_source_appendix_error_codes',
  vpc: 'virtual-private-cloud--api-ref_source_appendix_error_codes',
  vpnClassic: 'virtual-private-network--api-ref_source_api_reference_classic_vpn_common_parameters_error_codes',
  vpnEnterprise: 'virtual-private-network--api-ref_source_api_reference_enterprise_edition_vpn_appendixes_error_codes',
  waf: 'web-application-firewall--api-ref_source_appendix_cloud_mode_error_code',
};

describe('rst-tables reads every column order by its header', () => {
  it('reads a plain Status Code | Error Codes | Error Message | Description | Solution row', () => {
    expect(rowAt(P.apiGateway, 13)).toEqual({
      status: 400,
      code: 'APIC.7211',
      message: 'Parameter value does not match the rules',
      description: 'Parameter value does not match the rules',
      measure: 'Modify the parameter value.',
      line: 13,
    });
  });

  it('leaves the measure empty where the table has no measure column (status, code, message, description)', () => {
    expect(rowsOf(P.functionGraph, 'FSS.0400')).toEqual([
      {
        status: 400,
        code: 'FSS.0400',
        message: 'Invalid parameter.',
        description: 'Invalid request parameters.',
        measure: '',
        line: 13,
        table: 'FunctionGraph error codes',
      },
    ]);
  });

  it('reads status, code and message only, keeping the leading zeros of a numeric code', () => {
    expect(rowsOf(P.mrs, '0171')).toEqual([
      {
        status: 400,
        code: '0171',
        message: 'Failed to collect job log details.',
        description: '',
        measure: '',
        line: 11,
      },
    ]);
  });

  it('reads status, code, description and measure, leaving the message empty (not copying the description)', () => {
    expect(rowsOf(P.directConnect, 'DC.0000')).toEqual([
      {
        status: 400,
        code: 'DC.0000',
        message: '',
        description: 'The request body is abnormal.',
        measure: 'Correct the parameter settings and send the request again.',
        line: 11,
      },
    ]);
  });

  it('reads status, code, message and measure (no description column)', () => {
    expect(rowsOf(P.vpnEnterprise, 'VPN.0005')).toEqual([
      {
        status: 500,
        code: 'VPN.0005',
        message: 'Service authentication failure',
        description: '',
        measure: 'Grant the permission for calling APIs.',
        line: 51,
        table: 'S2C VPN error codes',
      },
    ]);
  });

  it('reads Error Code | Response Code | Description tables (code first) with their captions', () => {
    expect(rowAt(P.rds, 21)).toEqual({
      status: 400,
      code: 'DBS.200001',
      message: '',
      description: 'Parameter error.',
      measure: '',
      line: 21,
      table: 'V3 error codes',
    });
    expect(rowAt(P.rds, 279)).toMatchObject({ code: 'RDS.0001', table: 'V1 error codes' });
    expect(rowAt(P.rds, 491)).toEqual({
      status: 400,
      code: 'badRequest',
      message: '',
      description: 'The server could not comply with the request since it is malformed or incorrect.',
      measure: '',
      line: 491,
      table: 'Trove error codes',
    });
  });

  it('reads Error Code | Status Code | Error Message | Description (code first, no measure)', () => {
    expect(rowAt(P.ucs, 85)).toEqual({
      status: 500,
      code: 'UCS.00020003',
      message: 'Failed to create certs.',
      description: 'Failed to create the certificate.',
      measure: '',
      line: 85,
      table: 'Error code description',
    });
  });

  it('reads the "Error" header as the message column (Error Code | Status Code | Error | Description | Solution)', () => {
    expect(rowsOf(P.cdm, 'Cdm.0000')).toEqual([
      {
        status: 400,
        code: 'Cdm.0000',
        message: 'System error.',
        description: 'A system error occurs.',
        measure: 'Contact customer service or technical support.',
        line: 35,
      },
    ]);
  });

  it('reads the Module-first VPC table, filling a blank Module cell down from the row above', () => {
    const cells = parseRst(otcText(P.vpc)).tables[0]?.rows.find((r) => r.line === 51)?.cells;
    expect(cells?.[0]).toBe('');
    expect(rowAt(P.vpc, 51)).toEqual({
      status: 409,
      code: 'VPC.0114',
      message: "Quota exceeded for resources: ['router'].",
      description: 'The number of VPCs has reached the maximum allowed limit specified by the quota.',
      measure: 'Clear VPC resources that no longer will be used or apply for expanding the VPC resource quota.',
      line: 51,
      group: 'Creating a VPC',
    });
  });

  it("reads VPC.0101's five rows, each with its own group", () => {
    expect(rowsOf(P.vpc, 'VPC.0101')).toEqual([
      {
        status: 400,
        code: 'VPC.0101',
        message: 'Invalid VPC parameter values.',
        description: 'VPC parameters are incorrect.',
        measure:
          'Check whether the parameter values are valid based on the returned error message and API reference document.',
        line: 49,
        group: 'Creating a VPC',
      },
      {
        status: 400,
        code: 'VPC.0101',
        message: 'getVpc error vpcId is invalid.',
        description: 'VPC parameters are incorrect.',
        measure: 'Ensure that the specified VPC ID is correct.',
        line: 55,
        group: 'Querying a VPC',
      },
      {
        status: 400,
        code: 'VPC.0101',
        message: 'Query vpc list error.',
        description: 'Failed to query the VPCs.',
        measure: 'Check whether the parameter values are valid based on the returned error message.',
        line: 61,
        group: 'Querying VPCs',
      },
      {
        status: 400,
        statuses: [400, 404],
        code: 'VPC.0101',
        message: 'Delete router error xx is invalid.',
        description: 'Invalid parameters.',
        measure: 'Check whether the parameter values are valid based on the returned error message.',
        line: 67,
        group: 'Deleting a VPC',
      },
      {
        status: 400,
        code: 'VPC.0101',
        message: 'Update router xx is invalid.',
        description: 'Invalid parameters.',
        measure: 'Check whether the parameter values are valid based on the returned error message.',
        line: 95,
        group: 'Updating a VPC',
      },
    ]);
  });

  it('reads the classic VPN table (Service | Error Code | HTTP Status Code | Description | Handling Measure)', () => {
    expect(rowAt(P.vpnClassic, 15)).toEqual({
      status: 500,
      code: 'VPC.1002',
      message: '',
      description: 'Internal server error.',
      measure: 'System exception. Try again later.',
      line: 15,
      group: 'VPN',
    });
  });

  it('reads Module | HTTP Status Code | Error Code | Error Code Description | Error Message | Measure', () => {
    expect(rowsOf(P.cloudEye, 'ces.0001')).toEqual([
      {
        status: 400,
        code: 'ces.0001',
        message: 'The content must be specified.',
        description: 'The request content cannot be empty.',
        measure: 'Specify the request content.',
        line: 47,
        group: 'API',
      },
    ]);
  });

  it('reads Module | HTTP Status Code | Error Code | Description | Error Message | Handling Measure', () => {
    expect(rowAt(P.natV2, 21)).toEqual({
      status: 400,
      code: 'VPC.0002',
      message: 'Available zone Name is null.',
      description: 'The AZ is left blank.',
      measure: 'Verify whether the availability_zone field in the request body for creating a subnet is empty.',
      line: 21,
      group: 'Public',
    });
  });

  it('reads Category | Error Code | … (no status column) and Module | Error Code | Description', () => {
    expect(rowsOf(P.ocr, 'AIS.0102')).toEqual([
      {
        status: undefined,
        code: 'AIS.0102',
        message: 'The image format is not supported.',
        description: 'The image format is not supported.',
        measure:
          'Check the image format. For details about the image format supported by each service, see "Constraints and Limitations" in the related API section.',
        line: 39,
        group: 'OCR',
      },
    ]);
    expect(rowAt(P.vbs, 13)).toEqual({
      status: undefined,
      code: 'VolumeBackup.0014',
      message: '',
      description: 'Failed to submit the task.',
      measure: '',
      line: 13,
      group: 'Shared',
    });
  });

  it('reads Error Code | Description, with no status, message or measure', () => {
    expect(rowAt(P.waf, 37)).toEqual({
      status: undefined,
      code: 'WAF.1001',
      message: '',
      description: 'Invalid request',
      measure: '',
      line: 37,
    });
  });

  it('reads a row of the simple "=== ===" table, with its caption', () => {
    expect(rowAt(P.dli, 44)).toEqual({
      status: 400,
      code: 'DLI.0001',
      message: 'Parameter check errors occur.',
      description: '',
      measure: '',
      line: 44,
      table: 'Error codes',
    });
  });
});

describe('rst-tables reads odd cells as the page means them', () => {
  it('keeps a bullet list in a cell, one item a line', () => {
    expect(rowsOf(P.cdm, 'Cdm.1010')).toEqual([
      {
        status: 400,
        code: 'Cdm.1010',
        message: 'Invalid URI %s. URI must be null or valid.',
        description: 'The URI is invalid.',
        measure: [
          'Specify a correct URI and try again. Correct URI examples:',
          '- hdfs://example.com:8020/',
          '- hdfs://example.com/',
          '- file:///',
          '- file:///tmp',
          '- file://localhost/tmp',
        ].join('\n'),
        line: 265,
      },
    ]);
  });

  it('keeps the text of a `.. note::` in a cell as a line starting "Note: "', () => {
    expect(rowsOf(P.ecs, 'Ecs.0001')).toEqual([
      {
        status: 400,
        code: 'Ecs.0001',
        message: 'Insufficient ECS quota. Contact customer service to increase quota.',
        description: 'The number of ECSs has reached the maximum allowed.',
        measure:
          'Apply for higher quotas of the corresponding resources based on the returned error message.\n' +
          'Note: When applying for increasing ECS resource quotas, you need to evaluate the number of ECSs, vCPUs, and memory capacity (RAM) required.',
        line: 24,
      },
    ]);
    expect(rowAt(P.dds, 262)).toEqual({
      status: 403,
      code: 'DBS.280063',
      message:
        'You do not have following permission to perform this operation: {0}. Contact the administrator to obtain permission.',
      description:
        'Permission denied. Contact the account administrator for authorization\n' +
        'Note: xxx indicates the fine-grained configuration item corresponding to an operation performed on the DDS DB instance.',
      measure:
        'Check whether the user group to which the current user belongs has the corresponding operation permission.',
      line: 262,
      table: 'Error code description',
    });
  });

  it('drops an escaped space (`topic\\ *%s*`)', () => {
    expect(rowAt(P.cdm, 367)).toEqual({
      status: 400,
      code: 'Cdm.1604',
      message: 'No data contained in topic%s.',
      description: 'No data exists in the topic.',
      measure: 'Locate the cause. Alternatively, change the topic and try again.',
      line: 367,
    });
  });

  it('shows a :ref: by its title', () => {
    expect(rowsOf(P.obs, 'VirtualHostDomainRequired')).toEqual([
      {
        status: 403,
        code: 'VirtualHostDomainRequired',
        message: 'Virtual hosting access domain name is not used.',
        description: '',
        measure: 'Use the virtual hosting access domain name. For details, see Constructing a Request.',
        line: 202,
        table: 'Error codes',
      },
    ]);
  });

  it('writes the `text <url>`__ link as text and address', () => {
    expect(rowAt(P.tms, 36)).toEqual({
      status: 404,
      code: 'APIGW.0101',
      message: 'The API does not exist or has not been published in the environment.',
      description: 'The API does not exist or has not been published in the environment.',
      measure:
        'You can see What Should I Do If "The API does not exist or has not been published in the environment." Is Displayed? ' +
        '(https://docs.otc.t-systems.com/api-gateway/umn/faqs/api_calling/what_should_i_do_if_the_api_does_not_exist_or_has_not_been_published_in_the_environment._is_displayed.html)',
      line: 36,
    });
  });

  it('reads ``-`` as no measure', () => {
    expect(rowsOf(P.ims, 'IMG.0083')).toEqual([
      {
        status: 400,
        code: 'IMG.0083',
        message: 'The image is a public image.',
        description: 'The image is a public image.',
        measure: '',
        line: 189,
        table: 'Error codes',
      },
    ]);
    expect(rowsOf(P.ddm, 'DBS.300005')[0]?.measure).toBe('');
  });

  it('reads a status with its reason phrase, and a cell naming several statuses', () => {
    expect(rowAt(P.obs, 70)).toEqual({
      status: 301,
      code: 'PermanentRedirect',
      message:
        'The requested bucket can be accessed only through the specified address. Send subsequent requests to the address.',
      description: '',
      measure: 'Send the request to the returned redirection address.',
      line: 70,
      table: 'Error codes',
    });
    expect(rowsOf(P.dns, 'DNS.0022')).toEqual([
      {
        status: 400,
        statuses: [400, 500],
        code: 'DNS.0022',
        message: 'An error occurred when the Cloud Eye service is called.',
        description: 'An error occurred when Cloud Eye is called.',
        measure: 'Retry the operation. If the error persists, contact customer service.',
        line: 70,
        table: 'Error codes',
      },
    ]);
  });

  it('reads word codes as published: NoSuchKey, badRequest beside BadRequest', () => {
    expect(rowsOf(P.obs, 'NoSuchKey')).toEqual([
      {
        status: 404,
        code: 'NoSuchKey',
        message: 'The specified key does not exist.',
        description: '',
        measure: 'Upload the object first.',
        line: 216,
        table: 'Error codes',
      },
    ]);
    expect(rowsOf(P.obs, 'BadRequest')).toHaveLength(1);
    expect(rowsOf(P.rds, 'badRequest')).toHaveLength(1);
  });

  it('joins the five code cells INVENTORY flags: DCS. 4855, DCS. 5094, two spaced OBS codes, and the OCR fallback', () => {
    expect(rowAt(P.dcs, 177)).toEqual({
      status: 400,
      code: 'DCS.4855',
      message: 'Master standby swap is not supported.',
      description: 'Master/standby switchover is not supported.',
      measure: 'Operation not allowed.',
      line: 177,
    });
    expect(rowAt(P.dcs, 515)).toMatchObject({ code: 'DCS.5094', message: 'Master standby swap failed.' });
    expect(rowAt(P.obs, 100)).toEqual({
      status: 400,
      code: 'IncorrectNumberOfFilesInPostRequest',
      message: 'Each POST request must contain one file to be uploaded.',
      description: '',
      measure: 'Carry a file to be uploaded.',
      line: 100,
      table: 'Error codes',
    });
    expect(rowAt(P.obs, 258)).toEqual({
      status: 414,
      code: 'Request-URITooLarge',
      message: 'The URI used in the request was too long.',
      description: '',
      measure: 'Shorten the URI length.',
      line: 258,
      table: 'Error codes',
    });
    expect(rowAt(P.ocr, 125)).toEqual({
      status: undefined,
      code: 'Others',
      message: '',
      description: '',
      measure: 'If other error codes cannot be rectified, contact technical support.',
      line: 125,
      group: 'Other',
    });
  });

  it('reads the OCR table row by row, list cells and all', () => {
    expect(rowsOf(P.ocr, 'APIG.0301')).toEqual([
      {
        status: undefined,
        code: 'APIG.0301',
        message: 'Incorrect IAM authentication information.',
        description: [
          'The IAM authentication information is incorrect.',
          '- decrypt token fail: The token fails to be parsed.',
          '- token expires: The token has expired.',
          '- x-auth-token not found: The x-auth-token parameter is not found.',
        ].join('\n'),
        measure: [
          '- If the token fails to be parsed, check the method for obtaining the token, whether the request body is correct, whether the token is correct, and whether the environment for obtaining the token is the same as the environment for calling the token.',
          '- If the token expires, obtain a new token that is valid permanently.',
          '- Check whether the spelling of X-Auth-Token in the request header is correct.',
        ].join('\n'),
        line: 114,
        group: 'APIG',
      },
    ]);
    expect(new Set(readOtc(P.ocr).table.rows.map((r) => r.group))).toEqual(
      new Set(['OCR', 'Platform', 'APIG', 'Other']),
    );
  });

  it(`keeps the placeholders {0}, ${'$'}{name}, xxx and %s in messages untouched`, () => {
    const messages = otcPages.flatMap((f) =>
      rstTables.read(readFileSync(join(OTC_DIR, f), 'utf8')).table.rows.map((r) => r.message),
    );
    const dollar = '$';
    expect(messages).toContain(`Parameter error: ${dollar}{parameterName}/${dollar}{parameterValue}`);
    expect(messages).toContain('The values of the request parameters ({0},{1}) are invalid.');
    expect(messages).toContain('Metadata of version xxx not found.');
    expect(messages).toContain('Failed to submit the job. Cause: %s.');
  });
});

describe('rst-tables status and code cells', () => {
  it('reads a status, a status with its reason, several statuses, and nothing from a cell that is no status', () => {
    expect(statusesOf('400')).toEqual([400]);
    expect(statusesOf('301 Moved Permanently')).toEqual([301]);
    expect(statusesOf('400/500')).toEqual([400, 500]);
    expect(statusesOf('404 / 500')).toEqual([404, 500]);
    expect(statusesOf('400/409/500')).toEqual([400, 409, 500]);
    expect(statusesOf('400\n404')).toBeUndefined();
    expect(statusesOf('Bad Request')).toBeUndefined();
  });

  it('keeps codes as published and joins only a code the page split with spaces', () => {
    for (const code of [
      '0171',
      'NoSuchKey',
      'badRequest',
      'Ecs.0114',
      'common.0011',
      'SVCSTG_AMS_4000001',
      'RMS.INTERNAL.ERROR',
    ]) {
      expect(codeOf(code)).toBe(code);
    }
    expect(codeOf('DCS. 4855')).toBe('DCS.4855');
    expect(codeOf('IncorrectNumberOfFilesInPost Request')).toBe('IncorrectNumberOfFilesInPostRequest');
    expect(codeOf('Request-URI Too Large')).toBe('Request-URITooLarge');
    expect(codeOf('A.0004 A.0005')).toBeUndefined();
    expect(codeOf('see below')).toBeUndefined();
    expect(codeOf('If other error codes cannot be rectified, contact technical support.')).toBeUndefined();
  });
});

describe('rst-tables detection', () => {
  const seedPages = readdirSync(PAGES_DIR).filter((f) => /\.(?:txt|md)$/.test(f));

  it('is picked for every RST page, and no other layout claims one', () => {
    for (const file of otcPages) {
      const text = readFileSync(join(OTC_DIR, file), 'utf8');
      expect(detectLayout(text)?.name, file).toBe('rst-tables');
      for (const layout of LAYOUTS.filter((l) => l !== rstTables)) expect(layout.detect(text), file).toBe(0);
    }
  });

  it('does not claim the pages of the other layouts', () => {
    expect(seedPages.length).toBeGreaterThanOrEqual(5);
    for (const file of seedPages) {
      const text = readFileSync(join(PAGES_DIR, file), 'utf8');
      expect(rstTables.detect(text), file).toBe(0);
      expect(detectLayout(text)?.name, file).not.toBe('rst-tables');
    }
  });

  it('does not claim an RST page whose tables name no error-code column', () => {
    const text = page(
      '+---------+-------------+',
      '| Element | Description |',
      '+=========+=============+',
      '| Code    | The code.   |',
      '+---------+-------------+',
    );
    expect(rstTables.detect(text)).toBe(0);
    expect(rstTables.read(text)).toEqual({ table: { rows: [], title: undefined }, problems: [] });
  });
});

describe('rst-tables on malformed pages', () => {
  const header = [
    '+-------------+------------+----------+',
    '| Status Code | Error Code | Message  |',
    '+=============+============+==========+',
  ];
  const border = '+-------------+------------+----------+';

  it('reports a ragged row, two rows run together and a missing bottom border by line, reading the rest', () => {
    const result = rstTables.read(
      page(
        ...header,
        '| 400         | A.0001     | one      |',
        border,
        '| 400         | A.0002     | two',
        '|             |            | more     |',
        border,
        '| 400         | A.0003     | three    |',
        '| 404         | A.0004     | four     |',
        border,
        '| 404/500     | A.0005     | --       |',
        border,
        '| 500         | A.0006     | six      |',
      ),
    );
    expect(result.table.rows).toEqual([
      { status: 400, code: 'A.0001', message: 'one', description: '', measure: '', line: 4 },
      { status: 404, statuses: [404, 500], code: 'A.0005', message: '', description: '', measure: '', line: 12 },
    ]);
    expect(result.problems.map((p) => p.line)).toEqual([6, 9, 14]);
    expect(result.problems[1]?.message).toMatch(/status/);
  });

  it('reports a row whose code cell is not a code, and a "-" code cell as a row without a code', () => {
    const result = rstTables.read(
      page(
        ...header,
        '| 400         | see below  | one      |',
        border,
        '| 400         | -          | two      |',
        border,
      ),
    );
    expect(result.table.rows).toEqual([]);
    expect(result.problems).toEqual([
      { line: 4, message: 'error-code cell is not an error code: "see below"' },
      { line: 6, message: 'table row has no error code' },
    ]);
  });

  it('never throws, whatever the page', () => {
    const gridish = fc
      .array(fc.constantFrom(...header, border, '| 400 | A.1 | x |', '|  | `*x* | - |', '', '.. table:: T', '   '), {
        maxLength: 30,
      })
      .map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), gridish), (text) => {
        rstTables.detect(text);
        rstTables.read(text);
      }),
      { numRuns: 500 },
    );
  });
});
