import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Answers } from '../src/answers.ts';
import { CONSOLE_HELP, runConsole } from '../src/console.ts';
import { openStorage } from '../src/store/storage.ts';
import { shippedEngine } from './engine/shared.ts';
import { recordingIo, tempDir } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The console fed through a pipe, as `echo … | npm start` does. */
async function piped() {
  const input = new PassThrough();
  const io = recordingIo();
  const done = runConsole(new Answers(shippedEngine(), await openStorage({ memory: true })), {
    input,
    output: new PassThrough(),
    io,
    env: { USER: 'alice' },
  });
  return { input, io, done, out: () => io.stdout.join('\n') };
}

describe('the local console', () => {
  it('greets with the catalog and how to connect, then answers each question', async () => {
    const { input, done, out } = await piped();
    input.write('IMG.0024\n');
    await sleep(80);
    input.write('{"error_code":"IMG.0014",\n"error_msg":"x"}\n');
    await sleep(80);
    input.end();
    await done;
    expect(out()).toMatch(/^errcode — [\d,]+ codes from \d+ services/);
    expect(out()).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect(out()).toContain('IMG.0024  The image type in the request is incorrect.');
    // The two-line paste arrived together and was answered as one.
    expect(out()).toContain('IMG.0014  An exception occurred');
    expect(out().match(/No matching error code/g)).toBeNull();
  });

  it('lists examples, ticket and quit in its help; prints a ticket; stops at quit', async () => {
    const { input, done, out } = await piped();
    input.write('help\n');
    await sleep(80);
    input.write('ticket {"error_code":"IMG.0014","request_id":"0f2c6f1d8b7a"}\n');
    await sleep(80);
    input.write('ticket IMG.0024\n');
    await sleep(80);
    input.write('quit\n');
    await done;
    expect(out()).toContain(CONSOLE_HELP);
    expect(CONSOLE_HELP).toMatch(/^ {2}ticket <code \| pasted body> /m);
    expect(CONSOLE_HELP).toMatch(/^ {2}quit /m);
    for (const line of CONSOLE_HELP.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(out()).toContain('## [IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.');
    expect(out()).toContain('| Request ID | 0f2c6f1d8b7a |');
    expect(out()).toContain('| Reporter | alice |');
    expect(out()).toContain("No ticket: IMG.0024's handling measure does not involve technical support");
  });
});

describe('the console on a terminal', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  /** `npm start` (console mode) on a pseudo-terminal, made by util-linux `script`; keystrokes in, screen out. */
  function onTerminal(home: string) {
    const child = spawn('script', ['-qfec', `${process.execPath} ${join(ROOT, 'dist/main.js')}`, '/dev/null'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, TERM: 'xterm', NO_COLOR: '1', COLUMNS: '100' },
      stdio: 'pipe',
    });
    children.push(child);
    let screen = '';
    child.stdout.on('data', (d) => {
      screen += String(d);
    });
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    /** Waits until the screen shows `text` `times` times. */
    const waitFor = async (text: string, times = 1) => {
      const until = Date.now() + 10_000;
      while (screen.split(text).length - 1 < times && Date.now() < until) await sleep(20);
      return screen.split(text).length - 1 >= times;
    };
    return { type: (keys: string) => child.stdin.write(keys), waitFor, screen: () => screen, exited };
  }

  it('recalls the previous question with ↑, edits the line, and keeps the history for next time', async () => {
    const home = tempDir('errcode-home-');
    try {
      writeFileSync(join(home.dir, '.errcode_history'), 'IMG.0020\n');
      const term = onTerminal(home.dir);
      expect(await term.waitFor('errcode> '), term.screen()).toBe(true);
      term.type('IMG.0024\r');
      expect(await term.waitFor('The image type in the request is incorrect.')).toBe(true);
      expect(await term.waitFor('errcode> ', 2)).toBe(true);
      // ↑ then Enter: the previous question again, not the escape sequence as a question.
      term.type('\u001b[A\r');
      expect(await term.waitFor('The image type in the request is incorrect.', 2)).toBe(true);
      expect(await term.waitFor('errcode> ', 3)).toBe(true);
      // ↑ ↑ reaches the previous session's question; ⌫ and typing edit it: IMG.0020 → IMG.0021.
      term.type('\u001b[A\u001b[A\u007f1\r');
      expect(await term.waitFor('IMG.0021  The resource type is unknown.'), term.screen()).toBe(true);
      term.type('quit\r');
      expect(await term.exited).toBe(0);
      expect(term.screen()).not.toContain('^[[A');
      expect(term.screen()).not.toContain('No matching error code');
      expect(term.screen()).not.toContain('^[[');
      expect(readFileSync(join(home.dir, '.errcode_history'), 'utf8').split('\n').slice(0, 3)).toEqual([
        'quit',
        'IMG.0021',
        'IMG.0024',
      ]);
    } finally {
      home.cleanup();
    }
  });
});
