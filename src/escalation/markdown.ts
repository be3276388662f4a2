import type { TicketDraft } from './draft.ts';

/** A stored ticket's identity and state, as far as the Markdown shows it. */
export interface TicketHeader {
  number?: string;
  state?: string;
  assignee?: string;
  repeats?: number;
  /** The note its resolver left. */
  resolution?: string;
}

/**
 * The ticket as Markdown, copyable into the cloud provider's own service-ticket form. Fields the reporter has not
 * filled in say so instead of disappearing, so the reader sees what is missing. The paste is there in full.
 */
export function ticketMarkdown(t: TicketDraft, header: TicketHeader = {}): string {
  const missing = '_not given_';
  const rows: [string, string | undefined][] = [
    ['Service', t.serviceName],
    ['Error code', t.code],
    ['HTTP status', t.status?.toString()],
    ['Message', t.message],
    ['Request ID', t.requestId],
    ['Endpoint', t.endpoint],
    ['Region', t.region],
    ['When', t.occurredAt],
    ['Severity', t.severity],
    ['Reporter', t.reporter],
    ['Source', t.sourceLink],
  ];
  const lines = [
    `## ${header.number ? `${header.number} ` : ''}${t.title}`,
    '',
    ...(header.state ? [`**State:** ${header.state}${header.assignee ? ` (${header.assignee})` : ''}`, ''] : []),
    '| Field | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v ? cell(v) : missing} |`),
    '',
    '### What I was doing',
    t.doing.trim() || missing,
    '',
    '### What I already tried',
    t.tried.trim() || missing,
  ];
  if (t.measure?.trim()) lines.push('', '### Handling measure the documentation gives', t.measure.trim());
  if (t.paste?.trim()) lines.push('', '### The error as pasted', fenced(t.paste));
  if (header.resolution?.trim()) lines.push('', '### Resolution', header.resolution.trim());
  if (header.repeats) lines.push('', `_Reported ${header.repeats + 1} times._`);
  return lines.join('\n');
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

/** A fenced code block that no run of backticks inside the text can close early. */
function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text.replace(/\s+$/, '')}\n${fence}`;
}
