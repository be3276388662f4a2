import type { ChannelSettings, ClaimResult, MessageLedger } from '../chat/ports.ts';
import type { Clock } from './clock.ts';
import type { Sql } from './sql.ts';

/** The message ledger on SQL: a claim is one `INSERT … ON CONFLICT DO NOTHING`, race-free across processes. */
export class SqlMessageLedger implements MessageLedger {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async claim(channel: string, ts: string): Promise<ClaimResult> {
    for (let tries = 0; tries < 3; tries++) {
      const inserted = await this.db.run(
        "INSERT INTO messages (channel, ts, state, claimed_at) VALUES (?, ?, 'pending', ?) ON CONFLICT (channel, ts) DO NOTHING",
        [channel, ts, this.now()],
      );
      if (inserted === 1) return 'claimed';
      const row = await this.db.get<{ state: string }>('SELECT state FROM messages WHERE channel = ? AND ts = ?', [
        channel,
        ts,
      ]);
      // Gone between the two statements: released by a delivery whose answer failed. Claim it again.
      if (row) return row.state === 'pending' ? 'in-progress' : 'answered';
    }
    return 'in-progress';
  }

  async markAnswered(channel: string, ts: string, reply?: string): Promise<void> {
    // An upsert: an answer posted after its claim was released (a dead job retried once errcode was let back in)
    // still marks the message answered, so a later delivery does not answer it again.
    await this.db.run(
      `INSERT INTO messages (channel, ts, state, reply_ts, claimed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel, ts) DO UPDATE SET state = excluded.state, reply_ts = excluded.reply_ts`,
      [channel, ts, reply ? 'answered' : 'skipped', reply ?? null, this.now()],
    );
  }

  async release(channel: string, ts: string): Promise<void> {
    await this.db.run("DELETE FROM messages WHERE channel = ? AND ts = ? AND state = 'pending'", [channel, ts]);
  }
}

/** Channel settings on SQL. */
export class SqlChannelSettings implements ChannelSettings {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async isMuted(channel: string): Promise<boolean> {
    const row = await this.db.get<{ muted: number }>('SELECT muted FROM channels WHERE channel = ?', [channel]);
    return row?.muted === 1;
  }

  async setMuted(channel: string, muted: boolean, by: string): Promise<void> {
    await this.db.run(
      `INSERT INTO channels (channel, muted, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel) DO UPDATE SET muted = excluded.muted, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at`,
      [channel, muted ? 1 : 0, by, this.now()],
    );
  }
}
