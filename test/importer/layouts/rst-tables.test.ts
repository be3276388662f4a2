import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rstText } from '../../../src/importer/layouts/rst-markup.ts';
import { parseRst } from '../../../src/importer/layouts/rst-parse.ts';

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
