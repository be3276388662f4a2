import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Lang } from '../catalog/schema.ts';
import type { Engine } from '../engine/engine.ts';
import { EXIT } from './exit.ts';
import type { Io } from './io.ts';
import type { Input } from './stdin.ts';
import type { Style } from './style.ts';
import { CHECK_USAGE, COMMAND_USAGE, IMPORT_USAGE, SNAPSHOT_USAGE, seeHelp, TICKET_USAGE, USAGE } from './usage.ts';

/** What the CLI needs from the outside world. */
export interface CliContext {
  io: Io;
  stdin: Input & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The terminal answers are written to, if any: its width and whether it takes colour. */
  stdout?: { isTTY?: boolean; columns?: number };
}

/** Languages `--lang` accepts (the catalog's). */
const LANGS: readonly Lang[] = ['en', 'zh'];

/** The commands, as `errcode help` names them; `answer` is the default one. */
type Command = 'answer' | 'ticket' | 'import' | 'catalog check' | 'catalog snapshot';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  catalog: { type: 'string' },
  service: { type: 'string' },
  layout: { type: 'string' },
  lang: { type: 'string' },
  'dry-run': { type: 'boolean' },
  only: { type: 'string' },
  except: { type: 'string' },
  all: { type: 'boolean' },
  out: { type: 'string' },
} as const;

/** The commands each option belongs to; `--help`, `--version` and `--catalog` belong to all. */
const OPTION_COMMANDS: Partial<Record<keyof typeof OPTIONS, readonly Command[]>> = {
  json: ['answer'],
  jsonl: ['answer'],
  lang: ['answer', 'import'],
  service: ['import'],
  layout: ['import'],
  'dry-run': ['import'],
  only: ['import'],
  except: ['import'],
  all: ['import'],
  out: ['catalog snapshot'],
};

/** Runs the CLI and returns its exit status (see EXIT); never calls process.exit, so tests can drive it. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    // A broken catalog, an unreadable input: exit 3, distinct from 1 ("nothing matched"). A catalog problem is the
    // user's to fix and says where; anything else is unexpected and keeps its stack for the bug report.
    const { CatalogError } = await import('../catalog/problems.ts');
    if (error instanceof CatalogError) ctx.io.err(`errcode: ${error.message}`);
    else ctx.io.err(`errcode: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    return EXIT.failure;
  }
}

async function dispatch(argv: string[], ctx: CliContext): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(ctx, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    const { packageVersion } = await import('./version.ts');
    ctx.io.out(`errcode ${packageVersion()}`);
    return EXIT.ok;
  }
  const [first, ...rest] = positionals;
  if (first === 'help') return help(rest, ctx);
  const command: Command =
    first === 'ticket' || first === 'import'
      ? first
      : first === 'catalog'
        ? rest[0] === 'snapshot'
          ? 'catalog snapshot'
          : 'catalog check'
        : 'answer';
  for (const [option, commands] of Object.entries(OPTION_COMMANDS)) {
    if (values[option as keyof typeof values] !== undefined && !commands.includes(command)) {
      return usageError(ctx, `--${option} is not an option of ${command === 'answer' ? 'answers' : command}`, command);
    }
  }
  if (values.lang !== undefined && !LANGS.includes(values.lang as Lang)) {
    return usageError(ctx, `--lang must be one of ${LANGS.join(', ')} (got "${values.lang}")`, command);
  }
  // Each command imports what only it uses: `--help` loads no dependency, answers never load the importer.
  const catalogDir = async () =>
    resolve(values.catalog ?? ctx.env.ERRCODE_CATALOG_DIR ?? (await import('../paths.ts')).DEFAULT_CATALOG_DIR);
  switch (command) {
    case 'ticket': {
      if (values.help) return printed(ctx, TICKET_USAGE);
      const text = rest.length ? rest.join(' ') : await readStdin(ctx);
      if (text.trim() === '') return usageError(ctx, 'a code or a pasted body is needed', 'ticket');
      const { runTicket } = await import('./ticket.ts');
      return runTicket(text, await catalogDir(), ctx);
    }
    case 'import': {
      if (values.help) return printed(ctx, IMPORT_USAGE);
      const { runImport, runImportAll } = await import('./import.ts');
      if (values.all && rest.length === 0 && !values.service) {
        return runImportAll(await catalogDir(), ctx.io, values['dry-run']);
      }
      const [page, ...extra] = rest;
      if (!page || !values.service || extra.length || values.all) {
        return usageError(ctx, 'usage: errcode import <page> --service <id>, or errcode import --all', 'import');
      }
      return runImport(
        {
          page,
          service: values.service,
          catalogDir: await catalogDir(),
          layout: values.layout,
          lang: values.lang as Lang | undefined,
          only: listOption(values.only),
          except: listOption(values.except),
          dryRun: values['dry-run'],
        },
        ctx.io,
      );
    }
    case 'catalog check': {
      if (values.help) return printed(ctx, CHECK_USAGE);
      if (rest[0] !== 'check' || rest.length > 1)
        return usageError(ctx, 'usage: errcode catalog check | errcode catalog snapshot', 'catalog check');
      return (await import('./check.ts')).runCheck(await catalogDir(), ctx.io);
    }
    case 'catalog snapshot': {
      if (values.help) return printed(ctx, SNAPSHOT_USAGE);
      if (rest.length > 1) return usageError(ctx, 'usage: errcode catalog snapshot [--out <file>]', 'catalog snapshot');
      return (await import('./check.ts')).runSnapshot(await catalogDir(), values.out, ctx.io);
    }
    case 'answer':
      if (values.help) return printed(ctx, await usageWithCatalog(await catalogDir(), ctx.env));
      return answer(positionals, values, await catalogDir(), ctx);
  }
}

/** `errcode <text>`, `--json`, `--jsonl`. */
async function answer(
  positionals: string[],
  values: { json?: boolean; jsonl?: boolean; lang?: string },
  catalogDir: string,
  ctx: CliContext,
): Promise<number> {
  const [{ loadEngine }, { packageVersion }] = await Promise.all([import('../load-engine.ts'), import('./version.ts')]);
  if (values.jsonl) return runJsonl(await loadEngine(catalogDir), packageVersion(), ctx);
  const text = positionals.length ? positionals.join(' ') : await readStdin(ctx);
  if (text.trim() === '') {
    ctx.io.err(USAGE);
    return EXIT.usage;
  }
  const engine = await loadEngine(catalogDir);
  const result = engine.answer(text);
  if (values.json) ctx.io.out(JSON.stringify({ version: packageVersion(), ...result }, null, 2));
  else {
    const { formatAnswer, languageOf } = await import('./format.ts');
    const lang = (values.lang as Lang | undefined) ?? languageOf(text);
    ctx.io.out(formatAnswer(result, { lang, ...(await terminalLayout(ctx)) }));
  }
  return result.matches.length > 0 ? EXIT.ok : EXIT.notFound;
}

