import type { CodeFeedback, DownVote, FeedbackStore, RemovalRecord, VoteRecord } from '../feedback/ports.ts';
import type { Clock } from './clock.ts';
import type { Sql } from './sql.ts';

interface DownRow {
  answer_id: string;
  user_id: string;
  code: string;
  expected: string | null;
  note: string | null;
  channel: string | null;
  message_ts: string | null;
  updated_at: number;
}

/** Feedback on SQL: a vote is one upsert keyed by answer and person, so the latest vote is the one that counts. */
export class SqlFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async vote(v: VoteRecord): Promise<void> {
    const now = this.now();
    await this.db.run(
      `INSERT INTO feedback (answer_id, user_id, vote, code, channel, message_ts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (answer_id, user_id) DO UPDATE SET
         expected = CASE WHEN feedback.vote = excluded.vote THEN feedback.expected ELSE NULL END,
         note = CASE WHEN feedback.vote = excluded.vote THEN feedback.note ELSE NULL END,
         vote = excluded.vote, code = excluded.code,
         channel = COALESCE(excluded.channel, feedback.channel),
         message_ts = COALESCE(excluded.message_ts, feedback.message_ts),
         updated_at = excluded.updated_at`,
      [v.answerId, v.user, v.vote, v.code, v.place?.channel ?? null, v.place?.ts ?? null, now, now],
    );
  }

  async explain(answerId: string, user: string, detail: { expected?: string; note?: string }): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE feedback SET expected = ?, note = ?, updated_at = ?
       WHERE answer_id = ? AND user_id = ? AND vote = 'down'`,
      [detail.expected ?? null, detail.note ?? null, this.now(), answerId, user],
    );
    return changed === 1;
  }

  async remove(r: RemovalRecord): Promise<boolean> {
    const inserted = await this.db.run(
      `INSERT INTO answer_removals (answer_id, code, removed_by, channel, message_ts, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (answer_id) DO NOTHING`,
      [r.answerId, r.code, r.by, r.place.channel, r.place.ts, this.now()],
    );
    return inserted === 1;
  }

  async perCode(limit: number): Promise<CodeFeedback[]> {
    return this.db.all<CodeFeedback>(
      `SELECT code, SUM(up) AS up, SUM(down) AS down, SUM(removed) AS removed FROM (
         SELECT code, CASE WHEN vote = 'up' THEN 1 ELSE 0 END AS up, CASE WHEN vote = 'down' THEN 1 ELSE 0 END AS down,
                0 AS removed FROM feedback
         UNION ALL
         SELECT code, 0 AS up, 0 AS down, 1 AS removed FROM answer_removals) t
       GROUP BY code ORDER BY SUM(down) + SUM(removed) DESC, SUM(up) DESC, code LIMIT ?`,
      [limit],
    );
  }

  async latestDown(limit: number): Promise<DownVote[]> {
    const rows = await this.db.all<DownRow>(
      `SELECT answer_id, user_id, code, expected, note, channel, message_ts, updated_at FROM feedback
       WHERE vote = 'down' ORDER BY updated_at DESC, answer_id LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({
      answerId: r.answer_id,
      user: r.user_id,
      code: r.code,
      at: r.updated_at,
      ...(r.expected ? { expected: r.expected } : {}),
      ...(r.note ? { note: r.note } : {}),
      ...(r.channel && r.message_ts ? { place: { channel: r.channel, ts: r.message_ts } } : {}),
    }));
  }
}
