import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedLines, readBounded } from '../../src/cli/stdin.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** The peak resident memory of a running process in MB (Linux), or 0 once it is gone. */
function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Pipes `head`, then `fillerMb` megabytes of text, into the installed CLI; resolves with what it did. */
function pipeInto(args: string[], head: string, fillerMb: number) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], {
    stdio: 'pipe',
    // Only what a shell passes: a CI's FORCE_COLOR would colour the answer.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, peakRssMb(child.pid ?? 0));
  }, 20);
  // The CLI may stop reading early; a closed pipe is not this test's failure.
  child.stdin.on('error', () => undefined);
  const feed = async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'lorem ipsum dolor sit amet ');
    child.stdin.write(head);
    for (let i = 0; i < fillerMb && !child.stdin.destroyed; i++) {
      if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end();
  };
  void feed();
  return new Promise<{ code: number | null; stdout: string; stderr: string; peakMb: number }>((done) => {
    child.on('close', (code) => {
      clearInterval(poll);
      done({ code, stdout, stderr, peakMb: peak });
    });
  });
}

describe('errcode reading stdin', () => {
  it('answers the first megabyte of a 600 MB paste and drains the rest without holding it', async () => {
    const run = await pipeInto([], '{"error_code":"IMG.0024"}\n', 600);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('IMG.0024  The image type in the request is incorrect.');
    // Node itself and the index take well under 150 MB; the paste must never be held whole.
    expect(run.peakMb).toBeLessThan(150);
  }, 60_000);

  it('cuts a 50 MB ticket paste the same way', async () => {
    const run = await pipeInto(['ticket'], '{"error_code":"IMG.0014","request_id":"0f2c6f1d8b7a"}\n', 50);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| Request ID | 0f2c6f1d8b7a |');
  }, 60_000);
});

describe('readBounded', () => {
  it('keeps the limit and one character more, so the engine knows the input was cut', async () => {
    expect(await readBounded(Readable.from([Buffer.from('abcdef'), Buffer.from('ghij')]), 4)).toBe('abcde');
    expect(await readBounded(Readable.from([Buffer.from('abc')]), 4)).toBe('abc');
  });

  it('decodes a character split across chunks', async () => {
    const bytes = Buffer.from('备份不存在');
    expect(await readBounded(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]), 100)).toBe('备份不存在');
  });
});

describe('boundedLines', () => {
  const lines = async (chunks: string[], limit: number) => {
    const out = [];
    for await (const l of boundedLines(Readable.from(chunks.map((c) => Buffer.from(c))), limit)) out.push(l);
    return out;
  };

  it('splits on \\n and \\r\\n across chunks, the last line without a newline included', async () => {
    expect(await lines(['"a"\r\n"b', 'c"\n', '\n"d"'], 10)).toEqual([
      { text: '"a"' },
      { text: '"bc"' },
      { text: '' },
      { text: '"d"' },
    ]);
  });

  it('reports a line over the limit as too long and goes on with the next', async () => {
    expect(await lines(['"ok"\n"', 'x'.repeat(30), 'x'.repeat(30), '"\n"next"\n'], 20)).toEqual([
      { text: '"ok"' },
      { tooLong: true },
      { text: '"next"' },
    ]);
    expect(await lines(['x'.repeat(30)], 20)).toEqual([{ tooLong: true }]);
  });
});
