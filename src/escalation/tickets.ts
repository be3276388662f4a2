import type { PlaceRef, Ticket, TicketEvent } from './ports.ts';

/** The ticket number shown to people: ESC-0001. */
export function ticketNumber(id: number): string {
  return `ESC-${String(id).padStart(4, '0')}`;
}

/** Where a ticket was asked for. */
export interface Submission {
  /** Identifies one ticket request (the answer item it came from), so double clicks and retries make one ticket. */
  key: string;
  reporter: string;
  /** The thread it was asked from, if any. */
  source?: PlaceRef;
}

/** What a submission led to. */
export type SubmitResult =
  | { kind: 'created'; ticket: Ticket }
  /** The same request was submitted before (double click, retried submission). */
  | { kind: 'resubmitted'; ticket: Ticket }
  /** An open ticket already covers it (same request id, or same code from the same thread): it was linked. */
  | { kind: 'linked'; ticket: Ticket; reason: 'request-id' | 'same-thread' };

/** What a take, resolve or reopen led to. */
export type ChangeResult =
  | { kind: 'changed'; ticket: Ticket }
  /** Unknown ticket, already in that state, or already taken by the same person. */
  | { kind: 'unchanged' }
  /** Only members of the escalation channel may change tickets. */
  | { kind: 'not-member' };

/** Work the notifier must do for a ticket, queued in the unit of work of the change that needs it. */
export type TicketJob =
  | { kind: 'post_card'; ticket: number }
  /** `user`: who made the change the update shows (told if it cannot be shown); absent for repeats. */
  | { kind: 'update_card'; ticket: number; user?: string }
  /** `note`: what the resolver wrote, told with the resolution. */
  | { kind: 'reply_source'; ticket: number; source: PlaceRef; event: TicketEvent; user: string; note?: string };

/** The group of a ticket's jobs: reviving its dead card revives its dead updates and replies with it. */
export function ticketGroup(id: number): string {
  return `ticket:${id}`;
}

/** Job kinds the escalation service handles. */
export const TICKET_JOB_KINDS = ['post_card', 'update_card', 'reply_source'] as const;

/** Whether a queued payload is a ticket job (payloads are read back from storage). */
export function isTicketJob(value: unknown): value is TicketJob {
  const v = value as TicketJob;
  return (
    typeof value === 'object' &&
    value !== null &&
    (TICKET_JOB_KINDS as readonly string[]).includes(v.kind) &&
    typeof v.ticket === 'number' &&
    (v.kind !== 'reply_source' ||
      (typeof v.source === 'string' &&
        typeof v.user === 'string' &&
        (v.note === undefined || typeof v.note === 'string')))
  );
}
