import { createInterface } from 'node:readline';
import type { Answers } from './answers.ts';
import { formatAnswer, languageOf } from './cli/format.ts';
import type { Io } from './cli/io.ts';

/** Lines arriving closer together than this are one paste, answered together. */
const PASTE_GAP_MS = 30;

/** The banner of the local console: what is loaded and how to connect to Slack. */
export function consoleBanner(answers: Answers): string {
  const { catalog } = answers;
  const perService = catalog.services.map((s) => `${s.name} ${s.codes}`).join(', ');
  return [
    `errcode — ${catalog.entries.length} error codes (${perService})`,
    '',
    'Type a code (IMG.0024), a message or a few words, or paste a whole error body; you get the answer the bot',
    'would post. "help" shows examples, Ctrl-D quits.',
    '',
    'Not connected to Slack. To connect: create the app from manifest.yml at https://api.slack.com/apps, then set',
    'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) in .env and run npm start again.',
    'README.md → "Connect to Slack" has the steps.',
    '',
  ].join('\n');
}

const EXAMPLES = [
  'Examples:',
  '  IMG.0024',
  '  apigw0301',
  '  The length 70 of the catalog exceeds 64 characters.',
  '  {"error_code":"IMG.0014","error_msg":"An exception occurred when IaaS OpenStack was executing the task."}',
  '  备份不存在',
].join('\n');

/**
 * The local console `npm start` opens when Slack is not configured: one answer per question or paste. Multi-line
 * pastes are recognised by their lines arriving together. Resolves when the input ends.
 */
export function runConsole(
  answers: Answers,
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  io: Io,
): Promise<void> {
  io.out(consoleBanner(answers));
  const rl = createInterface({ input, terminal: false });
  const prompt = () => {
    if (input.isTTY) process.stdout.write('errcode> ');
  };
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  // Answers are recorded in the store (asynchronously): each waits for the one before, so they print in order.
  let answered: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const text = buffer.join('\n').trim();
    buffer = [];
    if (text === '') return prompt();
    if (/^(quit|exit)$/i.test(text)) return rl.close();
    answered = answered.then(async () => {
      if (/^(help|\?)$/i.test(text)) io.out(EXAMPLES);
      else io.out(formatAnswer((await answers.ask(text, { via: 'console' })).answer, languageOf(text)));
      io.out('');
      prompt();
    });
  };
  prompt();
  rl.on('line', (line) => {
    buffer.push(line);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, PASTE_GAP_MS);
  });
  return new Promise((resolve) => {
    rl.on('close', () => {
      if (timer) clearTimeout(timer);
      if (buffer.length) flush();
      resolve(answered);
    });
  });
}
