import { indentOf } from './rst-parse.ts';

/**
 * Turns the source of one reStructuredText table cell into plain text: paragraphs become lines, list items become
 * lines (`- item`, `1. item`), an admonition becomes a line starting `Note: ` / `Warning: `, and inline markup
 * (`**strong**`, `*emphasis*`, ``` ``literal`` ```, roles, links, backslash escapes) is reduced to its text. Spaces are
 * folded within lines. It never throws, and runs in time linear in the cell's length.
 */
export function rstText(source: string): string {
  const out: Block[] = [];
  blocks(source.split('\n'), out, 0);
  return out
    .map((b) => foldSpaces(b.raw ? b.text : inline(b.text)))
    .filter((l) => l !== '')
    .join('\n');
}

/** One output line: a paragraph, a list item, an admonition, or a line of a literal block (`raw`, kept as is). */
interface Block {
  text: string;
  /** Starts a list item or an admonition: the paragraphs that follow inside it are joined onto it. */
  item?: boolean;
  raw?: boolean;
}

const MAX_DEPTH = 32;
const BULLET = /^([-*+\u2022\u2023\u2043])(?: +|$)/;
const ENUMERATED = /^(?:(\d+|[A-Za-z]|#)[.)]|\((\d+|[A-Za-z]|#)\))(?: +|$)/;
const DIRECTIVE = /^\.\. +([A-Za-z][\w:+-]*)::(?: +(.*))?$/;
const ADMONITION = /^(?:note|warning|caution|important|tip|hint|attention|danger|error|seealso|admonition)$/i;
const LITERAL = /^(?:code-block|code|sourcecode|parsed-literal|literalinclude|math|raw)$/i;

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

/** The end of the indented body that follows line `from - 1` (blank lines inside it included, trailing ones not). */
function bodyEnd(lines: readonly string[], from: number): number {
  let end = from;
  let last = from;
  while (end < lines.length) {
    const line = lines[end] ?? '';
    if (!isBlank(line) && indentOf(line) === 0) break;
    end++;
    if (!isBlank(line)) last = end;
  }
  return last;
}

/** Removes the indentation the lines share. */
function dedent(lines: readonly string[]): string[] {
  let min = Number.POSITIVE_INFINITY;
  for (const l of lines) if (!isBlank(l)) min = Math.min(min, indentOf(l));
  return Number.isFinite(min) ? lines.map((l) => l.slice(min)) : [];
}

/** Reads body elements from lines whose left edge is column 0. */
function blocks(lines: readonly string[], out: Block[], depth: number): void {
  let i = 0;
  let counter = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (depth >= MAX_DEPTH) {
      out.push({ text: line.trim() });
      i++;
      continue;
    }
    if (indentOf(line) > 0) {
      // A block quote (or a definition): its own elements, one level in.
      const end = bodyEnd(lines, i);
      blocks(dedent(lines.slice(i, end)), out, depth + 1);
      i = Math.max(end, i + 1);
      continue;
    }
    const marker = BULLET.exec(line) ?? (enumeratedAt(lines, i) ? ENUMERATED.exec(line) : null);
    if (marker) {
      const end = bodyEnd(lines, i + 1);
      let label = marker[0].trim();
      if (BULLET.test(line)) label = '-';
      else {
        // `#.` numbers itself: one more than the item before it.
        const given = Number.parseInt((marker[1] ?? marker[2] ?? '').replace('#', ''), 10);
        counter = Number.isNaN(given) ? counter + 1 : given;
        label = label.replace('#', String(counter));
      }
      item(label, [line.slice(marker[0].length), ...lines.slice(i + 1, end)], out, depth, true);
      i = end;
      continue;
    }
    counter = 0;
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      const end = bodyEnd(lines, i + 1);
      directiveBlock(directive[1] ?? '', directive[2] ?? '', lines.slice(i + 1, end), out, depth);
      i = end;
      continue;
    }
    if (/^\.\.(?: |$)/.test(line)) {
      // A comment or a hyperlink target: not rendered.
      i = bodyEnd(lines, i + 1);
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !isBlank(lines[end]) && indentOf(lines[end] ?? '') === 0) end++;
    const para = lines.slice(i, end).join(' ');
    const trimmed = para.trimEnd();
    if (trimmed.endsWith('::') && end < lines.length) {
      // `Paragraph::` introduces a literal block: `::` reads as `:` (or nothing after a space).
      const before = trimmed.slice(0, -2);
      out.push({ text: before.trimEnd() === before ? `${before}:` : before });
      const bodyStop = bodyEnd(lines, end);
      for (const l of dedent(lines.slice(end, bodyStop))) out.push({ text: l, raw: true });
      i = Math.max(bodyStop, end);
      continue;
    }
    out.push({ text: para });
    i = end;
  }
}

