import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { type CodeContext, type KnownCode, lookUpCode, type UnknownCode } from '../../src/engine/lookup-code.ts';
import { lookUpMessage, messageFit } from '../../src/engine/lookup-message.ts';
import { codesOf, entry, named, serviceFile, servicesOf, smallCatalog } from './shared.ts';

/**
 * APIG.0101 is published by three services: API Gateway, its home (`owns: [APIG]`), and FunctionGraph with the same
 * message; OCR with a message of its own. VPC publishes VPC.0101 with two meanings (variants). RDS and DDS both
 * publish DBS.0001 and neither owns the prefix. Image Search has a rule for codes it does not list.
 */
const { catalog, index } = smallCatalog([
  serviceFile(
    'apig',
    'API Gateway (APIG)',
    [entry('APIG.0101', 'The API does not exist.'), entry('APIG.0301', 'Incorrect IAM authentication information.')],
    { owns: ['APIG'], aliases: { APIGW: 'APIG' }, hosts: ['apig'] },
  ),
  serviceFile(
    'ocr',
    'Optical Character Recognition (OCR)',
    [
      entry('APIG.0101', 'The OCR service has not been subscribed to.'),
      entry('OCR.0001', 'The image size exceeds the limit.'),
    ],
    { hosts: ['ocr'] },
  ),
  serviceFile('functiongraph', 'FunctionGraph', [entry('APIG.0101', 'The API does not exist.')], {
    hosts: ['functiongraph'],
  }),
  serviceFile(
    'vpc',
    'Virtual Private Cloud (VPC)',
    [
      entry('VPC.0101', 'Failed to create the VPC because the CIDR block is invalid.', { variant: 'Creating a VPC' }),
      entry('VPC.0101', 'The VPC cannot be deleted because it still has subnets.', { variant: 'Deleting a VPC' }),
      entry('VPC.0012', 'The subnet does not exist.'),
    ],
    { hosts: ['vpc'] },
  ),
  serviceFile('rds', 'Relational Database Service (RDS)', [entry('DBS.0001', 'The DB instance is frozen.')]),
  serviceFile('dds', 'Document Database Service (DDS)', [entry('DBS.0001', 'The backup policy is being changed.')]),
  serviceFile('image-search', 'Image Search (IS)', [entry('IS.2019', 'The instance does not exist.')], {
    fallback: {
      measure: 'If other error codes are displayed, submit a service ticket.',
      escalation: 'required',
      source: { page: 'page.txt', row: 9, line: 9 },
    },
  }),
]);

/** What the engine gives the code stage: the paste's message and hosts, and how well a message fits an entry. */
function context(message?: string, hosts: string[] = [], text = ''): CodeContext {
  const exact = message ? lookUpMessage(index, message) : undefined;
  const named = catalog.servicesNamedIn(text);
  return { message, hosts, named, fit: (e, m) => messageFit(index, e.index, m, exact) };
}

function known(code: string, ctx = context()): KnownCode {
  const found = lookUpCode(catalog, code, ctx);
  if (found.kind !== 'known') throw new Error(`${code} is unknown`);
  return found;
}

function unknown(code: string): UnknownCode {
  const found = lookUpCode(catalog, code, context());
  if (found.kind !== 'unknown') throw new Error(`${code} is known`);
  return found;
}

describe('lookUpCode: a code the catalog publishes', () => {
  it.each(['OCR.0001', 'ocr.0001', 'OCR0001', 'ocr-0001', 'Ocr_0001'])('finds %s in any spelling', (code) => {
    const found = known(code);
    expect(found).toMatchObject({ input: code, narrowedBy: [], others: [] });
    expect(codesOf(found.entries)).toEqual(['OCR.0001']);
  });

  it("finds a code under its prefix's alias (APIGW.0301 is APIG.0301)", () => {
    expect(codesOf(known('APIGW.0301').entries)).toEqual(['APIG.0301']);
  });
});

