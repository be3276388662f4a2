import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Answers } from '../src/answers.ts';
import { runConsole } from '../src/console.ts';
import { openStorage } from '../src/store/storage.ts';
import { shippedEngine } from './engine/shared.ts';
import { recordingIo } from './helpers.ts';

describe('the local console', () => {
  it('greets with the catalog and how to connect, then answers each question', async () => {
    const input = new PassThrough();
    const io = recordingIo();
    const done = runConsole(new Answers(shippedEngine(), await openStorage({ memory: true })), input, io);
    input.write('IMG.0024\n');
    await new Promise((r) => setTimeout(r, 80));
    input.write('{"error_code":"IMG.0014",\n"error_msg":"x"}\n');
    await new Promise((r) => setTimeout(r, 80));
    input.end();
    await done;
    const out = io.stdout.join('\n');
    expect(out).toContain('errcode — 482 error codes');
    expect(out).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect(out).toContain('IMG.0024  The image type in the request is incorrect.');
    // The two-line paste arrived together and was answered as one.
    expect(out).toContain('IMG.0014  An exception occurred');
    expect(out.match(/No matching error code/g)).toBeNull();
  });
});
