import { describe, expect, it } from 'vitest';
import { extract, prepare } from '../../src/engine/extract.ts';

const known = (p: string) => ['img', 'is', 'apig', 'apigw', 'modelarts', 'imetal', 'iam'].includes(p.toLowerCase());
const codes = (text: string) => extract(text, known).codes.map((c) => c.code);

describe('extract: bodies', () => {
  it('reads {"error":{"message","code"}}', () => {
    const ex = extract('{"error":{"message":"The image type in the request is incorrect.","code":"IMG.0024"}}', known);
    expect(ex.codes.map((c) => c.code)).toEqual(['IMG.0024']);
    expect(ex.messages).toEqual(['The image type in the request is incorrect.']);
    expect(ex.structured).toBe(true);
  });

  it('reads {"error_code","error_msg","request_id"}', () => {
    const ex = extract(
      '{"error_code":"IMG.0014","error_msg":"An exception occurred.","request_id":"0f2c6f1d8b7a"}',
      known,
    );
    expect(ex).toMatchObject({
      codes: [{ code: 'IMG.0014', via: 'key' }],
      messages: ['An exception occurred.'],
      requestId: '0f2c6f1d8b7a',
    });
  });

  it('reads flat {"code","message"} and nested {"error":{"error_code","error_msg"}}', () => {
    expect(codes('{"code":"IS.0004","message":"Exception verifying token."}')).toEqual(['IS.0004']);
    expect(codes('{"error":{"error_code":"ModelArts.4102","error_msg":"Failed to parse the token."}}')).toEqual([
      'ModelArts.4102',
    ]);
  });

  it("reads IAM's numeric code in a list", () => {
    expect(codes('{"errorcode":["1101"],"message":"Invalid username."}')).toEqual(['1101']);
  });

  it('reads errCode/errMsg and errorCode/errorMessage', () => {
    expect(extract('{"errCode":"iMetal.0005","errMsg":"Too many requests"}', known)).toMatchObject({
      codes: [{ code: 'iMetal.0005' }],
      messages: ['Too many requests'],
    });
    expect(extract('{"errorCode":"IAM.0006","errorMessage":"An unexpected error."}', known).messages).toEqual([
      'An unexpected error.',
    ]);
  });

  it('takes Keystone\'s numeric "code" as the HTTP status, not an error code', () => {
    const ex = extract(
      '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}',
      known,
    );
    expect(ex.codes).toEqual([]);
    expect(ex.status).toBe(401);
    expect(ex.messages).toEqual(['The request you have made requires authentication.']);
  });
});

