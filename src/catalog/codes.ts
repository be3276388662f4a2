/** Splits a code as people type it (`IMG.0012`, `img0012`, `IMG-0012`, `1100`) into prefix and number. */
const CODE_SHAPE = /^([A-Za-z][A-Za-z0-9]*?)[ ._-]?(\d{2,})$/;
const NUMERIC = /^\d{3,6}$/;

/** The parts of a code; `prefix` is empty for bare numeric codes. */
export interface CodeParts {
  prefix: string;
  number: string;
}

/** Parses a code in any spelling, or returns undefined when the text is not code-shaped. */
export function parseCode(raw: string): CodeParts | undefined {
  const text = raw.trim();
  if (NUMERIC.test(text)) return { prefix: '', number: text };
  const m = CODE_SHAPE.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  return { prefix: m[1], number: m[2] };
}

/** The lookup key of a code: case and separator folded, so every spelling of one code meets. */
export function codeKey(parts: CodeParts): string {
  return parts.prefix ? `${parts.prefix.toLowerCase()}.${parts.number}` : parts.number;
}