/** Whether line `i` starts an enumerated list item (docutils: followed by a blank, indented or next-item line). */
function enumeratedAt(lines: readonly string[], i: number): boolean {
  if (!ENUMERATED.test(lines[i] ?? '')) return false;
  const next = lines[i + 1];
  return isBlank(next) || indentOf(next ?? '') > 0 || ENUMERATED.test(next ?? '');
}

/**
 * A list item or an admonition: its first paragraph prefixed with the label; for a list item the item's other
 * paragraphs are joined onto the same line (one item a line), nested lists and notes keep lines of their own.
 */
function item(label: string, body: readonly string[], out: Block[], depth: number, joinParas: boolean): void {
  const [first = '', ...rest] = body;
  const inner: Block[] = [];
  blocks([first.trim(), ...dedent(rest)], inner, depth + 1);
  const head: Block = { text: label, item: true };
  out.push(head);
  let joining = true;
  inner.forEach((b, k) => {
    if (k === 0 && !b.raw) head.text = `${label} ${b.text}`;
    else if (joinParas && joining && !b.item && !b.raw) head.text = `${head.text} ${b.text}`;
    else {
      joining = false;
      out.push(b);
    }
  });
}

function directiveBlock(name: string, argument: string, body: readonly string[], out: Block[], depth: number): void {
  if (ADMONITION.test(name)) {
    const label = /^admonition$/i.test(name)
      ? argument.trim()
      : `${name[0]?.toUpperCase()}${name.slice(1).toLowerCase()}`;
    const content = /^admonition$/i.test(name) || argument.trim() === '' ? dedent(body) : [argument, ...dedent(body)];
    item(`${label === 'Seealso' ? 'See also' : label}:`, ['', ...content], out, depth, false);
    return;
  }
  if (LITERAL.test(name)) {
    for (const l of dedent(body)) out.push({ text: l, raw: true });
    return;
  }
  // Another directive (an image, a container): what it says in its body, if anything.
  blocks(dedent(body.filter((l) => !/^\s*:[\w-]+:/.test(l))), out, depth + 1);
}

/** Folds runs of spaces (and the odd Unicode space) into one, trimmed; zero-width characters removed. */
function foldSpaces(text: string): string {
  return text
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[\s\u00a0\u2002\u2003\u2009]+/g, ' ')
    .trim();
}

