import { describe, expect, it } from 'vitest';
import { createEngine, isGenericHttp } from '../../src/engine/engine.ts';
import { entry, serviceFile, shippedEngine, smallCatalog } from './shared.ts';

const answer = (text: string) => shippedEngine().answer(text);
const top = (text: string) => answer(text).matches[0]?.code;

describe('engine: codes in any form', () => {
  it.each([
    ['IMG.0012', 'IMG.0012'],
    ['img.0012', 'IMG.0012'],
    ['IMG0012', 'IMG.0012'],
    ['IMG-0012', 'IMG.0012'],
    ['Ims IMG.0012?', 'IMG.0012'],
    ['APIGW.0301', 'APIG.0301'],
    ['modelarts.4103', 'ModelArts.4103'],
    ['iMETAL.0230', 'iMetal.0230'],
    ['1101', '1101'],
  ])('finds %s as %s', (query, code) => {
    expect(top(query)).toBe(code);
  });

  it('says how it matched: by code, or by the gateway alias', () => {
    expect(answer('IMG.0012').matches[0]?.matchedBy).toBe('code');
    expect(answer('APIGW.0301').matches[0]).toMatchObject({
      matchedBy: 'alias',
      service: 'apig',
      confidence: 1,
    });
  });

  it('does not take an HTTP status for an IAM numeric code', () => {
    expect(answer('400').matches).toEqual([]);
    expect(answer('400').unknownCode).toBeUndefined();
  });
});

describe('engine: messages', () => {
  it('finds a message as published, and either published wording of it', () => {
    expect(top('The image type in the request is incorrect.')).toBe('IMG.0024');
    expect(top('Invalid OS version.')).toBe('IMG.0056');
    expect(top('The OS type is invalid.')).toBe('IMG.0056');
  });

  it('finds a message with its placeholders filled in', () => {
    expect(answer('The length 70 of the catalog exceeds 64 characters.').matches[0]).toMatchObject({
      code: 'IAM.1011',
      matchedBy: 'template',
    });
    expect(top('Subnet not found: [subnet-1a2b]')).toBe('iMetal.0230');
    expect(top("'name' is a required property.")).toBe('IAM.0072');
  });

  it('lists every code that publishes the same message', () => {
    expect(
      answer('The token is empty.')
        .matches.map((m) => m.code)
        .sort(),
    ).toEqual(['IS.0013', 'ModelArts.4101']);
  });

  it('answers Chinese from the Chinese page, also when worded differently', () => {
    expect(top('备份不存在')).toBe('IMG.0020');
    expect(top('镜像名称重复')).toBe('IMG.0009');
    expect(top('备份找不到')).toBe('IMG.0020'); // 找不到 is read as the catalog's 不存在
    expect(top('镜像名称太长')).toBe('IMG.0002');
  });

  it('does not let a shared Chinese phrase stand in for the missing subject', () => {
    // 没有权限访问 ("no permission to access") fits two key entries; neither is about the backup.
    expect(answer('没有权限访问备份').matches).toEqual([]);
  });

  it('answers an English paraphrase it is sure of', () => {
    expect(top('private image quota reached, cannot create more images')).toBe('IMG.0015');
    expect(top('image is being exported right now')).toBe('IMG.0148'); // not "cannot be exported"
    expect(top('image search instance does not exist')).toBe('IS.2019'); // the service named narrows it down
  });

  it('suggests, rather than picks, where other services publish the same meaning', () => {
    // The example: IMS (IMG.0029) and VBS (VolumeBackup.0113) both say a backup was already used for an image.
    const a = answer('this backup was used for an image before');
    expect(a.matches).toEqual([]);
    expect(a.suggestions.map((s) => s.code)).toEqual(expect.arrayContaining(['IMG.0029', 'VolumeBackup.0113']));
  });

  it('answers with every code of a tie that says exactly what was asked, and nothing else comes close', () => {
    expect(
      answer('WAF does not support wildcard domains')
        .matches.map((m) => m.code)
        .sort(),
    ).toEqual(['WAF.00013005', 'WAF.2008']);
  });
});