describe('lookUpCode: a code several services publish is narrowed by message, then host, then home', () => {
  const OCR_MESSAGE = 'The OCR service has not been subscribed to.';
  it.each(
    named<{ name: string; message?: string; hosts?: string[]; service: string; by: string[]; host?: string }>([
      { name: 'nothing else: the home', service: 'apig', by: ['home'] },
      { name: "OCR's own message", message: OCR_MESSAGE, service: 'ocr', by: ['message'] },
      {
        name: "OCR's own message, though the host is API Gateway's",
        message: OCR_MESSAGE,
        hosts: ['apig'],
        service: 'ocr',
        by: ['message'],
      },
      {
        name: 'a message two services publish: the home of those two',
        message: 'The API does not exist.',
        service: 'apig',
        by: ['message', 'home'],
      },
      {
        name: 'a message two services publish, and the host of one',
        message: 'The API does not exist.',
        hosts: ['functiongraph'],
        service: 'functiongraph',
        by: ['message', 'host'],
        host: 'functiongraph',
      },
      { name: "OCR's host alone", hosts: ['ocr'], service: 'ocr', by: ['host'], host: 'ocr' },
      {
        name: 'the first host that decides (no service here has ecs)',
        hosts: ['ecs', 'ocr', 'apig'],
        service: 'ocr',
        by: ['host'],
        host: 'ocr',
      },
      {
        name: 'a message no entry of the code fits: the home',
        message: 'Something else entirely went wrong.',
        service: 'apig',
        by: ['home'],
      },
    ]),
  )('%s', (_name, { message, hosts, service, by, host }) => {
    const found = known('APIG.0101', context(message, hosts));
    expect(servicesOf(found.entries)).toEqual([service]);
    expect(found.narrowedBy).toEqual(by);
    expect(found.host).toBe(host);
  });

  it('names the services it did not choose', () => {
    expect(known('APIG.0101').others.map((s) => s.id)).toEqual(['ocr', 'functiongraph']);
    expect(known('APIG.0101', context(OCR_MESSAGE)).others.map((s) => s.id)).toEqual(['apig', 'functiongraph']);
  });

  it('leaves every service where no rule decides (no message, no host, a prefix nobody owns)', () => {
    const found = known('DBS.0001');
    expect(servicesOf(found.entries)).toEqual(['rds', 'dds']);
    expect(found).toMatchObject({ narrowedBy: [], others: [] });
  });

  it.each(
    named<{ name: string; text: string; hosts?: string[]; service: string; by: string[] }>([
      { name: 'a service the text names by its short name', text: 'DBS.0001 from DDS', service: 'dds', by: ['named'] },
      { name: 'in lower case too', text: 'our dds instance says DBS.0001', service: 'dds', by: ['named'] },
      {
        name: 'a service named by its host label',
        text: 'functiongraph: APIG.0101',
        service: 'functiongraph',
        by: ['named'],
      },
      {
        name: 'the API host before the name',
        text: 'APIG.0101 from OCR',
        hosts: ['functiongraph'],
        service: 'functiongraph',
        by: ['host'],
      },
      { name: 'the name before the home', text: 'OCR says APIG.0101', service: 'ocr', by: ['named'] },
    ]),
  )('chooses by %s', (_name, { text, hosts, service, by }) => {
    const code = text.match(/[A-Z]+\.\d+/)?.[0] ?? '';
    const found = known(code, context(undefined, hosts, text));
    expect(servicesOf(found.entries)).toEqual([service]);
    expect(found.narrowedBy).toEqual(by);
  });

  it("chooses among them by a message that fits one entry's own words", () => {
    const found = known('DBS.0001', context('the backup policy is changing'));
    expect(servicesOf(found.entries)).toEqual(['dds']);
    expect(found.narrowedBy).toEqual(['message']);
  });
});

describe('lookUpCode: a code one service publishes with several meanings', () => {
  it('keeps every variant where nothing tells them apart, to be shown labelled', () => {
    const found = known('VPC.0101');
    expect(found.entries.map((e) => e.variant)).toEqual(['Creating a VPC', 'Deleting a VPC']);
    expect(found.narrowedBy).toEqual([]);
  });

  it.each([
    ['The VPC cannot be deleted because it still has subnets.', 'Deleting a VPC'],
    ['vpc delete failed, it has subnets', 'Deleting a VPC'],
    ['CIDR block invalid when creating the VPC', 'Creating a VPC'],
  ])('picks the variant whose wording %j fits', (message, variant) => {
    const found = known('VPC.0101', context(message));
    expect(found.entries.map((e) => e.variant)).toEqual([variant]);
    expect(found.narrowedBy).toEqual(['message']);
  });

  it('keeps both where the message fits both alike', () => {
    expect(known('VPC.0101', context('VPC')).entries).toHaveLength(2);
  });
});

