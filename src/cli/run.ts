import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../catalog/load.ts';
import { CatalogError } from '../catalog/problems.ts';
import { LANGS, type Lang } from '../catalog/schema.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { ImportError } from '../importer/import.ts';
import { DEFAULT_CATALOG_DIR } from '../paths.ts';
import { runCheck } from './check.ts';
import { formatAnswer, languageOf } from './format.ts';
import { runImport, runImportAll } from './import.ts';
import type { Io } from './io.ts';
import { runTicket } from './ticket.ts';

/** What the CLI needs from the outside world. */
export interface CliContext {
  io: Io;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const USAGE = `errcode — explain Huawei Cloud API error codes

Usage:
  errcode <code | words | pasted body>    explain an error (reads stdin when no argument)
  errcode --json <text>                   print the answer object as JSON
  errcode --jsonl                         read one JSON string per line on stdin, write one JSON answer per line
  errcode ticket <text>                   print a support ticket (Markdown) for a code or pasted body
  errcode import <page> --service <id>    import a page under catalog/pages into catalog/<id>.yaml
  errcode import --all                    rebuild every catalog file from its pages
  errcode catalog check                   validate every catalog file

Options:
  --catalog <dir>   catalog directory (default: the shipped catalog, or ERRCODE_CATALOG_DIR)
  --layout <name>   import: force a page layout instead of detecting it
  --lang <en|zh>    import: force the page language
  --only <P,Q>      import: only the rows whose code has one of these prefixes
  --except <P,Q>    import: every row but those whose code has one of these prefixes
  --dry-run         import: report what would change, write nothing
  -h, --help        this help`;

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    // Expected failures (a bad catalog, an unreadable page) are reported as their message; anything else is a bug.
    if (error instanceof CatalogError || error instanceof ImportError) {
      ctx.io.err(error.message);
      return 1;
    }
    throw error;
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
  if (command === 'import') {
    if (values.all) return runImportAll(catalogDir, ctx.io, values['dry-run']);
    const page = rest[0];
    if (!page || !values.service) {
      ctx.io.err('usage: errcode import <page> --service <id>   (or errcode import --all)');
      return 2;
    }
    if (values.lang && !LANGS.includes(values.lang as Lang)) {
      ctx.io.err(`--lang must be one of ${LANGS.join(', ')}`);
      return 2;
    }
    return runImport(
      {
        page,
        service: values.service,
        catalogDir,
        layout: values.layout,
        lang: values.lang as Lang | undefined,
        only: listOption(values.only),
        except: listOption(values.except),
        dryRun: values['dry-run'],
      },
      ctx.io,
    );
  }
  if (command === 'catalog') {
    if (rest[0] === 'check') return runCheck(catalogDir, ctx.io);
    ctx.io.err('usage: errcode catalog check');
    return 2;
  }
  if (command === 'ticket') return runTicket(rest.join(' ') || (await readStdin(ctx)), catalogDir, ctx);
  const engine = createEngine(loadCatalog(catalogDir));
  if (values.jsonl) return runJsonl(engine, ctx);
  const text = positionals.length ? positionals.join(' ') : await readStdin(ctx);
  if (text.trim() === '') {
    ctx.io.err(USAGE);
    return 2;
  }
  const answer = engine.answer(text);
  ctx.io.out(values.json ? JSON.stringify(answer, null, 2) : formatAnswer(answer, languageOf(text)));
  return answer.matches.length > 0 ? 0 : 1;
}

/** Reads all of stdin; an interactive terminal with nothing piped gets the usage instead of a silent wait. */
async function readStdin(ctx: CliContext): Promise<string> {
  if (ctx.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** `--jsonl`: one JSON string per input line, one JSON answer per output line; a bad line gets an error object. */
async function runJsonl(engine: Engine, ctx: CliContext): Promise<number> {
  const lines = createInterface({ input: ctx.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let failures = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let input: unknown;
    try {
      input = JSON.parse(line);
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

/** `APIG,APIC` → `['APIG', 'APIC']`; undefined when the option is absent. */
function listOption(value: string | undefined): string[] | undefined {
  const list = value
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return list?.length ? list : undefined;
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
      only: { type: 'string' },
      except: { type: 'string' },
      all: { type: 'boolean' },
    },
  });
}
