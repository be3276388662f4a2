import type { TicketDraft } from '../escalation/draft.ts';
import type { NewTicket, PlaceRef, Ticket, TicketRepository, TicketState } from '../escalation/ports.ts';
import { ticketNumber } from '../escalation/tickets.ts';
import type { Clock } from './clock.ts';
import type { Sql } from './sql.ts';

interface Row {
  id: number;
  state: TicketState;
  draft: string;
  reporter: string;
  assignee: string | null;
  resolved_by: string | null;
  repeats: number;
  source_ref: string | null;
  card_ref: string | null;
  resolution: string | null;
  resolved_at: number | null;
  created_at: number;
  updated_at: number;
}

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
    ...(row.resolved_at !== null && row.resolved_at !== undefined ? { resolvedAt: row.resolved_at } : {}),
    ...(row.resolution ? { resolution: row.resolution } : {}),
    ...(row.source_ref ? { source: row.source_ref } : {}),
    ...(row.card_ref ? { card: row.card_ref } : {}),
  };
}

/** Any 64-bit number: the advisory lock ticket submissions take turns on in PostgreSQL. */
const SUBMISSION_LOCK = 7_310_421_002;

/** Tickets on SQL. Ids (hence ESC numbers) come from the table's identity column: unique under concurrency. */
export class SqlTicketRepository implements TicketRepository {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async serializeSubmissions(): Promise<void> {
    // SQLite's BEGIN IMMEDIATE already holds the only write lock; PostgreSQL needs one for the dedupe reads.
    if (this.db.dialect === 'postgres') await this.db.run('SELECT pg_advisory_xact_lock(?)', [SUBMISSION_LOCK]);
  }

  async get(id: number): Promise<Ticket | undefined> {
    return this.one('SELECT * FROM tickets WHERE id = ?', [id]);
  }

  async bySubmission(key: string): Promise<Ticket | undefined> {
    return this.one('SELECT t.* FROM tickets t JOIN ticket_submissions s ON s.ticket = t.id WHERE s.key = ?', [key]);
  }

  async openByRequestId(requestId: string): Promise<Ticket | undefined> {
    return this.one("SELECT * FROM tickets WHERE request_id = ? AND state != 'resolved' ORDER BY id LIMIT 1", [
      requestId,
    ]);
  }

  async openBySource(code: string, source: PlaceRef): Promise<Ticket | undefined> {
    return this.one(
      "SELECT * FROM tickets WHERE code = ? AND source_ref = ? AND state != 'resolved' ORDER BY id LIMIT 1",
      [code.toLowerCase(), source],
    );
  }

  async create(t: NewTicket): Promise<Ticket> {
    const now = this.now();
    const row = await this.db.get<Row>(
      `INSERT INTO tickets (state, code, request_id, draft, reporter, source_ref, submission_key, created_at, updated_at)
       VALUES ('open', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        t.draft.code.toLowerCase(),
        t.draft.requestId ?? null,
        JSON.stringify(t.draft),
        t.reporter,
        t.source ?? null,
        t.submissionKey,
        now,
        now,
      ],
    );
    if (!row) throw new Error('INSERT … RETURNING returned no ticket');
    return toTicket(row);
  }

  async addSubmission(key: string, ticket: number): Promise<void> {
    await this.db.run('INSERT INTO ticket_submissions (key, ticket) VALUES (?, ?)', [key, ticket]);
  }

  async countRepeat(id: number): Promise<void> {
    await this.db.run('UPDATE tickets SET repeats = repeats + 1, updated_at = ? WHERE id = ?', [this.now(), id]);
  }

  async setState(
    id: number,
    change: { state: 'taken'; assignee: string } | { state: 'resolved'; resolvedBy: string; resolution?: string },
  ): Promise<void> {
    const now = this.now();
    if (change.state === 'taken')
      await this.db.run("UPDATE tickets SET state = 'taken', assignee = ?, updated_at = ? WHERE id = ?", [
        change.assignee,
        now,
        id,
      ]);
    else
      await this.db.run(
        `UPDATE tickets SET state = 'resolved', resolved_by = ?, resolution = ?, resolved_at = ?, updated_at = ?
         WHERE id = ?`,
        [change.resolvedBy, change.resolution ?? null, now, now, id],
      );
  }

  async reopen(id: number): Promise<void> {
    await this.db.run(
      `UPDATE tickets SET state = CASE WHEN assignee IS NULL THEN 'open' ELSE 'taken' END, resolved_by = NULL,
         resolution = NULL, resolved_at = NULL, updated_at = ? WHERE id = ? AND state = 'resolved'`,
      [this.now(), id],
    );
  }

  async setCard(id: number, card: PlaceRef): Promise<void> {
    await this.db.run('UPDATE tickets SET card_ref = ? WHERE id = ?', [card, id]);
  }

  private async one(sql: string, params: (string | number)[]): Promise<Ticket | undefined> {
    const row = await this.db.get<Row>(sql, params);
    return row ? toTicket(row) : undefined;
  }
}
