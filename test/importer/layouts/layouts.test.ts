import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayout, type PageRow } from '../../../src/importer/layouts/index.ts';
import { joinContinuations } from '../../../src/importer/layouts/paragraph-cells.ts';
import { PAGES_DIR } from '../../helpers.ts';

const page = (name: string) => readFileSync(join(PAGES_DIR, name), 'utf8');
const rowsOf = (name: string) => {
  const text = page(name);
  const layout = detectLayout(text);
  if (!layout) throw new Error(`no layout for ${name}`);
  const { table, problems } = layout.read(text);
  return { layout: layout.name, rows: table.rows, problems, table };
};
const row = (rows: PageRow[], code: string) => rows.find((r) => r.code === code);

describe('layout detection', () => {
  it('recognises every seed page by its own layout', () => {
    expect(rowsOf('ims-error-codes.en.txt').layout).toBe('paragraph-cells');
    expect(rowsOf('image-search-error-codes.en.txt').layout).toBe('paragraph-cells');
    expect(rowsOf('ims-error-codes.zh.md').layout).toBe('markdown-table');
    expect(rowsOf('imetal-error-codes.en.txt').layout).toBe('cell-lines');
    expect(rowsOf('iam-error-codes.en.txt').layout).toBe('pipe-rows');
  });

  it('recognises nothing in prose', () => {
    expect(detectLayout('Error Codes\n\nSomething went wrong, sorry.\n')).toBeUndefined();
  });
});

describe('paragraph-cells (one cell per paragraph)', () => {
  const ims = rowsOf('ims-error-codes.en.txt');
  const search = rowsOf('image-search-error-codes.en.txt');

  it('reads every row of both pages without problems', () => {
    expect(ims.rows).toHaveLength(166);
    expect(ims.problems).toEqual([]);
    expect(search.rows).toHaveLength(142); // 141 codes and the "Others" fallback row
    expect(search.problems).toEqual([]);
  });

  it('reads a plain row cell by cell, with the line of its code', () => {
    expect(row(ims.rows, 'IMG.0024')).toEqual({
      status: 400,
      code: 'IMG.0024',
      message: 'The image type in the request is incorrect.',
      description: 'The image type in the request is incorrect.',
      measure: 'Select either BMS or ECS.',
      line: 271,
    });
  });

  it('keeps a bullet list that follows its lead-in paragraph in the same cell (IMG.0075)', () => {
    const measure = row(ims.rows, 'IMG.0075')?.measure ?? '';
    expect(measure.split('\n')[0]).toBe('Ensure that the image file name meets the following requirements:');
    expect(measure).toContain('• The name contains 1 to 128 characters.');
    expect(measure.split('\n')).toHaveLength(8);
    expect(row(ims.rows, 'IMG.0075')?.description).toBe('The file name contains invalid characters.');
  });

  it('joins numbered paragraphs into one cell and gives the rest to the measure (APIG.0301)', () => {
    const apig = row(search.rows, 'APIG.0301');
    expect(apig?.message.split('\n')).toEqual([
      '1. Incorrect IAM authentication information: Failed to decrypt the token. Check whether the entered token is complete.',
      '2. The validity period of a token is 24 hours. If the token expires, obtain a new token and pass it.',
      '3. The AK/SK authentication fails. Check whether the AK/SK is correct and whether the account is restricted due to arrears.',
    ]);
    expect(apig?.description).toBe(apig?.message);
    expect(apig?.measure.split('\n').map((l) => l.split(':')[0])).toEqual([
      'decrypt token fail',
      'token expires',
      'verify aksk signature fail',
    ]);
  });

  it('reads "-" as no handling measure', () => {
    expect(row(ims.rows, 'IMG.0083')?.measure).toBe('');
  });

  it('reads the closing "Others" row as a row of its own', () => {
    expect(row(search.rows, 'Others')).toMatchObject({
      status: 400,
      measure: 'If other error codes are displayed, submit a service ticket.',
    });
  });

  it('takes the update date from the page header', () => {
    expect(ims.table.updated).toBe('2024-03-01');
  });

  it('starts a new cell after a numbered list ends', () => {
    expect(joinContinuations(['1. a', '2. b', 'c', '1. d', '3. e'])).toEqual(['1. a\n2. b', 'c', '1. d', '3. e']);
  });
});

describe('markdown-table', () => {
  const zh = rowsOf('ims-error-codes.zh.md');

  it('reads all 199 rows', () => {
    expect(zh.rows).toHaveLength(199);
    expect(zh.problems).toEqual([]);
  });

  it('strips **bold** markup and non-breaking spaces from the English message', () => {
    expect(row(zh.rows, 'IMG.0011')?.message).toBe('forceCreate must be set to true.');
    expect(row(zh.rows, 'IMG.0141')?.message).toBe('The value of hw_firmware_type is not uefi or bios.');
  });

  it('keeps the Chinese description and measure as published', () => {
    expect(row(zh.rows, 'IMG.0020')).toMatchObject({
      description: '备份不存在。',
      measure: '请确认所使用备份是否存在。',
    });
  });

  it('strips <a name> anchors from the title', () => {
    expect(zh.table.title).toBe('错误码');
  });
});

describe('cell-lines (one cell per line ending in " |")', () => {
  const imetal = rowsOf('imetal-error-codes.en.txt');

  it('reads the 23 rows of its several tables and stops before the page footer', () => {
    expect(imetal.rows).toHaveLength(23);
    expect(imetal.problems).toEqual([]);
  });

  it('keeps message templates as published', () => {
    expect(row(imetal.rows, 'iMetal.0230')).toMatchObject({
      status: 404,
      message: 'Subnet not found: [{id}, ...]',
      description: 'The subnet does not exist.',
      measure: 'Check the subnet validity.',
    });
    expect(row(imetal.rows, 'iMetal.0001')?.message).toBe(
      'A request parameter contains invalid or unsupported value: %s',
    );
  });

  it('reports a row cut short with its line', () => {
    const { problems } = rowsOf('imetal-error-codes.en.txt');
    expect(problems).toEqual([]);
    const broken = page('imetal-error-codes.en.txt').replace('Too many requests |\n', '');
    const layout = detectLayout(broken);
    expect(layout?.read(broken).problems.length).toBeGreaterThan(0);
  });
});

describe('pipe-rows (one row per line)', () => {
  const iam = rowsOf('iam-error-codes.en.txt');

  it('reads 114 rows, bare numeric codes beside IAM.*', () => {
    expect(iam.rows).toHaveLength(114);
    expect(iam.rows.filter((r) => /^\d+$/.test(r.code))).toHaveLength(16);
  });

  it('keeps %(key)s and [input length] templates', () => {
    expect(row(iam.rows, 'IAM.1011')?.message).toBe('The length [input length] of the catalog exceeds 64 characters.');
    expect(row(iam.rows, 'IAM.0072')?.message).toBe("'%(key)s' is a required property.");
  });

  it('reads a bare numeric code row', () => {
    expect(row(iam.rows, '1101')).toMatchObject({
      status: 400,
      message: 'Invalid username.',
      measure: 'Check the username.',
    });
  });

  it('reports a row with the wrong number of cells by line', () => {
    const broken = page('iam-error-codes.en.txt').replace(
      '400 | 1101 | Invalid username. |',
      '400 | 1101 | Invalid | username. |',
    );
    const layout = detectLayout(broken);
    expect(layout?.read(broken).problems).toEqual([{ line: 5, message: 'row has 6 cells; expected 5' }]);
  });
});
