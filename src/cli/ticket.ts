import type { Answer } from '../engine/answer.ts';
import { draftFromAnswer } from '../escalation/draft.ts';
import { ticketMarkdown } from '../escalation/markdown.ts';
import { loadEngine } from '../load-engine.ts';
import { EXIT } from './exit.ts';
import type { CliContext } from './run.ts';

/** The ticket an answer calls for, as Markdown, or why there is none. */
export type TicketText = { markdown: string } | { refusal: string };

/** The support ticket for an answer (the CLI's `ticket` and the console's share it). */
export function ticketText(answer: Answer, reporter: string | undefined, now = new Date()): TicketText {
  const draft = draftFromAnswer(answer, { now, reporter });
  if (draft) return { markdown: ticketMarkdown(draft) };
  const first = answer.matches[0];
  const what = first
    ? `${first.code}'s handling measure does not involve technical support: ${first.measure ?? ''}`
    : 'no catalog entry matched, so there is nothing to escalate';
  return { refusal: `No ticket: ${what}` };
}

/** `errcode ticket <text>`: the support ticket for a code or paste, as Markdown on stdout. */
export async function runTicket(text: string, catalogDir: string, ctx: CliContext): Promise<number> {
  const ticket = ticketText((await loadEngine(catalogDir)).answer(text), ctx.env.USER);
  if ('refusal' in ticket) {
    ctx.io.err(ticket.refusal);
    return EXIT.notFound;
  }
  ctx.io.out(ticket.markdown);
  return EXIT.ok;
}
