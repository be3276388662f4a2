import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogError } from '../catalog/problems.ts';
import type { Lang } from '../catalog/schema.ts';
import type { Engine } from '../engine/engine.ts';
import { MAX_INPUT } from '../engine/extract.ts';
import { DEFAULT_CATALOG_DIR } from '../paths.ts';
import type { Io } from './io.ts';
import { boundedLines, type Input, readBounded } from './stdin.ts';
import { ansi, plain, type Style, wantsColor } from './style.ts';

/** What the CLI needs from the outside world. */
export interface CliContext {
  io: Io;
  stdin: Input & { isTTY?: boolean };
  /** The terminal answers are written to, if any: its width and whether it takes colour. */
  stdout?: { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** Languages `--lang` accepts (the catalog's). */
const LANGS: readonly Lang[] = ['en', 'zh'];

export const USAGE = `errcode — explain Huawei Cloud API error codes

Usage:
  errcode <code | words | pasted body>    explain an error (reads stdin when no argument)
  errcode --json <text>                   print the answer object as JSON
  errcode --jsonl                         read one JSON string per line on stdin, write one JSON answer per line
  errcode ticket <text>                   print a support ticket (Markdown) for a code or pasted body
  errcode import <page> --service <id>    import a published error-code page into catalog/<id>.yaml
  errcode catalog check                   validate every catalog file

Options:
  --catalog <dir>   catalog directory (default: the shipped catalog, or ERRCODE_CATALOG_DIR)
  --layout <name>   import: force a page layout instead of detecting it
  --lang <en|zh>    import: force the page language
  --dry-run         import: report what would change, write nothing
  -h, --help        this help`;

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    // A broken catalog, an unreadable input: exit 3, distinct from 1 ("nothing matched"). A catalog problem is the
    // user's to fix and says where; anything else is unexpected and keeps its stack for the bug report.
    if (error instanceof CatalogError) ctx.io.err(`errcode: ${error.message}`);
    else
      ctx.io.err(
        `errcode: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    return 3;
  }
}

async function dispatch(argv: string[], ctx: CliContext): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    ctx.io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.io.out(USAGE);
    return 0;
  }
  const catalogDir = resolve(values.catalog ?? ctx.env.ERRCODE_CATALOG_DIR ?? DEFAULT_CATALOG_DIR);
  const [command, ...rest] = positionals;
  // Each command imports what only it uses: `--help` loads no dependency, answers never load the importer.
  if (command === 'import') {
    const page = rest[0];
    if (!page || !values.service) {
      ctx.io.err('usage: errcode import <page> --service <id>');
      return 2;
    }
    if (values.lang && !LANGS.includes(values.lang as Lang)) {
      ctx.io.err(`--lang must be one of ${LANGS.join(', ')}`);
      return 2;
    }
    const [{ runImport }, { ImportError }] = await Promise.all([
      import('./import.ts'),
      import('../importer/import.ts'),
    ]);
    try {
      return runImport(
        {
          page,
          service: values.service,
          catalogDir,
          layout: values.layout,
          lang: values.lang as Lang | undefined,
          dryRun: values['dry-run'],
        },
        ctx.io,
      );
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      ctx.io.err(error.message);
      return 1;
    }
  }
  if (command === 'catalog') {
    if (rest[0] === 'check') return (await import('./check.ts')).runCheck(catalogDir, ctx.io);
    ctx.io.err('usage: errcode catalog check');
    return 2;
  }
  if (command === 'ticket') {
    const { runTicket } = await import('./ticket.ts');
    return runTicket(rest.join(' ') || (await readStdin(ctx)), catalogDir, ctx);
  }
  const [{ loadEngine }, { formatAnswer, languageOf }] = await Promise.all([
    import('../load-engine.ts'),
    import('./format.ts'),
  ]);
  const engine = loadEngine(catalogDir);
  if (values.jsonl) return runJsonl(engine, ctx);
  const text = positionals.length ? positionals.join(' ') : await readStdin(ctx);
  if (text.trim() === '') {
    ctx.io.err(USAGE);
    return 2;
  }
  const answer = engine.answer(text);
  ctx.io.out(
    values.json
      ? JSON.stringify(answer, null, 2)
      : formatAnswer(answer, { lang: languageOf(text), ...terminalLayout(ctx) }),
  );
  return answer.matches.length > 0 ? 0 : 1;
}

/** Wrapped to the terminal's width and decorated on a terminal; 80 columns of plain text otherwise (see wantsColor). */
function terminalLayout(ctx: CliContext): { width: number; style: Style } {
  const tty = ctx.stdout?.isTTY === true;
  return {
    width: tty && ctx.stdout?.columns ? ctx.stdout.columns : 80,
    style: wantsColor(ctx.env, tty) ? ansi : plain,
  };
}

/**
 * Reads stdin up to the engine's input limit (the rest is drained, not kept); an interactive terminal with nothing
 * piped gets the usage instead of a silent wait.
 */
async function readStdin(ctx: CliContext): Promise<string> {
  if (ctx.stdin.isTTY) return '';
  return readBounded(ctx.stdin);
}

/** Longest `--jsonl` line read: a JSON string holding the engine's whole input limit, escaped. */
const MAX_JSONL_LINE = 4 * MAX_INPUT;

/** `--jsonl`: one JSON string per input line, one JSON answer per output line; a bad line gets an error object. */
async function runJsonl(engine: Engine, ctx: CliContext): Promise<number> {
  let failures = 0;
  let lineNo = 0;
  for await (const line of boundedLines(ctx.stdin, MAX_JSONL_LINE)) {
    lineNo++;
    if (line.tooLong) {
      failures++;
      ctx.io.out(JSON.stringify({ error: `line ${lineNo}: longer than ${MAX_JSONL_LINE} characters` }));
      continue;
    }
    if (line.text.trim() === '') continue;
    let input: unknown;
    try {
      input = JSON.parse(line.text);
    } catch {
      input = undefined;
    }
    if (typeof input !== 'string') {
      failures++;
      ctx.io.out(JSON.stringify({ error: `line ${lineNo}: expected a JSON-encoded string` }));
      continue;
    }
    ctx.io.out(JSON.stringify(engine.answer(input)));
  }
  return failures > 0 ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      catalog: { type: 'string' },
      service: { type: 'string' },
      layout: { type: 'string' },
      lang: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
}
