import { describe, expect, it } from 'vitest';
import { isGenericHttp, lookUpMessage, messageFit, messageForms, summaryOf } from '../../src/engine/lookup-message.ts';
import { entry, serviceFile, smallCatalog } from './shared.ts';

const { catalog, index } = smallCatalog([
  serviceFile('demo', 'Demo', [
    entry('API.0001', 'The API does not exist.', { cause: 'No API matches the request path and method.' }),
    entry('IMG.0056', 'Invalid OS version.', {
      // A second page publishes the message in other words.
      sources: [
        { page: 'page.txt', row: 1, line: 1 },
        { page: 'page.txt', row: 2, line: 2, message: 'The OS type is invalid.' },
      ],
    }),
    entry('IAM.1011', 'The length %d of the catalog exceeds 64 characters.'),
    entry('NET.0230', 'Subnet not found: {id}'),
    entry('NET.0001', 'The %s does not exist.'),
    entry('NET.0002', 'The subnet %s does not exist.'),
    entry('GEN.0001', '%s failed.'),
    entry('GEN.0002', 'Invalid type %s'),
    entry('GEN.0003', 'Unauthorized.'),
    entry('IMG.0020', 'The backup does not exist.', { cause_zh: '备份不存在' }),
  ]),
]);

/** The codes of the entries a pasted message finds, and how, or undefined. */
function found(message: string): [string[], string] | undefined {
  const hit = lookUpMessage(index, message);
  return hit && [hit.ids.map((id) => catalog.entry(id).code), hit.kind];
}

describe('messageForms: what a pasted message is looked up as', () => {
  it.each([
    [
      'as pasted, folded (case, spacing, closing punctuation)',
      '  The API  does NOT exist. ',
      ['the api does not exist'],
    ],
    [
      'unwrapped from "the error message … is displayed"',
      'The error message "The API does not exist." is displayed.',
      ['the error message "the api does not exist." is displayed', 'the api does not exist'],
    ],
    [
      'unwrapped from error_msg:',
      'error_msg: The API does not exist.',
      ['error_msg: the api does not exist', 'the api does not exist'],
    ],
    ['unwrapped from 报错信息：“…”', '报错信息：“备份不存在”', ['报错信息："备份不存在"', '备份不存在']],
    [
      'with a tail naming what failed cut',
      'Incorrect IAM authentication information: identity:list_agencies',
      ['incorrect iam authentication information: identity:list_agencies', 'incorrect iam authentication information'],
    ],
    [
      'with a request id cut',
      'The API does not exist, request_id: 1b2c3d4e5f',
      ['the api does not exist, request_id: 1b2c3d4e5f', 'the api does not exist'],
    ],
    [
      'with a parenthesised detail cut',
      'The API does not exist (GET /v1/apis/abc)',
      ['the api does not exist (get /v1/apis/abc)', 'the api does not exist'],
    ],
    [
      'with up to three tails cut, one at a time',
      'The API does not exist: a: b: c: d',
      [
        'the api does not exist: a: b: c: d',
        'the api does not exist: a: b: c',
        'the api does not exist: a: b',
        'the api does not exist: a',
      ],
    ],
    ['never cut below eight characters', 'Failed: disk-01', ['failed: disk-01']],
  ])('gives the message %s', (_name, message, forms) => {
    expect(messageForms(message)).toEqual(forms);
  });
});

describe('summaryOf: the summary of a `summary: detail` message', () => {
  it.each<[string, string | undefined]>([
    ['Incorrect IAM authentication information: calc aksk signature fail', 'incorrect iam authentication information'],
    ['calc aksk signature fail:body too large', 'calc aksk signature fail'],
    ['Failure: something broke', undefined], // one word says nothing
    ['The API does not exist.', undefined],
  ])('of %j is %j', (message, summary) => {
    expect(summaryOf(message)).toBe(summary);
  });
});

describe('lookUpMessage: the entries that publish a pasted message', () => {
  it.each<[string, [string[], string] | undefined]>([
    ['The API does not exist.', [['API.0001'], 'message']],
    ['the api does NOT exist', [['API.0001'], 'message']],
    ['The error message "The API does not exist." is displayed.', [['API.0001'], 'message']],
    ['The API does not exist, request_id: 1b2c3d4e5f', [['API.0001'], 'message']],
    ['The OS type is invalid.', [['IMG.0056'], 'message']], // the second page's wording
    ['No API matches the request path and method.', [['API.0001'], 'message']], // its cause, where no message is
    ['备份不存在', [['IMG.0020'], 'message']], // its Chinese cause
    ['The length 70 of the catalog exceeds 64 characters.', [['IAM.1011'], 'template']],
    ['Subnet not found: subnet-1a2b', [['NET.0230'], 'template']],
    ["Subnet not found:'subnet-1a2b'", [['NET.0230'], 'template']], // spacing around values is not compared
    ['The subnet abc does not exist.', [['NET.0002'], 'template']], // the most specific template that fits
    ['The disk abc does not exist.', [['NET.0001'], 'template']],
    ['Invalid type abc', [['GEN.0002'], 'template']], // one telling word, most of the message
    ['Invalid type abcdefghijklmnopqrstuvwxyz0123456789', undefined], // …but not of this one
    ['Upload failed.', undefined], // "%s failed" says nothing a paste could be recognised by
    ['Unauthorized.', undefined], // published, but a bare reason phrase names no specific error
    ['The API does exist.', undefined],
  ])('%j → %j', (message, expected) => {
    expect(found(message)).toEqual(expected);
  });
});

describe('messageFit: how well a message fits an entry', () => {
  const id = (code: string) => catalog.entries.findIndex((e) => e.code === code);

  it('is 1 where the entry publishes the message', () => {
    const message = 'The backup does not exist.';
    expect(messageFit(index, id('IMG.0020'), message, lookUpMessage(index, message))).toBe(1);
  });

  it("is under 1 for the same words in other wording: 0.95 times the share of telling words the entry's text uses", () => {
    expect(messageFit(index, id('IMG.0020'), 'backup missing')).toBeCloseTo(0.95, 10); // missing: a synonym of exist
    expect(messageFit(index, id('IMG.0020'), 'backup policy')).toBeCloseTo(0.95 / 2, 10);
    expect(messageFit(index, id('API.0001'), 'backup policy')).toBe(0);
  });

  it('is 0 for a message of generic words only', () => {
    expect(messageFit(index, id('API.0001'), 'request failed with an error')).toBe(0);
  });
});

describe('isGenericHttp: a status line or reason phrase alone', () => {
  it.each([
    'Unauthorized',
    'HTTP/1.1 502 Bad Gateway',
    '500 Internal Server Error',
    'status: 404',
    'Too many requests.',
  ])('says nothing specific: %j', (text) => {
    expect(isGenericHttp(text)).toBe(true);
  });

  it.each([
    'The backup does not exist.',
    'Unauthorized access to the bucket',
    '403 Forbidden: bucket policy denies it',
  ])('is not: %j', (text) => {
    expect(isGenericHttp(text)).toBe(false);
  });
});
