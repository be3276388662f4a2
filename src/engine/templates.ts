import { foldMessage } from './text.ts';

/**
 * Placeholders as the pages write them: `%s`, `%d`, `%(key)s`, `{id}`, `{0}`, `${name}`, `{error details}`,
 * `[{id}, ...]`'s inner part, `[input length]`, `[input attribute size ]`, `<x:x:x>`, `xx`/`xxx` standing alone, and
 * masked values (`********-****-****-****-************`).
 */
const PLACEHOLDER =
  /%\([^)]{1,40}\)[sd]|%[sd]|\$?\{[^{}]{1,40}\}(?:,\s*\.\.\.)?|\[input[^\]]{0,40}\]|<[^<>\s]{1,40}>|(?<![a-z0-9])x{2,}(?![a-z0-9])|\*{4,}(?:-\*{2,}){0,5}/g;

/** A message template compiled for matching filled-in messages. */
export interface Template {
  /** The longest literal run, folded: a cheap pre-filter before the regular expression runs. */
  anchor: string;
  /** Literal runs, folded, in order. A filled message must contain them in this order, anchored at both ends. */
  parts: string[];
}

/** Characters of literal text in a template: how much of a filled message it accounts for. */
export function literalLength(template: Template): number {
  return template.parts.reduce((n, p) => n + p.trim().length, 0);
}

/** The words of a template's literal text. */
export function literalWords(template: Template): string[] {
  return template.parts
    .join(' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);
}

/** Whether a published message has placeholders. */
export function hasPlaceholders(message: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(message);
}

/** Compiles a template, or undefined when the message has no placeholders. */
export function compileTemplate(message: string): Template | undefined {
  if (!hasPlaceholders(message)) return undefined;
  const parts = foldMessage(message).split(PLACEHOLDER);
  const anchor = parts.reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
  if (anchor.length < 4) return undefined; // "%s" alone would match anything
  return { anchor, parts };
}

/**
 * Whether `message` is the template with its placeholders filled in. Implemented as ordered `indexOf` over the
 * literal parts rather than a generated regular expression, so no input can make it backtrack.
 */
export function matchesTemplate(template: Template, message: string): boolean {
  // Spacing is not compared: pages and APIs differ in it around values (`'…'is not` against `'eip-1' is not`).
  const text = foldMessage(message).replace(/\s+/g, '');
  const parts = template.parts.map((p) => p.replace(/\s+/g, ''));
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const found = text.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return at <= text.length - last.length;
}
