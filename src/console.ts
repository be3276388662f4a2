import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Answers } from './answers.ts';
import { formatAnswer, languageOf } from './cli/format.ts';
import type { Io } from './cli/io.ts';
import { ansi, plain, wantsColor } from './cli/style.ts';
import { ticketText } from './cli/ticket.ts';
import { sizeText } from './load-engine.ts';

/** Lines arriving closer together than this are one paste, answered together. */
const PASTE_GAP_MS = 30;
/** Questions kept in the history (and its file). */
const HISTORY_SIZE = 500;

/** Where the console reads, writes and keeps its history. */
export interface ConsoleOptions {
  /** What is typed or piped in. A terminal gets line editing, history and a prompt. */
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The terminal the prompt and line editing are drawn on (answers go through `io`). */
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  io: Io;
  /** For NO_COLOR / FORCE_COLOR, and USER as the ticket's reporter. */
  env: NodeJS.ProcessEnv;
  /** A file keeping the history between sessions, on a terminal; none when not given. */
  historyFile?: string;
}

/** The banner of the local console: what is loaded and how to connect to Slack. */
export function consoleBanner(answers: Answers): string {
  const { catalog } = answers;
  return [
    `errcode — ${sizeText({ codes: catalog.codes, services: catalog.services.length })} (Huawei Cloud and Open Telekom Cloud)`,
    '',
    'Type a code (IMG.0024), a message or a few words, or paste a whole error body; you get the answer the bot',
    'would post. "help" shows examples and commands, ↑ and ↓ recall earlier questions, "quit" or Ctrl-D quits.',
    '',
    'Not connected to Slack. To connect: create the app from manifest.yml at https://api.slack.com/apps, then set',
    'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) in .env and run npm start again.',
    'README.md → "Connect to Slack" has the steps.',
    '',
  ].join('\n');
}

/** What `help` prints in the console. */
export const CONSOLE_HELP = [
  'Ask about an error:',
  '  IMG.0024                     a code, in any spelling (apigw0301, img-0024)',
  '  The length 70 of the catalog exceeds 64 characters.',
  '                               a message, as received',
  '  {"error_code":"IMG.0014","error_msg":"An exception occurred…"}',
  '                               a whole error body (a multi-line paste is one)',
  '  备份不存在                   in Chinese, answered in Chinese',
  'Commands:',
  '  ticket <code | pasted body>  a support ticket as Markdown, for the provider',
  '  help                         this help',
  '  quit                         leave (or Ctrl-D)',
  'Line editing as in a shell; ↑ and ↓ recall earlier questions.',
].join('\n');

function readHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/**
 * The local console `npm start` opens when Slack is not configured: one answer per question or paste. On a terminal
 * it reads with line editing and history (node:readline); piped, it reads lines as they come. Multi-line pastes are
 * recognised by their lines arriving together. Resolves when the input ends or on `quit`.
 */
export function runConsole(answers: Answers, options: ConsoleOptions): Promise<void> {
  const { input, output, io, env } = options;
  const terminal = input.isTTY === true && output.isTTY === true;
  io.out(consoleBanner(answers));
  const rl = createInterface({
    input,
    output: terminal ? output : undefined,
    terminal,
    prompt: 'errcode> ',
    historySize: terminal ? HISTORY_SIZE : 0,
    history: terminal ? readHistory(options.historyFile) : [],
    removeHistoryDuplicates: true,
  });
  if (terminal && options.historyFile) {
    const file = options.historyFile;
    // Newest first, as readline keeps it. A history that cannot be saved is not worth interrupting anyone for.
    rl.on('history', (history: string[]) => {
      try {
        writeFileSync(file, `${history.join('\n')}\n`, { mode: 0o600 });
      } catch {}
    });
  }
  const prompt = () => {
    if (terminal) rl.prompt();
  };
  const layout = () => ({
    width: terminal && output.columns ? output.columns : 80,
    style: wantsColor(env, terminal) ? ansi : plain,
  });
  const respond = async (text: string): Promise<'quit' | undefined> => {
    if (/^(help|\?)$/i.test(text)) io.out(CONSOLE_HELP);
    else if (/^(quit|exit)$/i.test(text)) return 'quit';
    else if (/^ticket(\s|$)/i.test(text)) {
      const body = text.replace(/^ticket\s*/i, '');
      if (body === '') io.out('ticket needs a code or a pasted body: ticket IMG.0014');
      else {
        const ticket = ticketText((await answers.ask(body, { via: 'console' })).answer, env.USER);
        io.out('markdown' in ticket ? ticket.markdown : ticket.refusal);
      }
    } else {
      const { answer } = await answers.ask(text, { via: 'console' });
      io.out(formatAnswer(answer, { lang: languageOf(text), ...layout() }));
    }
    io.out('');
    return undefined;
  };

  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Questions are answered one at a time, in the order they were asked.
  let queue: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const text = buffer.join('\n').trim();
    buffer = [];
    queue = queue.then(async () => {
      if (text !== '' && (await respond(text)) === 'quit') return rl.close();
      if (!closed) prompt();
    });
  };
  rl.on('line', (line) => {
    buffer.push(line);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, PASTE_GAP_MS);
  });
  // Ctrl-C clears a line being typed, and leaves on an empty one.
  rl.on('SIGINT', () => {
    if (rl.line === '') return rl.close();
    rl.write(null, { ctrl: true, name: 'u' });
  });
  prompt();
  return new Promise((resolve) => {
    rl.on('close', () => {
      closed = true;
      if (timer) clearTimeout(timer);
      if (buffer.length) flush();
      if (terminal) output.write('\n');
      void queue.then(() => resolve());
    });
  });
}
