#!/usr/bin/env node
import { processIo } from './io.ts';
import { runCli } from './run.ts';

// A reader that stops early (`errcode --jsonl < queries | head`) closes the pipe: that is not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  io: processIo,
  stdin: process.stdin,
  stdout: process.stdout,
  env: process.env,
});
