import { Readable } from 'node:stream';
import { type CliContext, runCli } from '../../src/cli/run.ts';
import { recordingIo } from '../helpers.ts';

/** Runs the CLI as a user would, with `input` piped on stdin (none: an interactive terminal with nothing piped). */
export async function cli(args: string[], input?: string, more: Partial<Pick<CliContext, 'env' | 'stdout'>> = {}) {
  const io = recordingIo();
  const stdin = Object.assign(Readable.from(input === undefined ? [] : [Buffer.from(input)]), {
    isTTY: input === undefined,
  });
  const env = { USER: 'alice', ERRCODE_CACHE_DIR: process.env.ERRCODE_CACHE_DIR, ...more.env };
  const code = await runCli(args, { io, stdin, env, stdout: more.stdout });
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}
