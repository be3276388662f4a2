/** Normalises one table cell: markup stripped, spaces folded, `-` (no value) made empty. */
export function cleanCell(raw: string): string {
  const text = raw
    .replace(/<a\s+name="[^"]*"\s*>\s*<\/a>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\\\|/g, '|')
    .replace(/[\u00a0\u2002\u2003\u2009\u200b\ufeff]/g, (c) => (c === '\u200b' || c === '\ufeff' ? '' : ' '))
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim();
  return /^[-–—]$/.test(text) ? '' : text;
}

/** Parses a status cell; undefined when it is not a 3-digit HTTP status. */
export function parseStatus(cell: string): number | undefined {
  const m = /^\s*([1-5]\d\d)\s*$/.exec(cell);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Whether a cell looks like the header cell of the status column (`Status Code`, `状态码`). */
export function isStatusHeader(cell: string): boolean {
  return /^(?:status code|http status(?: code)?|状态码)$/i.test(cleanCell(cell));
}

/** `Updated on 2024-03-01 GMT+08:00` → `2024-03-01`. */
export function findUpdated(text: string): string | undefined {
  return /Updated on (\d{4}-\d{2}-\d{2})/i.exec(text)?.[1];
}
