import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
