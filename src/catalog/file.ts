import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from 'yaml';
import type { ZodIssue } from 'zod';
import type { Problem } from './problems.ts';
import { type Entry, type PageInfo, type ServiceFile, serviceFileSchema } from './schema.ts';

/** A parsed catalog file with a way to find the line of any value in it. */
export interface ParsedFile {
  data?: ServiceFile;
  problems: Problem[];
  /** Line (1-based) of the value at `path`, or of its nearest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number;
}

/** Parses and validates one service file; never throws, reports file:line problems instead. */
export function parseServiceFile(file: string, text: string): ParsedFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => counter.linePos(offset).line;
  const lineOf = (path: readonly (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && (isMap(node) || isSeq(node) || isScalar(node)) && node.range) return lineAt(node.range[0]);
    }
    return 1;
  };
  const yamlProblems = [...doc.errors, ...doc.warnings].map((e) => ({
    file,
    line: e.linePos?.[0]?.line ?? lineAt(e.pos[0]),
    message: `YAML: ${e.message.split('\n')[0]}`,
  }));
  if (doc.errors.length > 0) return { problems: yamlProblems, lineOf };
  const result = serviceFileSchema.safeParse(doc.toJS());
  if (!result.success) {
    return { problems: [...yamlProblems, ...result.error.issues.map((i) => issueToProblem(file, i, lineOf))], lineOf };
  }
  return { data: result.data, problems: yamlProblems, lineOf };
}

function issueToProblem(file: string, issue: ZodIssue, lineOf: ParsedFile['lineOf']): Problem {
  const where = issue.path.length ? issue.path.join('.') : 'file';
  let message = issue.message;
  let path: (string | number)[] = issue.path;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    path = [...issue.path, issue.keys[0] ?? ''];
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') message = 'is required';
  if (issue.code === 'invalid_enum_value')
    message = `must be one of ${issue.options.join(', ')} (got ${String(issue.received)})`;
  return { file, line: lineOf(path), message: `${where}: ${message}` };
}

const PAGE_ORDER: (keyof PageInfo)[] = ['file', 'lang', 'layout', 'cloud', 'title', 'updated', 'url', 'only', 'except'];

/** The object's defined fields in the given order: one layout for every file, whoever wrote it. */
function ordered<T extends object>(value: T, order: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (value[k] !== undefined) out[k as string] = value[k];
  return out;
}

const ENTRY_ORDER: (keyof Entry)[] = [
  'code',
  'variant',
  'status',
  'message',
  'cause',
  'measure',
  'cause_zh',
  'measure_zh',
  'escalation',
  'sources',
  'local',
];

/** Serialises a service file with a fixed field order, so imports produce small, reviewable diffs. */
export function stringifyServiceFile(file: ServiceFile): string {
  const layout = {
    service: file.service,
    name: file.name,
    prefixes: file.prefixes,
    ...(file.owns.length ? { owns: file.owns } : {}),
    aliases: file.aliases,
    hosts: file.hosts,
    ...(file.docs ? { docs: file.docs } : {}),
    pages: file.pages.map((p) => ordered(p, PAGE_ORDER)),
    ...(file.fallback ? { fallback: file.fallback } : {}),
    entries: file.entries.map((e) => ordered(e, ENTRY_ORDER)),
  };
  const header =
    '# errcode catalog file. Imported fields are rewritten by `errcode import`;\n' +
    '# `name`, `owns`, `aliases`, `hosts`, `docs`, page URLs of the vendor’s own pages and each entry’s `local:` block are\n' +
    '# curated by hand and kept across imports.\n';
  return header + stringify(layout, { lineWidth: 0, indent: 2, indentSeq: true });
}
