import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { CHECK_USAGE, IMPORT_USAGE, SNAPSHOT_USAGE, TICKET_USAGE, USAGE } from '../../src/cli/usage.ts';
import { shippedEngine } from '../engine/shared.ts';
import { recordingIo, tempDir } from '../helpers.ts';
import { cli } from './shared.ts';

const VERSION = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;

describe('errcode <text>', () => {
  it('prints the code, service, cause, measure and source', async () => {
    const { code, out } = await cli(['IMG.0024']);
    expect(code).toBe(0);
    expect(out).toContain('IMG.0024  The image type in the request is incorrect.');
    expect(out).toContain('Service: Image Management Service (IMS) · HTTP 400');
    expect(out).toContain('Measure: Select either BMS or ECS.');
    expect(out).toContain('Source:  ims-error-codes.en.txt, row 24');
  });

  it('reads a pasted body from stdin when there is no argument', async () => {
    const { code, out } = await cli([], '{"error_code":"IMG.0014","error_msg":"x","request_id":"abc123def456"}');
    expect(code).toBe(0);
    expect(out).toContain('Escalate: contact technical support');
    expect(out).toContain('From the paste: request id abc123def456');
  });

  it('says plainly when a code is not in the catalog, with the service rule and suggestions', async () => {
    const { code, out } = await cli(['IS.9999']);
    expect(code).toBe(1);
    expect(out).toContain('IS.9999 is not in the catalog.');
    expect(out).toContain('submit a service ticket');
  });

  it('shows the Chinese cause and measure for a question asked in Chinese', async () => {
    const { out } = await cli(['备份不存在']);
    expect(out).toContain('Cause:   备份不存在。');
    expect(out).toContain('Measure: 请确认所使用备份是否存在。');
  });

  it('prints the answer object with --json, with the version of errcode that made it', async () => {
    const { out } = await cli(['--json', 'img0012']);
    const answer = JSON.parse(out);
    expect(answer.version).toBe(VERSION);
    expect(answer.matches[0]).toMatchObject({ code: 'IMG.0012', escalation: 'none', matchedBy: 'code' });
    expect(answer.extracted.code).toBe('img0012');
  });

  it('answers one JSON string per line with --jsonl, and flags lines that are not', async () => {
    const { code, out } = await cli(['--jsonl'], '"IMG.0024"\n\n"lunch?"\nnot json\n');
    const lines = out.split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].matches[0].code).toBe('IMG.0024');
    expect(lines[0].version).toBe(VERSION);
    expect(lines[1].matches).toEqual([]);
    expect(lines[2]).toEqual({ version: VERSION, error: 'line 4: expected a JSON-encoded string' });
    expect(code).toBe(2);
    expect((await cli(['--jsonl'], '"IMG.0024"\n"lunch?"\n')).code).toBe(0);
  });

  it('exits 3 with the reason when the catalog is broken or stdin cannot be read', async () => {
    const broken = tempDir();
    try {
      writeFileSync(join(broken.dir, 'ims.yaml'), 'service: ims\nentries: [\n');
      const bad = await cli(['--catalog', broken.dir, 'IMG.0024']);
      expect(bad.code).toBe(3);
      expect(bad.err).toMatch(/^errcode: The catalog has 1 problem:\n.*ims\.yaml:\d+: /);
    } finally {
      broken.cleanup();
    }
    const io = recordingIo();
    const failing = new Readable({
      read() {
        this.destroy(new Error('EIO: i/o error, read'));
      },
    });
    expect(await runCli([], { io, stdin: failing, env: {} })).toBe(3);
    expect(io.stderr.join('\n')).toContain('EIO: i/o error, read');
  });

  it('answers a --jsonl line too long to hold with an error object, and the next line normally', async () => {
    const { out } = await cli(['--jsonl'], `"${'x'.repeat(5 * 1024 * 1024)}"\n"IMG.0024"\n`);
    const lines = out.split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ version: VERSION, error: 'line 1: longer than 4194304 characters' });
    expect(lines[1].matches[0].code).toBe('IMG.0024');
  });

  it('shows the usage for --help, with the size of the catalog, and for no input at an interactive terminal', async () => {
    const { codes, services } = shippedEngine().catalog;
    const line = `Catalog: ${codes.toLocaleString('en-US')} codes from ${services.length} services, Huawei Cloud and Open Telekom Cloud.`;
    expect((await cli(['--help'])).out).toBe(USAGE.replace('\n\nUsage:', `\n${line}\n\nUsage:`));
    const empty = await cli([]);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('Usage:');
  });

  it('rejects an unknown option, and says where the help is', async () => {
    const { code, err } = await cli(['--frobnicate']);
    expect(code).toBe(2);
    expect(err).toMatch(/^errcode: Unknown option '--frobnicate'/);
    expect(err).toContain("Run 'errcode --help' for usage.");
  });

  it('answers in the language --lang asks for, whatever the question', async () => {
    const zh = await cli(['--lang', 'zh', 'IMG.0020']);
    expect(zh.out).toContain('Cause:   备份不存在。');
    expect(zh.out).toContain('Measure: 请确认所使用备份是否存在。');
    const en = await cli(['--lang', 'en', '备份不存在']);
    expect(en.out).toContain('Measure: Check whether the backup file exists.');
    expect(en.out).not.toContain('Cause:');
    const bad = await cli(['--lang', 'fr', 'IMG.0020']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lang must be one of en, zh (got "fr")');
  });
});

