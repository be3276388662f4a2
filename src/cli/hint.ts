import type { Answer } from '../engine/answer.ts';
import { draftFromAnswer } from '../escalation/draft.ts';

/** Quotes a word for a POSIX shell: left bare when it is safe as it stands, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9._:/=@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The input that makes `errcode ticket` print the ticket this answer calls for: the code alone when that is all the
 * ticket uses, else a small JSON body holding what the ticket takes from the paste (the code as written, message,
 * request id, status, endpoint, region), so a long paste need not be pasted again. Undefined when nothing escalates.
 */
export function ticketInput(answer: Answer): string | undefined {
  const draft = draftFromAnswer(answer, { now: new Date(0) });
  if (!draft) return undefined;
  const ex = answer.extracted;
  // The code as the paste wrote it: the ticket keeps the paste's message only for that spelling.
  const code = answer.matches.find((m) => m.code === draft.code)?.input ?? draft.code;
  const message = ex.message && draft.message === ex.message ? ex.message : undefined;
  if (!message && !ex.requestId && ex.status === undefined && !ex.endpoint && !ex.region) return code;
  return JSON.stringify({
    error_code: code,
    ...(message ? { error_msg: message } : {}),
    ...(ex.requestId ? { request_id: ex.requestId } : {}),
    ...(ex.status !== undefined ? { status: ex.status } : {}),
    ...(ex.endpoint ? { url: `https://${ex.endpoint}` } : {}),
    ...(ex.region ? { region: ex.region } : {}),
  });
}

/** The command that prints this answer's ticket, quoted so it can be copied and run as it stands. */
export function ticketCommand(answer: Answer): string | undefined {
  const input = ticketInput(answer);
  return input === undefined ? undefined : `errcode ticket ${shellQuote(input)}`;
}