/** `errcode help [command]`. */
/**
 * The general help, with the catalog's size when a snapshot of this catalog says it (read from its first bytes: the
 * help never loads the catalog).
 */
async function usageWithCatalog(catalogDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { summaryOf, sizeText } = await import('../load-engine.ts');
  const summary = summaryOf(catalogDir, env);
  const line = summary
    ? `Catalog: ${sizeText(summary)}, Huawei Cloud and Open Telekom Cloud.`
    : `Catalog: ${catalogDir} (not compiled yet; the first answer compiles it).`;
  return USAGE.replace('\n\nUsage:', `\n${line}\n\nUsage:`);
}

async function help(topics: string[], ctx: CliContext): Promise<number> {
  const topic = topics.join(' ');
  if (topic === '') {
    const { DEFAULT_CATALOG_DIR } = await import('../paths.ts');
    return printed(ctx, await usageWithCatalog(resolve(ctx.env.ERRCODE_CATALOG_DIR ?? DEFAULT_CATALOG_DIR), ctx.env));
  }
  const usage = COMMAND_USAGE[topic] ?? (topic === 'catalog check' ? CHECK_USAGE : undefined);
  if (usage) return printed(ctx, usage);
  return usageError(ctx, `no help for "${topic}": the commands are ticket, import and catalog check`);
}

function printed(ctx: CliContext, text: string): number {
  ctx.io.out(text);
  return EXIT.ok;
}

/** A wrong command line: what is wrong, and where the help is. */
function usageError(ctx: CliContext, problem: string, command?: Command): number {
  ctx.io.err(`errcode: ${problem}\n${seeHelp(command === 'answer' ? undefined : command)}`);
  return EXIT.usage;
}

/** Wrapped to the terminal's width and decorated on a terminal; 80 columns of plain text otherwise (see wantsColor). */
async function terminalLayout(ctx: CliContext): Promise<{ width: number; style: Style }> {
  const { ansi, plain, wantsColor } = await import('./style.ts');
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
  const [{ readBounded }, { MAX_INPUT }] = await Promise.all([import('./stdin.ts'), import('../engine/extract.ts')]);
  return readBounded(ctx.stdin, MAX_INPUT);
}

/**
 * `--jsonl`: one JSON string per input line, one JSON answer per output line. A line that is not a JSON string gets an
 * error object in its place, and the exit status 2 at the end.
 */
async function runJsonl(engine: Engine, version: string, ctx: CliContext): Promise<number> {
  const [{ boundedLines }, { MAX_INPUT }] = await Promise.all([import('./stdin.ts'), import('../engine/extract.ts')]);
  // Longest line read: a JSON string holding the engine's whole input limit, escaped.
  const MAX_JSONL_LINE = 4 * MAX_INPUT;
  let failures = 0;
  let lineNo = 0;
  for await (const line of boundedLines(ctx.stdin, MAX_JSONL_LINE)) {
    lineNo++;
    if (line.tooLong) {
      failures++;
      ctx.io.out(JSON.stringify({ version, error: `line ${lineNo}: longer than ${MAX_JSONL_LINE} characters` }));
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
      ctx.io.out(JSON.stringify({ version, error: `line ${lineNo}: expected a JSON-encoded string` }));
      continue;
    }
    ctx.io.out(JSON.stringify({ version, ...engine.answer(input) }));
  }
  return failures > 0 ? EXIT.usage : EXIT.ok;
}

/** `APIG,APIC` → `['APIG', 'APIC']`; undefined when the option is absent. */
function listOption(value: string | undefined): string[] | undefined {
  const list = value
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return list?.length ? list : undefined;
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
}
