import { draftFromAnswer } from '../escalation/draft.ts';
import { ticketMarkdown } from '../escalation/markdown.ts';
import { loadEngine } from '../load-engine.ts';
import { EXIT } from './exit.ts';
import type { CliContext } from './run.ts';

/** `errcode ticket <text>`: the support ticket for a code or paste, as Markdown on stdout. */
export function runTicket(text: string, catalogDir: string, ctx: CliContext): number {
  const answer = loadEngine(catalogDir).answer(text);
  const draft = draftFromAnswer(answer, { now: new Date(), reporter: ctx.env.USER });
  if (!draft) {
    const what = answer.matches[0]
      ? `${answer.matches[0].code}'s handling measure does not involve technical support: ${answer.matches[0].measure ?? ''}`
      : 'no catalog entry matched, so there is nothing to escalate';
    ctx.io.err(`No ticket: ${what}`);
    return EXIT.notFound;
  }
  ctx.io.out(ticketMarkdown(draft));
  return EXIT.ok;
}
