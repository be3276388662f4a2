/**
 * Text helpers for Block Kit. Everything a user pasted, and everything from the catalog, passes `escapeMrkdwn` before it
 * goes into mrkdwn: `<!channel>`, `<!here>`, `<@U…>` then show as text and can never notify anyone.
 */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters (an ellipsis included), never splitting a surrogate pair or an entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}

/** Escaped and cut to fit: the one way user or catalog text enters a mrkdwn field. */
export function safe(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

/** Block Kit limits errcode relies on (https://api.slack.com/reference/block-kit). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  messageText: 3000,
  modalTitle: 24,
  viewBlocks: 100,
  option: 75,
  plainInput: 3000,
} as const;

/** A link in mrkdwn: the URL stripped of the characters that would end it early, the label escaped and cut. */
export function link(url: string, label: string, max = 300): string {
  return `<${url.replace(/[<>|\s]/g, '')}|${safe(label, max)}>`;
}

/**
 * A time as Slack shows it to each reader, in their own time zone (`Nov 23, 2026 at 2:05 PM`, or "Today at …"),
 * with the UTC time as the fallback where dates cannot be shown.
 */
export function slackDate(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/**
 * Text escaped for mrkdwn and cut into pieces of at most `max` characters each, none splitting an entity or a
 * surrogate pair: every character of the text is in one piece (for a long Markdown copy shown whole).
 */
export function escapedChunks(text: string, max: number): string[] {
  const escaped = escapeMrkdwn(text);
  const chunks: string[] = [];
  let at = 0;
  while (at < escaped.length) {
    let end = Math.min(at + max, escaped.length);
    if (end < escaped.length) {
      const amp = escaped.lastIndexOf('&', end - 1);
      if (amp >= at && amp > end - 5 && !escaped.slice(amp, end).includes(';')) end = amp;
      if (/[\ud800-\udbff]/.test(escaped[end - 1] ?? '')) end--;
      // Prefer a line break, so a piece of a table ends where a row does.
      const newline = escaped.lastIndexOf('\n', end - 1);
      if (newline > at + max / 2) end = newline + 1;
    }
    chunks.push(escaped.slice(at, end));
    at = end;
  }
  return chunks;
}