// Inline markup, after the docutils recognition rules: a start-string follows whitespace, the start or an opening
// punctuation and is followed by a non-space; an end-string follows a non-space and is followed by whitespace, the
// end, a backslash or a closing punctuation.
const START_BEFORE_ASCII = /[\s"'(<[{\\/:-]/;
const END_AFTER_ASCII = /[\s"')>\]}\\/:.,;!?-]/;
const PUNCTUATION = /[\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Pd}\p{Po}]/u;

/** Whether `c` may come right before a start-string. */
function opensAfter(c: string): boolean {
  return START_BEFORE_ASCII.test(c) || (c.charCodeAt(0) > 127 && (/\s/.test(c) || PUNCTUATION.test(c)));
}

/** Whether `c` may come right after an end-string. */
function closesBefore(c: string): boolean {
  return END_AFTER_ASCII.test(c) || (c.charCodeAt(0) > 127 && (/\s/.test(c) || PUNCTUATION.test(c)));
}
const ROLE = /^:([A-Za-z0-9][\w.+-]*(?::[\w.+-]+)*):`/;
const SUFFIX_ROLE = /^:([A-Za-z0-9][\w.+-]*):/;

/** Reduces inline markup in one paragraph to its text. */
export function inline(text: string): string {
  if (!/[*`\\:]/.test(text)) return text;
  const ends = new EndFinder(text);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== undefined && !/\s/.test(next)) out += next;
      i += 2;
      continue;
    }
    if ((c === '*' || c === '`' || c === ':') && startsAt(text, i)) {
      const read = markupAt(text, i, ends);
      if (read) {
        out += read.text;
        i = read.end;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** Whether inline markup may start at `i` (judged on the character before it and the one after the start-string). */
function startsAt(text: string, i: number): boolean {
  const before = text[i - 1];
  return before === undefined || opensAfter(before);
}

/** Whether the end-string occupying [p, p + length) may end inline markup. */
function endsAt(text: string, p: number, length: number): boolean {
  const before = text[p - 1];
  if (before === undefined || /\s/.test(before) || isEscaped(text, p)) return false;
  const after = text[p + length];
  return after === undefined || closesBefore(after);
}

function isEscaped(text: string, p: number): boolean {
  let n = 0;
  for (let q = p - 1; q >= 0 && text[q] === '\\'; q--) n++;
  return n % 2 === 1;
}

/**
 * Finds the next valid end-string of each kind. Queries come with non-decreasing positions, so each kind's answer is
 * reused until passed: the scan stays linear however many start-strings go unmatched.
 */
class EndFinder {
  private readonly cache = new Map<string, { from: number; at: number }>();
  constructor(private readonly text: string) {}

  next(end: string, from: number, valid: (p: number) => boolean): number {
    const hit = this.cache.get(end);
    if (hit && from >= hit.from && (hit.at === -1 || hit.at >= from)) return hit.at;
    let p = this.text.indexOf(end, from);
    while (p >= 0 && !valid(p)) p = this.text.indexOf(end, p + 1);
    this.cache.set(end, { from, at: p });
    return p;
  }
}

interface Markup {
  text: string;
  end: number;
}

function markupAt(text: string, i: number, ends: EndFinder): Markup | undefined {
  if (text.startsWith('**', i)) return enclosed(text, i, '**', ends, resolveEscapes);
  if (text.startsWith('``', i)) return enclosed(text, i, '``', ends, (s) => s);
  if (text[i] === '*') return enclosed(text, i, '*', ends, resolveEscapes);
  if (text[i] === ':') {
    const role = ROLE.exec(text.slice(i, i + 80));
    if (!role) return undefined;
    const open = i + role[0].length - 1;
    const read = interpreted(text, open, ends);
    return read ? { text: roleText(read.content), end: read.end } : undefined;
  }
  const read = interpreted(text, i, ends);
  if (!read) return undefined;
  const rest = text.slice(read.end, read.end + 40);
  const underscores = /^_{1,2}/.exec(rest)?.[0].length ?? 0;
  if (underscores > 0) return { text: linkText(read.content), end: read.end + underscores };
  const suffix = SUFFIX_ROLE.exec(rest);
  if (suffix) return { text: roleText(read.content), end: read.end + suffix[0].length };
  return { text: resolveEscapes(read.content), end: read.end };
}

/** `**strong**`, `*emphasis*`, ``` ``literal`` ```: the text between start- and end-string. */
function enclosed(
  text: string,
  i: number,
  mark: string,
  ends: EndFinder,
  render: (s: string) => string,
): Markup | undefined {
  const from = i + mark.length;
  const first = text[from];
  if (first === undefined || /\s/.test(first) || (mark === '*' && first === '*')) return undefined;
  if (closes(text[i - 1], first)) return undefined;
  const valid =
    mark === '``'
      ? (p: number) => p > from && !/\s/.test(text[p - 1] ?? ' ') && endOrDone(text, p + 2)
      : (p: number) => p > from && endsAt(text, p, mark.length);
  const at = ends.next(mark, from + 1, valid);
  if (at < 0) return undefined;
  return { text: render(text.slice(from, at)), end: at + mark.length };
}

function endOrDone(text: string, p: number): boolean {
  const after = text[p];
  return after === undefined || closesBefore(after);
}

/** A quote or bracket right before a start-string, closed right after it, means the start-string is not one. */
function closes(before: string | undefined, after: string): boolean {
  const pairs: Record<string, string> = { "'": "'", '"': '"', '<': '>', '(': ')', '[': ']', '{': '}' };
  return before !== undefined && pairs[before] === after;
}

/** `` `text` `` from the backtick at `open`: its content, and where the closing backtick ends. */
function interpreted(text: string, open: number, ends: EndFinder): { content: string; end: number } | undefined {
  const first = text[open + 1];
  if (first === undefined || /\s/.test(first) || first === '`') return undefined;
  const valid = (p: number) => {
    if (p <= open + 1 || isEscaped(text, p) || /\s/.test(text[p - 1] ?? ' ')) return false;
    const after = text[p + 1];
    return after === undefined || after === '_' || after === ':' || closesBefore(after);
  };
  const at = ends.next('`', open + 2, valid);
  if (at < 0) return undefined;
  return { content: text.slice(open + 1, at), end: at + 1 };
}

/** What a role shows: the title of a cross-reference (`:ref:` `Title <target>`), else its text. */
function roleText(content: string): string {
  const target = explicitTarget(content);
  if (!target) return resolveEscapes(content);
  return resolveEscapes(target.title === '' ? target.target : target.title);
}

/** `` `text <url>`_ `` → `text (url)`; `` `<url>`_ `` → `url`; `` `text`_ `` → `text`. */
function linkText(content: string): string {
  const target = explicitTarget(content);
  if (!target) return resolveEscapes(content);
  const label = resolveEscapes(target.title);
  const url = target.target.replace(/\s+/g, '');
  return label === '' ? url : url === '' ? label : `${label} (${url})`;
}

/** `Title <target>` split into its title and target (no regex, so no backtracking on long contents). */
function explicitTarget(content: string): { title: string; target: string } | undefined {
  const text = content.trimEnd();
  if (!text.endsWith('>')) return undefined;
  const open = text.lastIndexOf('<');
  if (open < 0 || text.indexOf('>', open) !== text.length - 1) return undefined;
  return { title: text.slice(0, open).trim(), target: text.slice(open + 1, -1) };
}

/** Backslash escapes resolved: `\x` → `x`, `\ ` → nothing. */
function resolveEscapes(text: string): string {
  return text.replace(/\\([\s\S]?)/g, (_m, c: string) => (/^\s$/.test(c) ? '' : c));
}
