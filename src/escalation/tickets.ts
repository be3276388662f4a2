import type { Store } from '../store/store.ts';
import type { TicketDraft } from './draft.ts';

/** Where a ticket stands. */
export type TicketState = 'open' | 'taken' | 'resolved';

/** A support ticket as stored. */
export interface Ticket {
  id: number;
  number: string;
  state: TicketState;
  draft: TicketDraft;
  reporter: string;
  assignee?: string;
  resolvedBy?: string;
  /** How many more times the same problem was reported while the ticket was open. */
  repeats: number;
  sourceChannel?: string;
  sourceThreadTs?: string;
  cardChannel?: string;
  cardTs?: string;
  createdAt: number;
  updatedAt: number;
}

/** Where a ticket was asked for. */
export interface Submission {
  /** Identifies one ticket request (the answer item it came from), so double clicks and retries make one ticket. */
  key: string;
  reporter: string;
  sourceChannel?: string;
  sourceThreadTs?: string;
  /** Channel the card goes to. */
  cardChannel: string;
}

/** What a submission led to. */
export type SubmitResult =
  | { kind: 'created'; ticket: Ticket }
  /** The same request was submitted before (double click, retried submission). */
  | { kind: 'resubmitted'; ticket: Ticket }
  /** An open ticket already covers it (same request id, or same code from the same thread): it was linked. */
  | { kind: 'linked'; ticket: Ticket; reason: 'request-id' | 'same-thread' };

/** Slack work the ticket needs done, queued in the same transaction as the change that needs it. */
export type TicketJob =
  | { kind: 'post_card'; ticket: number }
  | { kind: 'update_card'; ticket: number }
  | {
      kind: 'reply_source';
      ticket: number;
      channel: string;
      threadTs: string;
      event: 'opened' | 'linked' | 'taken' | 'resolved';
      user: string;
    };

/** The ticket number shown to people: ESC-0001. */
export function ticketNumber(id: number): string {
  return `ESC-${String(id).padStart(4, '0')}`;
}

interface Row {
  id: number;
  state: TicketState;
  draft: string;
  reporter: string;
  assignee: string | null;
  resolved_by: string | null;
  repeats: number;
  source_channel: string | null;
  source_thread_ts: string | null;
  card_channel: string | null;
  card_ts: string | null;
  created_at: number;
  updated_at: number;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS tickets (
     id INTEGER PRIMARY KEY, state TEXT NOT NULL, code TEXT NOT NULL, request_id TEXT, draft TEXT NOT NULL,
     reporter TEXT NOT NULL, assignee TEXT, resolved_by TEXT, repeats INTEGER NOT NULL DEFAULT 0,
     source_channel TEXT, source_thread_ts TEXT, card_channel TEXT, card_ts TEXT,
     submission_key TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS tickets_request ON tickets (request_id) WHERE request_id IS NOT NULL',
  `CREATE TABLE IF NOT EXISTS ticket_submissions (key TEXT PRIMARY KEY, ticket INTEGER NOT NULL)`,
];

function toTicket(row: Row): Ticket {
  return {
    id: row.id,
    number: ticketNumber(row.id),
    state: row.state,
    draft: JSON.parse(row.draft) as TicketDraft,
    reporter: row.reporter,
    repeats: row.repeats,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.assignee ? { assignee: row.assignee } : {}),
    ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
    ...(row.source_channel ? { sourceChannel: row.source_channel } : {}),
    ...(row.source_thread_ts ? { sourceThreadTs: row.source_thread_ts } : {}),
    ...(row.card_channel ? { cardChannel: row.card_channel } : {}),
    ...(row.card_ts ? { cardTs: row.card_ts } : {}),
  };
}

/**
 * Tickets: numbered, deduplicated, with a small lifecycle. Every change is written together with the Slack jobs it
 * needs (`enqueue`), in one transaction, so a crash can lose neither the ticket nor the work of announcing it.
 */
export class Tickets {
  constructor(
    private readonly store: Store,
    private readonly enqueue: (job: TicketJob) => void,
  ) {
    for (const statement of SCHEMA) store.database.exec(statement);
  }

