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