describe('extract: wrappers', () => {
  it("finds the Go SDK's body escaped inside error_message", () => {
    const go =
      '{"status_code":400,"request_id":"a1b2c3d4e5f6","error_code":"","error_message":"{\\"error\\":{\\"message\\":\\"The backup does not exist.\\",\\"code\\":\\"IMG.0020\\"}}"}';
    const ex = extract(go, known);
    expect(ex.codes.map((c) => c.code)).toEqual(['IMG.0020']);
    expect(ex.messages).toContain('The backup does not exist.');
    expect(ex).toMatchObject({ status: 400, requestId: 'a1b2c3d4e5f6' });
  });

  it("reads the Python SDK's unquoted {status_code:…,error_code:…,error_msg:…}", () => {
    const py =
      'ClientRequestException - {status_code:400,request_id:5c3f1e2d9a8b7c6d,error_code:IMG.0024,error_msg:The image type in the request is incorrect.,encoded_authorization_message:None }';
    expect(extract(py, known)).toMatchObject({
      codes: [{ code: 'IMG.0024' }],
      messages: ['The image type in the request is incorrect.'],
      status: 400,
      requestId: '5c3f1e2d9a8b7c6d',
    });
  });

  it("reads the Java SDK's multi-line exception", () => {
    const java =
      'ClientRequestException {\n  httpStatusCode: 400\n  errorCode: IMG.0015\n  errorMsg: The number of private images has reached the maximum allowed.\n  requestId: 3e4f5a6b7c8d\n}';
    expect(extract(java, known)).toMatchObject({
      codes: [{ code: 'IMG.0015' }],
      messages: ['The number of private images has reached the maximum allowed.'],
      status: 400,
      requestId: '3e4f5a6b7c8d',
    });
  });

  it('reads a Node SDK log line with a single-quoted object literal', () => {
    const node =
      "error { httpStatusCode: 400, errorCode: 'iMetal.0201', errorMsg: 'Insufficient server resources', requestId: 'req-77aa88bb' }";
    expect(extract(node, known)).toMatchObject({
      codes: [{ code: 'iMetal.0201' }],
      messages: ['Insufficient server resources'],
      requestId: 'req-77aa88bb',
    });
  });

  it('reads Terraform output: endpoint, region, request id and the body', () => {
    const tf =
      '│ Error: error creating IMS image: Bad request with: [POST https://ims.cn-north-4.myhuaweicloud.com/v2/cloudimages/action], request_id: 8a7d6c5b4a3f2e1d, error message: {"error_code":"IMG.0008","error_msg":"The ECS cannot be used."}\n│';
    expect(extract(tf, known)).toMatchObject({
      codes: [{ code: 'IMG.0008' }],
      messages: ['The ECS cannot be used.'],
      requestId: '8a7d6c5b4a3f2e1d',
      endpoint: 'ims.cn-north-4.myhuaweicloud.com/v2/cloudimages/action',
      region: 'cn-north-4',
    });
  });

  it('reads curl -i output: status line and X-Request-Id header', () => {
    const curl =
      'HTTP/1.1 400 Bad Request\nX-Request-Id: 4c5d6e7f8a9b0c1d\n\n{"error":{"message":"The image name already exists.","code":"IMG.0009"}}';
    expect(extract(curl, known)).toMatchObject({
      codes: [{ code: 'IMG.0009' }],
      status: 400,
      requestId: '4c5d6e7f8a9b0c1d',
    });
  });

  it('reads a Docker JSON log line', () => {
    const docker =
      '{"log":"{\\"error_code\\":\\"IS.2019\\",\\"error_msg\\":\\"The instance does not exist.\\"}\\n","stream":"stderr"}';
    expect(extract(docker, known)).toMatchObject({
      codes: [{ code: 'IS.2019' }],
      messages: ['The instance does not exist.'],
    });
  });

  it('reads [APIGW.0301]message inside an exception text', () => {
    const ex = extract(
      'java.lang.RuntimeException: [APIGW.0301]Incorrect IAM authentication information: verify aksk signature fail',
      known,
    );
    expect(ex.codes).toEqual([{ code: 'APIGW.0301', via: 'bracket', index: expect.any(Number) }]);
    expect(ex.messages).toEqual(['Incorrect IAM authentication information: verify aksk signature fail']);
  });
});

describe('extract: as Slack delivers text', () => {
  it('undoes &lt; &gt; &amp; and &quot;', () => {
    expect(prepare('&lt;b&gt; &amp;lt; &quot;x&quot;').text).toBe('<b> &lt; "x"');
  });

  it('reads a body inside ``` fences surrounded by chat', () => {
    expect(
      codes(
        'hey team, getting this:\n```\n{"error":{"message":"The ECS does not exist.","code":"IMG.0005"}}\n```\nany idea?',
      ),
    ).toEqual(['IMG.0005']);
  });

  it('keeps the message of a body truncated mid-string', () => {
    expect(extract('{"error":{"message":"The number of shared images has reached the maxim', known).messages).toEqual([
      'The number of shared images has reached the maxim',
    ]);
  });

  it('finds every code of a body with several, key codes first', () => {
    expect(
      codes('{"errors":[{"code":"ECS.9999","message":"Unknown"},{"code":"IMG.0030","message":"x"}]} see also IMG.0031'),
    ).toEqual(['ECS.9999', 'IMG.0030', 'IMG.0031']);
  });

  it('unwraps Slack links and drops mentions', () => {
    const ex = extract('<@U123ABC> see <https://ims.eu-west-101.myhuaweicloud.eu/v2/images|link> IMG.0024', known);
    expect(ex.region).toBe('eu-west-101');
    expect(ex.codes.map((c) => c.code)).toEqual(['IMG.0024']);
  });
});

describe('extract: code shapes in running text', () => {
  it('accepts known prefixes in any spelling', () => {
    expect(codes('img0012 IMG-0013 Img_0014 apigw0308')).toEqual(['img0012', 'IMG-0013', 'Img_0014', 'apigw0308']);
  });

  it('accepts PREFIX.NNNN of an unknown service, but not other code-like words', () => {
    expect(codes('ECS.0114 happened')).toEqual(['ECS.0114']);
    expect(codes('version v1.2345, ps-001, sha256, utf-8, HTTP/1.1, JIRA-1234, 10.0.0.5')).toEqual([]);
  });
});