  /** Stores a ticket, or links the open one it duplicates, and queues the Slack work. */
  submit(draft: TicketDraft, s: Submission): SubmitResult {
    const db = this.store.database;
    const now = this.store.clock();
    return this.store.transaction((): SubmitResult => {
      const previous = db.prepare('SELECT ticket FROM ticket_submissions WHERE key = ?').get(s.key) as
        | { ticket: number }
        | undefined;
      if (previous) return { kind: 'resubmitted', ticket: this.require(previous.ticket) };

      const byRequest = draft.requestId
        ? (db
            .prepare("SELECT * FROM tickets WHERE request_id = ? AND state != 'resolved' ORDER BY id LIMIT 1")
            .get(draft.requestId) as Row | undefined)
        : undefined;
      const byThread =
        !byRequest && s.sourceChannel && s.sourceThreadTs
          ? (db
              .prepare(
                "SELECT * FROM tickets WHERE code = ? AND source_channel = ? AND source_thread_ts = ? AND state != 'resolved' ORDER BY id LIMIT 1",
              )
              .get(draft.code.toLowerCase(), s.sourceChannel, s.sourceThreadTs) as Row | undefined)
          : undefined;
      const existing = byRequest ?? byThread;
      if (existing) {
        db.prepare('UPDATE tickets SET repeats = repeats + 1, updated_at = ? WHERE id = ?').run(now, existing.id);
        db.prepare('INSERT INTO ticket_submissions (key, ticket) VALUES (?, ?)').run(s.key, existing.id);
        this.enqueue({ kind: 'update_card', ticket: existing.id });
        if (s.sourceChannel && s.sourceThreadTs) {
          this.enqueue({
            kind: 'reply_source',
            ticket: existing.id,
            channel: s.sourceChannel,
            threadTs: s.sourceThreadTs,
            event: 'linked',
            user: s.reporter,
          });
        }
        return { kind: 'linked', ticket: this.require(existing.id), reason: byRequest ? 'request-id' : 'same-thread' };
      }

      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO tickets (state, code, request_id, draft, reporter, source_channel, source_thread_ts, card_channel,
             submission_key, created_at, updated_at) VALUES ('open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          draft.code.toLowerCase(),
          draft.requestId ?? null,
          JSON.stringify(draft),
          s.reporter,
          s.sourceChannel ?? null,
          s.sourceThreadTs ?? null,
          s.cardChannel,
          s.key,
          now,
          now,
        );
      const id = Number(lastInsertRowid);
      db.prepare('INSERT INTO ticket_submissions (key, ticket) VALUES (?, ?)').run(s.key, id);
      this.enqueue({ kind: 'post_card', ticket: id });
      if (s.sourceChannel && s.sourceThreadTs) {
        this.enqueue({
          kind: 'reply_source',
          ticket: id,
          channel: s.sourceChannel,
          threadTs: s.sourceThreadTs,
          event: 'opened',
          user: s.reporter,
        });
      }
      return { kind: 'created', ticket: this.require(id) };
    });
  }

  /** Assigns a ticket to whoever took it. Resolved tickets stay resolved. */
  take(id: number, user: string): Ticket | undefined {
    return this.transition(id, user, 'taken');
  }

  /** Marks a ticket resolved. */
  resolve(id: number, user: string): Ticket | undefined {
    return this.transition(id, user, 'resolved');
  }

  /** Records where the card was posted. */
  setCard(id: number, channel: string, ts: string): void {
    this.store.database.prepare('UPDATE tickets SET card_channel = ?, card_ts = ? WHERE id = ?').run(channel, ts, id);
  }

  get(id: number): Ticket | undefined {
    const row = this.store.database.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
    return row ? toTicket(row) : undefined;
  }

  private require(id: number): Ticket {
    const ticket = this.get(id);
    if (!ticket) throw new Error(`ticket ${id} vanished inside its own transaction`);
    return ticket;
  }

  private transition(id: number, user: string, to: 'taken' | 'resolved'): Ticket | undefined {
    const db = this.store.database;
    return this.store.transaction(() => {
      const ticket = this.get(id);
      if (!ticket || ticket.state === 'resolved' || (to === 'taken' && ticket.assignee === user)) return undefined;
      const now = this.store.clock();
      if (to === 'taken')
        db.prepare("UPDATE tickets SET state = 'taken', assignee = ?, updated_at = ? WHERE id = ?").run(user, now, id);
      else
        db.prepare("UPDATE tickets SET state = 'resolved', resolved_by = ?, updated_at = ? WHERE id = ?").run(
          user,
          now,
          id,
        );
      this.enqueue({ kind: 'update_card', ticket: id });
      if (ticket.sourceChannel && ticket.sourceThreadTs) {
        this.enqueue({
          kind: 'reply_source',
          ticket: id,
          channel: ticket.sourceChannel,
          threadTs: ticket.sourceThreadTs,
          event: to,
          user,
        });
      }
      return this.get(id);
    });
  }
}