describe('lookUpCode: a code no page publishes', () => {
  it.each<[string, string | undefined]>([
    ['VPC.9999', 'vpc'],
    ['vpc-9999', 'vpc'],
    ['VPC_CM.0201', 'vpc'], // a sub-prefix: its first segment's service
    ['APIGW.9999', 'apig'], // an alias: the service that declares it
    ['APIG.9999', 'apig'], // a shared prefix: its home
    ['DBS.9999', 'rds'], // a shared prefix nobody owns: its first publisher
    ['ZZZ.0001', undefined],
  ])('reports %s as unknown, of the service its prefix belongs to (%s)', (code, service) => {
    const found = unknown(code);
    expect(found.input).toBe(code);
    expect(found.service?.id).toBe(service);
  });

  it.each([
    ['VPC.0021', 'VPC.0012'], // two digits swapped
    ['VPC.0013', 'VPC.0012'], // one digit off
    ['VPC.0109', 'VPC.0101'], // one digit off, a code with variants: once
  ])('suggests near codes of the same prefix: %s → %s', (code, near) => {
    expect(codesOf(unknown(code).near)).toEqual([near]);
  });

  it('suggests nothing more than a digit away', () => {
    expect(unknown('VPC.0555').near).toEqual([]);
    expect(unknown('OCR.0002').near.map((e) => e.code)).toEqual(['OCR.0001']);
  });
});

describe('the code stage in the engine', () => {
  const engine = createEngine(catalog);

  it("shows a code's remaining variants, each labelled", () => {
    const a = engine.answer('VPC.0101');
    expect(a.matches.map((m) => [m.code, m.variant, m.matchedBy])).toEqual([
      ['VPC.0101', 'Creating a VPC', 'code'],
      ['VPC.0101', 'Deleting a VPC', 'code'],
    ]);
  });

  it('answers a shared code from its home and names the other services', () => {
    expect(engine.answer('APIG.0101').matches).toMatchObject([
      { code: 'APIG.0101', service: 'apig', alsoIn: ['Optical Character Recognition (OCR)', 'FunctionGraph'] },
    ]);
  });

  it('lets the API host in a paste choose, and says which', () => {
    const a = engine.answer('{"error_code":"APIG.0101"} from https://functiongraph.eu-de.otc.t-systems.com/v2/fns');
    expect(servicesOf(a.matches)).toEqual(['functiongraph']);
    expect(a.host).toBe('functiongraph');
  });

  it("answers an unknown code with its prefix's service and that service's rule, never with another code", () => {
    const a = engine.answer('{"error_code":"IS.9999","error_msg":"Something new"}');
    expect(a).toMatchObject({
      matches: [],
      unknownCode: 'IS.9999',
      unknownService: { service: 'image-search', serviceName: 'Image Search (IS)' },
      fallback: {
        service: 'image-search',
        escalation: 'required',
        measure: 'If other error codes are displayed, submit a service ticket.',
      },
    });
    expect(engine.answer('VPC.9999').fallback).toBeUndefined(); // VPC has no rule
  });

  it('offers near codes only as suggestions, labelled as such', () => {
    const a = engine.answer('VPC.0021');
    expect(a.matches).toEqual([]);
    expect(a.suggestions.map((s) => [s.code, s.matchedBy])).toEqual([['VPC.0012', 'near-code']]);
  });

  it("offers another code's message only as a suggestion when the pasted code is unknown", () => {
    const a = engine.answer('{"error_code":"IS.9999","error_msg":"The subnet does not exist."}');
    expect(a.matches).toEqual([]);
    expect(a.unknownCode).toBe('IS.9999');
    expect(a.suggestions.map((s) => [s.code, s.matchedBy])).toEqual([['VPC.0012', 'text']]);
  });

  it("answers a known code with its own entry even when the message is another code's", () => {
    const a = engine.answer('{"error_code":"OCR.0001","error_msg":"The subnet does not exist."}');
    expect(codesOf(a.matches)).toEqual(['OCR.0001']);
    expect(a.decidedBy).toBe('code');
  });
});