describe('extract: the code shapes of issue 9', () => {
  it.each(['CBC.30000067', 'ModelArts.50025001', 'DRS.M01504', 'SFS.TURBO.0001', 'CCE_CM.0201', 'SVCSTG_AMS_4000001'])(
    'finds %s in running text, even of a service the catalog lacks',
    (code) => {
      expect(extract(`we got ${code} from the API`).codes).toEqual([{ code, via: 'text', index: 7 }]);
      expect(codes(`{"error_code":"${code}","error_msg":"x"}`)).toEqual([code]);
    },
  );

  it.each([
    ['IMG 0099', 'IMG 0099'],
    ['img-0099', 'img-0099'],
    ['DCS. 4855', 'DCS. 4855'],
    ['errorcode 1100', '1100'],
    ['IAM returned errorcode 1100', '1100'],
    ['error code: 0171 when submitting', '0171'],
  ])('finds %j as typed, as %j', (text, code) => {
    const ctx = (p: string) => ['img', 'dcs'].includes(p.toLowerCase());
    expect(extract(text, ctx).codes.map((c) => c.code)).toEqual([code]);
  });

  it('reads a spaced code whole from an error-code key', () => {
    expect(codes('{"error_code":"DCS. 4855"}')).toEqual(['DCS. 4855']);
  });

  it('takes a spaced spelling only of a known prefix', () => {
    expect(codes('see RFC 7231 and ISO 8601')).toEqual([]);
  });
});

describe('extract: bare numbers and word codes only under error-code keys', () => {
  const catalogKnows = { knownPrefix: known, knownWordCode: (w: string) => ['NoSuchKey', 'BadRequest'].includes(w) };
  const found = (text: string) => extract(text, catalogKnows).codes.map((c) => c.code);

  it.each([
    ['{"error_code":"1100"}', ['1100']],
    ['{"code":"NoSuchKey","message":"The key does not exist."}', ['NoSuchKey']],
    ['<Error><Code>NoSuchKey</Code></Error>', ['NoSuchKey']],
    ['{"error_code":"BadRequest"}', ['BadRequest']],
    ['{"error_code":"RESOURCE_NOT_FOUND"}', ['RESOURCE_NOT_FOUND']], // a word code the catalog need not know
  ])('reads %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    'we waited 1100 seconds',
    '1100',
    'it said NoSuchKey, then BadRequest',
    '{"code":"error","message":"x"}', // a word code needs a capital
    '{"code":"success"}',
  ])('finds no code in %j', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('extract: API hosts', () => {
  it.each([
    ['vpc.eu-de.otc.t-systems.com returned 400', ['vpc'], 'eu-de'],
    ['calling iam.cn-north-4.myhuaweicloud.com', ['iam'], 'cn-north-4'],
    ['POST https://ecs.ap-southeast-1.myhuaweicloud.com/v1/0a1b2c/cloudservers', ['ecs'], 'ap-southeast-1'],
    ['https://ecs.eu-de.otc.t-systems.com/v1 then https://evs.eu-de.otc.t-systems.com/v2', ['ecs', 'evs'], 'eu-de'],
    ['see https://www.example.com/docs', [], undefined],
  ])('reads the host labels of %j', (text, hosts, region) => {
    const ex = extract(text);
    expect(ex.hosts).toEqual(hosts);
    expect(ex.region).toBe(region);
  });

  it('keeps the endpoint the request went to', () => {
    expect(extract('POST https://ecs.ap-southeast-1.myhuaweicloud.com/v1/0a1b2c/cloudservers').endpoint).toBe(
      'ecs.ap-southeast-1.myhuaweicloud.com/v1/0a1b2c/cloudservers',
    );
  });
});

describe('extract: ordinary prose', () => {
  // Prefixes of real services that are also English words or common abbreviations.
  const wide = (p: string) =>
    ['img', 'is', 'as', 'dc', 'ecs', 'vpc', 'iam', 'dcs', 'er', 'rf'].includes(p.toLowerCase());

  it.each([
    'upgraded to v1.2.3 last week, v2.0.1-beta next',
    'ping 10.0.0.5 and 192.168.1.100 on port 8080',
    'on 2024-05-01 at 10:30:15, dated 01.05.2024',
    'runs on node.js 20.11.1, python3.11 and ubuntu-22.04',
    'see report_2024.pdf, app-1.2.3.tgz and IMG_20240501_1234.jpg',
    'error at line 1234 of main.go',
    'Windows 10 build 19045',
    'released as 2024 edition; As 2024 ends',
    'the year is 2019',
    'we paid 1100 euros',
  ])('gives no code for %j', (text) => {
    expect(extract(text, wide).codes).toEqual([]);
  });

  it('still reads those prefixes as codes in capitals', () => {
    expect(extract('AS 2024 and IS 2019', wide).codes.map((c) => c.code)).toEqual(['AS 2024', 'IS 2019']);
  });
});