describe('engine: saying nothing when unsure', () => {
  it.each([
    'lunch anyone?',
    'thanks, that fixed it!',
    '500 Internal Server Error',
    'HTTP/1.1 502 Bad Gateway',
    'Unauthorized',
    'the request failed',
    'released as 2024 edition', // as: the English word, not Auto Scaling's AS
    'the year is 2019', // is: not Image Search's IS.2019
  ])('gives no match for %j', (query) => {
    expect(answer(query).matches).toEqual([]);
  });

  it('offers suggestions, not matches, for weak word hits', () => {
    // Two words that several entries of several services cover equally: no entry leads.
    const a = answer('image type');
    expect(a.matches).toEqual([]);
    expect(a.suggestions.map((s) => s.code)).toEqual(expect.arrayContaining(['IMG.0157', 'IMG.0024']));
  });

  it('answers words that name one text clearly, from every service that publishes it', () => {
    expect(
      answer('KMS key is not enabled')
        .matches.map((m) => m.code)
        .sort(),
    ).toEqual(['IMG.0097', 'KMS.1301']);
  });

  it('reports a code the catalog lacks and suggests near codes (a transposition)', () => {
    const a = answer('IMG.0210');
    expect(a.matches).toEqual([]);
    expect(a.unknownCode).toBe('IMG.0210');
    expect(a.suggestions.map((s) => s.code)).toContain('IMG.0120');
  });

  it('lists a suggestion once, even when the near code and the message both point at it', () => {
    const a = answer('{"error_code":"IMG.0210","error_msg":"The specified data disk ID is unavailable."}');
    expect(a.suggestions.filter((s) => s.code === 'IMG.0120')).toHaveLength(1);
  });

  it('applies the service fallback rule to an unknown code of that service', () => {
    expect(answer('{"error_code":"IS.9999","error_msg":"Something new"}')).toMatchObject({
      matches: [],
      unknownCode: 'IS.9999',
      fallback: {
        service: 'image-search',
        escalation: 'required',
        measure: 'If other error codes are displayed, submit a service ticket.',
      },
    });
    expect(answer('IMG.9999').fallback).toBeUndefined(); // IMS publishes no fallback rule
  });

  it('answers the catalog code of a body that also holds an unknown one', () => {
    const a = answer('{"errors":[{"code":"ECS.9999","message":"Unknown"},{"code":"IMG.0030","message":"x"}]}');
    expect(a.matches.map((m) => m.code)).toEqual(['IMG.0030']);
    expect(a.unknownCode).toBe('ECS.9999');
  });

  it('treats a message hit as a suggestion when the pasted code is unknown', () => {
    const a = answer('{"error_code":"IMG.9999","error_msg":"The backup does not exist."}');
    expect(a.matches).toEqual([]);
    expect(a.suggestions.map((s) => s.code)).toContain('IMG.0020');
  });

  it('recognises bare HTTP status lines and reason phrases', () => {
    expect(isGenericHttp('HTTP/1.1 404 Not Found')).toBe(true);
    expect(isGenericHttp('Too many requests')).toBe(true);
    expect(isGenericHttp('The backup does not exist.')).toBe(false);
  });
});

describe("engine: issue 9's pastes, each answered by its own code or as unknown", () => {
  it.each<[string, string[], string | undefined, string | undefined]>([
    // paste → matches, unknown code, the service its prefix belongs to
    ['{"error_code":"CFW.00900016"}', ['CFW.00900016'], undefined, undefined],
    [
      '{"error_code":"CBC.30000067","error_msg":"System error. Contact technical support."}',
      [],
      'CBC.30000067',
      undefined, // billing (CBC) is not in the catalog
    ],
    ['{"error":{"code":"DRS.M01504","message":"Request body is invalid."}}', ['DRS.M01504'], undefined, undefined],
    ['{"error_code":"CCE_CM.0201","error_msg":"Request body invalid"}', [], 'CCE_CM.0201', 'cce'],
  ])('%s', (paste, matches, unknownCode, unknownService) => {
    const a = answer(paste);
    expect(a.decidedBy).toBe('code');
    expect(a.matches.map((m) => m.code)).toEqual(matches);
    expect(a.unknownCode).toBe(unknownCode);
    expect(a.unknownService?.service).toBe(unknownService);
    // Entries of other codes that publish the message are suggestions, labelled as found by text: never the answer.
    for (const s of a.suggestions) expect([s.matchedBy, matches.includes(s.code)]).toEqual(['text', false]);
  });
});

describe('engine: the answer object', () => {
  it('carries the entry, its escalation and what was extracted', () => {
    const a = answer(
      'HTTP/1.1 400 Bad Request\nX-Request-Id: 4c5d6e7f8a9b\n\n{"error_code":"IMG.0014","error_msg":"An exception occurred when IaaS OpenStack was executing the task."} https://ims.cn-east-3.myhuaweicloud.com/v2/cloudimages',
    );
    expect(a.matches[0]).toMatchObject({
      code: 'IMG.0014',
      service: 'ims',
      status: 400,
      measure: 'Contact technical support.',
      measureZh: '请联系技术支持。',
      escalation: 'required',
      source: { page: 'ims-error-codes.en.txt', row: 14 },
    });
    expect(a.extracted).toMatchObject({
      code: 'IMG.0014',
      status: 400,
      requestId: '4c5d6e7f8a9b',
      region: 'cn-east-3',
    });
  });

  it('uses the curated status where the pages disagree (IMG.0026: 403, not 400)', () => {
    expect(answer('IMG.0026').matches[0]?.status).toBe(403);
  });
});

describe('engine: ranking on a fixed small catalog', () => {
  const { catalog } = smallCatalog([
    serviceFile('demo', 'Demo (DM)', [
      entry('DM.0001', 'The instance does not exist.'),
      entry('DM.0002', 'The instance tag does not exist.'),
      entry('DM.0003', 'The instance name does not exist.'),
      entry('DM.0004', 'The snapshot quota has been exceeded.', {
        measure: 'Delete unused snapshots or raise the quota.',
      }),
    ]),
  ]);
  const demo = createEngine(catalog);

  it('prefers the entry whose own message the query accounts for', () => {
    // All three contain "instance" and "exist"; only DM.0001 has nothing else, so it leads.
    const a = demo.answer('instance does not exist anymore');
    const order = [...a.matches, ...a.suggestions].map((m) => m.code);
    expect(order[0]).toBe('DM.0001');
    expect(order.slice(1).sort()).toEqual(['DM.0002', 'DM.0003']); // a tie: each has one word the query lacks
  });

  it('finds a paraphrase through the quota/limit/maximum synonyms', () => {
    expect(demo.answer('reached the maximum number of snapshots').matches[0]?.code).toBe('DM.0004');
  });
});
