import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/cli/hint.ts';
import { ansi, plain, wantsColor } from '../../src/cli/style.ts';
import { displayWidth, hang } from '../../src/cli/wrap.ts';
import { cli } from './shared.ts';

const PASTE =
  '{"error_code":"IMG.0014","error_msg":"An exception occurred when IaaS OpenStack was executing the task.",' +
  '"request_id":"0f2c6f1d8b7a"} at https://ims.ap-southeast-1.myhuaweicloud.com/v2/cloudimages';

/** The answer to `args` as printed to a pipe: 80 columns, no colour. */
async function printed(...args: string[]): Promise<string> {
  return (await cli(args)).out;
}

// Whole answers pinned at 80 columns, the width used when stdout is not a terminal.
describe('errcode output at 80 columns', () => {
  it('wraps a long measure under its label; no cause when it repeats the headline', async () => {
    expect(await printed('APIG.0101')).toBe(
      [
        'APIG.0101  The API does not exist or has not been published.',
        '  Service: API Gateway (APIG) · HTTP 400',
        '  Measure: Check whether the entered API information is correct and whether the',
        '           service is available in the corresponding region. Check whether the',
        '           URL of the API is spelled correctly and whether the HTTP request',
        '           method (such as POST and GET) is correct. Check whether the domain',
        '           name and URI configured for service call are correct. For details',
        '           about the domain name, see Regions and Endpoints.',
        '  Source:  image-search-error-codes.en.txt, row 119',
        '  Link:    https://support.huaweicloud.com/devg-apisign/api-sign-errorcode.html',
      ].join('\n'),
    );
  });

  it('wraps Chinese by display width, between characters', async () => {
    expect(await printed('文件名称包含非法字符')).toBe(
      [
        'IMG.0075  The file name contains invalid characters.',
        '  Service: Image Management Service (IMS) · HTTP 400',
        '  Cause:   文件名称中包含非法字符。',
        '  Measure: 请确保镜像文件名称符合以下要求：名称的首尾字母不能为空格名称的长度为',
        '           1~128位名称包含以下4种字符大写字母小写字母数字特殊字符包含-._和空格',
        '  Source:  ims-error-codes.en.txt, row 67',
        '  Link:    https://docs.otc.t-systems.com/image-management-service/api-ref/error_codes.html',
        '',
        'Did you mean:',
        '  IMG.0109  The bucket name contains invalid characters. (Image Management',
        '            Service (IMS))',
      ].join('\n'),
    );
  });

  it('says a code is unknown, gives its service rule and the ticket command', async () => {
    expect(await printed('IS.9999')).toBe(
      [
        'IS.9999 is not in the catalog.',
        '  Its prefix belongs to Image Search (IS).',
        '  Image Search (IS) says for codes it does not list: If other error codes are',
        '    displayed, submit a service ticket.',
        "  A ticket for the provider's form:",
        '    errcode ticket IS.9999',
      ].join('\n'),
    );
  });

  it('lists suggestions, wrapped under their code', async () => {
    expect(await printed('image type')).toBe(
      [
        'No matching error code found.',
        '',
        'Did you mean:',
        '  IMG.0157  Incorrect image type. (Image Management Service (IMS))',
        '  IMG.0024  The image type in the request is incorrect. (Image Management',
        '            Service (IMS))',
        '  SVCSTG.SWR.4001010  type must be set to app or image. (Software Repository for',
        '                      Container (SWR))',
      ].join('\n'),
    );
  });

  it('answers a paste with its request id, and a ticket command carrying what the ticket needs', async () => {
    expect(await printed(PASTE)).toBe(
      [
        'IMG.0014  An exception occurred when IaaS OpenStack was executing the task.',
        '  Service: Image Management Service (IMS) · HTTP 400',
        '  Measure: Contact technical support.',
        '  Source:  ims-error-codes.en.txt, row 14',
        '  Link:    https://docs.otc.t-systems.com/image-management-service/api-ref/error_codes.html',
        "  Escalate: contact technical support. A ticket for the provider's form:",
        `    errcode ticket '{"error_code":"IMG.0014","error_msg":"An exception occurred when IaaS OpenStack was executing the task.","request_id":"0f2c6f1d8b7a","url":"https://ims.ap-southeast-1.myhuaweicloud.com/v2/cloudimages","region":"ap-southeast-1"}'`,
        '',
        'From the paste: request id 0f2c6f1d8b7a · region ap-southeast-1 · endpoint',
        '                ims.ap-southeast-1.myhuaweicloud.com/v2/cloudimages',
      ].join('\n'),
    );
  });

  it('cleans list numbering off a headline', async () => {
    expect((await printed('APIG.0301')).split('\n').slice(0, 2)).toEqual([
      'APIG.0301  Incorrect IAM authentication information: Failed to decrypt the',
      '           token. Check whether the entered token is complete.',
    ]);
  });

  it('wraps to the terminal width on a terminal, and decorates it unless NO_COLOR says not to', async () => {
    const tty = { isTTY: true, columns: 50 };
    const { out } = await cli(['IMG.0024'], undefined, { stdout: tty });
    expect(out.split('\n')[0]).toBe(`${ansi.bold(ansi.cyan('IMG.0024'))}  The image type in the request is`);
    expect((await cli(['IMG.0024'], undefined, { stdout: tty, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
    expect((await cli(['IMG.0024'], undefined, { env: { FORCE_COLOR: '1' } })).out).toContain('\u001b[1m');
  });
});

describe('the ticket command in an answer', () => {
  it.each([
    ['IMG.0014'],
    [PASTE],
    ['IS.9999'],
    ["Error [IMG.0014] An exception occurred, it's the 2nd time (request_id: 7a6b5c4d3e2f, HTTP 400)"],
  ])('prints, run as it stands in a shell, the ticket the answer to %s calls for', async (input) => {
    const answer = (await cli([input])).out;
    const command = answer.split('\n').find((l) => l.startsWith('    errcode ticket '));
    expect(command).toBeDefined();
    // What the shell passes to errcode, quotes undone.
    const argv = JSON.parse(
      execFileSync('/bin/sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' ${command}`], {
        encoding: 'utf8',
      }),
    );
    expect(argv[0]).toBe('errcode');
    const fromCommand = await cli(argv.slice(1));
    const fromInput = await cli(['ticket', input]);
    const withoutTime = (t: string) => t.replace(/\| When \| [^|]+ \|/, '');
    expect(fromCommand.code).toBe(0);
    expect(withoutTime(fromCommand.out)).toBe(withoutTime(fromInput.out));
  });
});

describe('shellQuote', () => {
  it('leaves a plain word bare and single-quotes anything else, quotes included', () => {
    expect(shellQuote('IMG.0014')).toBe('IMG.0014');
    expect(shellQuote("it's $HOME `x`")).toBe(`'it'\\''s $HOME \`x\`'`);
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote("it's $HOME `x` \\n")}`], { encoding: 'utf8' })).toBe(
      "it's $HOME `x` \\n",
    );
  });
});

describe('hang', () => {
  it('wraps at spaces with a hanging indent, and leaves a word longer than a line whole', () => {
    expect(hang('Note: ', 'aaa bbb ccc https://example.com/a/very/long/path ddd', 20)).toEqual([
      'Note: aaa bbb ccc',
      '      https://example.com/a/very/long/path',
      '      ddd',
    ]);
  });

  it('counts a Chinese character as two columns and never starts a line with closing punctuation', () => {
    const lines = hang('', '请确认所使用备份是否存在。请确认所使用备份是否存在。', 24);
    expect(lines).toEqual(['请确认所使用备份是否存', '在。请确认所使用备份是否', '存在。']);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(24);
  });

  it('keeps each line of the text a paragraph, list items aligned after their marker', () => {
    expect(hang('- ', 'first line\n• item one two three\nlast', 14)).toEqual([
      '- first line',
      '  • item one',
      '    two three',
      '  last',
    ]);
  });
});

describe('wantsColor', () => {
  it('colours a terminal, not a pipe; NO_COLOR turns it off, FORCE_COLOR on (or off with 0 or false)', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(wantsColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(plain.bold('x')).toBe('x');
  });
});