describe('the usual commands', () => {
  it('errcode help, and help for each command', async () => {
    expect((await cli(['help'])).out).toContain('Catalog: ');
    expect((await cli(['help'])).out.replace(/\nCatalog: [^\n]+/, '')).toBe(USAGE);
    expect(await cli(['help', 'snapshot'])).toMatchObject({ code: 0, out: SNAPSHOT_USAGE });
    expect(await cli(['help', 'ticket'])).toMatchObject({ code: 0, out: TICKET_USAGE });
    expect(await cli(['help', 'import'])).toMatchObject({ code: 0, out: IMPORT_USAGE });
    expect(await cli(['help', 'catalog', 'check'])).toMatchObject({ code: 0, out: CHECK_USAGE });
    expect(await cli(['ticket', '--help'])).toMatchObject({ code: 0, out: TICKET_USAGE });
    expect(await cli(['import', '--help'])).toMatchObject({ code: 0, out: IMPORT_USAGE });
    expect(await cli(['catalog', 'check', '--help'])).toMatchObject({ code: 0, out: CHECK_USAGE });
    expect(await cli(['help', 'lunch'])).toMatchObject({ code: 2 });
  });

  it('every help fits 80 columns', () => {
    for (const usage of [USAGE, TICKET_USAGE, IMPORT_USAGE, CHECK_USAGE, SNAPSHOT_USAGE])
      for (const line of usage.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('--version and -v print the version from package.json', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: `errcode ${VERSION}` });
    expect(await cli(['-v'])).toMatchObject({ code: 0, out: `errcode ${VERSION}` });
  });

  it('exit 2 for an option of another command, or a command line missing its parts', async () => {
    const wrong = await cli(['IMG.0024', '--service', 'ims']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--service is not an option of answers');
    expect((await cli(['ticket', '--json', 'IMG.0014'])).err).toContain("Run 'errcode ticket --help' for usage.");
    expect((await cli(['catalog'])).code).toBe(2);
    expect((await cli(['catalog', 'lint'])).code).toBe(2);
    expect((await cli(['import', 'page.md'])).code).toBe(2);
    expect((await cli(['ticket'])).code).toBe(2);
  });
});

describe('errcode ticket', () => {
  it('prints the ticket as Markdown for a code whose measure is to contact support', async () => {
    const { code, out } = await cli([
      'ticket',
      '{"error_code":"IMG.0014","error_msg":"An exception occurred when IaaS OpenStack was executing the task.","request_id":"0f2c6f1d8b7a"}',
    ]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe(
      '## [IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.',
    );
    expect(out).toContain('| Request ID | 0f2c6f1d8b7a |');
    expect(out).toContain('| Reporter | alice |');
    // The measure is the documentation's guidance, not something the reporter did.
    expect(out).toContain('### What I already tried\n_not given_');
    expect(out).toContain('### Handling measure the documentation gives\nContact technical support.');
  });

  it('refuses, with the reason, when nothing calls for support', async () => {
    const { code, err } = await cli(['ticket', 'IMG.0024']);
    expect(code).toBe(1);
    expect(err).toBe(
      "No ticket: IMG.0024's handling measure does not involve technical support: Select either BMS or ECS.",
    );
  });
});
