/**
 * Error codes as the pages publish them and as people type them. The general shape: a prefix of letters and digits,
 * whose segments may be joined by `.`, `_` or `-` (`IMG`, `SVCSTG.SWR`, `SFS.TURBO`, `CCE_CM`, `CCI.01`), an optional
 * separator (`.`, `_`, `-`, a space, or `. `), then up to two letters and 2 to 10 digits (`0012`, `M01504`,
 * `50025001`). Besides those: bare numbers (`1100`, `0171`, `111400850`) and word codes (`NoSuchKey`), which only the
 * catalog can tell from ordinary words.
 */

/** Longest code errcode reads; longer code-shaped words are not codes. */
export const MAX_CODE_LENGTH = 60;

const PREFIXED =
  /^([A-Za-z](?:[A-Za-z0-9]*[A-Za-z])?|[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)+?)(?:\.\s?|[ _-])?([A-Za-z]{0,2}\d{2,10})$/;
const NUMERIC = /^\d{3,12}$/;
const WORD_CODE = /^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*$/;

/** The parts of a code; `prefix` is empty for bare numeric codes. */
export interface CodeParts {
  prefix: string;
  /** What follows the prefix: digits, or up to two letters and digits (`M01504`). */
  number: string;
}

/** Parses a code in any spelling, or returns undefined when the text is not code-shaped. Word codes are not. */
export function parseCode(raw: string): CodeParts | undefined {
  const text = raw.trim();
  if (text.length > MAX_CODE_LENGTH) return undefined;
  if (NUMERIC.test(text)) return { prefix: '', number: text };
  const m = PREFIXED.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  return { prefix: m[1], number: m[2] };
}

/** A prefix folded for comparison: case and inner separators ignored (`SVCSTG_AMS` meets `svcstg.ams`). */
export function foldPrefix(prefix: string): string {
  return prefix.toLowerCase().replace(/[._-]/g, '');
}

/** The lookup key of a code: case and separators folded, so every spelling of one code meets. */
export function codeKey(parts: CodeParts): string {
  return parts.prefix ? `${foldPrefix(parts.prefix)}.${parts.number.toLowerCase()}` : parts.number;
}

/** Whether a code cell is a word code (`NoSuchKey`, `Request-URITooLarge`, `RMS.INTERNAL.ERROR`): letters, no number. */
export function isWordCode(code: string): boolean {
  return code.length <= MAX_CODE_LENGTH && WORD_CODE.test(code.trim());
}

/** The key of any published code: a parsed code's key, or a word code folded (`nosuchkey`). */
export function keyOfCode(code: string): string {
  const parts = parseCode(code);
  return parts ? codeKey(parts) : foldPrefix(code.trim());
}

/**
 * The key of a code with a service's aliases applied (`APIGW.0101` → the key of `APIG.0101` where `APIGW` is an alias
 * of `APIG`): one key per error, however the pages spell its prefix.
 */
export function keyWithAliases(code: string, aliases: Readonly<Record<string, string>>): string {
  const parts = parseCode(code);
  if (!parts?.prefix) return keyOfCode(code);
  const folded = foldPrefix(parts.prefix);
  const target = Object.entries(aliases).find(([alias]) => foldPrefix(alias) === folded)?.[1];
  return codeKey(target ? { prefix: target, number: parts.number } : parts);
}
