import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoff, NotReadyError, Outbox, PermanentJobError, TransientJobError } from '../../src/outbox/outbox.ts';
import type { Job } from '../../src/outbox/ports.ts';
import { openStorage, type Storage } from '../../src/store/storage.ts';

let now: number;
let storage: Storage;
beforeEach(async () => {
  now = 1_000_000;
  storage = await openStorage({ memory: true }, () => now);
});
afterEach(() => storage.close());

const outbox = (
  handle: (job: Job) => Promise<void>,
  onError: (job: Job, e: unknown, o: 'retry' | 'dead') => void = () => {},
) => new Outbox(storage.jobs, { k: handle }, { clock: () => now, random: () => 1, onError });
const enqueue = (n: number) => storage.jobs.enqueue({ key: `k${n}`, kind: 'k', payload: { n } });

describe('Outbox', () => {
  it('runs every due job and marks it done', async () => {
    const done: unknown[] = [];
    await enqueue(1);
    await enqueue(2);
    await outbox(async (job) => void done.push(job.payload)).drain();
    expect(done).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await storage.jobs.list(['pending', 'dead'])).toEqual([]);
  });

  it('retries a failed job after a backoff without holding back the jobs behind it', async () => {
    let fail = true;
    const seen: number[] = [];
    const box = outbox(async (job) => {
      const n = (job.payload as { n: number }).n;
      seen.push(n);
      if (fail && n === 1) throw new TransientJobError('slack is down', false);
    });
    await enqueue(1);
    await enqueue(2);
    await box.drain();
    expect(seen).toEqual([1, 2]);
    await box.drain();
    expect(seen).toEqual([1, 2]); // not due yet
    now += backoff(1, () => 1);
    fail = false;
    await box.drain();
    expect(seen).toEqual([1, 2, 1]);
    expect(await storage.jobs.list(['pending'])).toEqual([]);
  });

  it('keeps a job that can never succeed as dead, with its error, and runs the others', async () => {
    const outcomes: string[] = [];
    await enqueue(1);
    await enqueue(2);
    await outbox(
      async (job) => {
        if ((job.payload as { n: number }).n === 1) throw new PermanentJobError('not_in_channel');
      },
      (_job, _error, outcome) => outcomes.push(outcome),
    ).drain();
    expect(await storage.jobs.list(['pending', 'dead'])).toEqual([
      expect.objectContaining({ key: 'k1', state: 'dead', attempts: 1, lastError: 'not_in_channel' }),
    ]);
    expect(outcomes).toEqual(['dead']);
  });

  it('tells the next attempt to look before posting when the last one may have reached Slack', async () => {
    const doubts: boolean[] = [];
    let attempt = 0;
    const box = outbox(async (job) => {
      doubts.push(job.doubt);
      attempt++;
      if (attempt === 1) throw new TransientJobError('rate limited', false);
      if (attempt === 2) throw new TransientJobError('HTTP 500', true);
    });
    await enqueue(1);
    for (let i = 0; i < 3; i++) {
      await box.drain();
      now += 300_000;
    }
    expect(doubts).toEqual([false, false, true]);
  });

  it('waits for the job a job depends on, and for Retry-After', async () => {
    let ready = false;
    const seen: number[] = [];
    const box = outbox(async () => {
      seen.push(now);
      if (!ready) throw new NotReadyError('the card is not posted yet');
      if (seen.length === 2) throw new TransientJobError('rate limited', false, 30_000);
    });
    await enqueue(1);
    await box.drain();
    ready = true;
    now += 1000;
    await box.drain();
    now += 29_000;
    await box.drain();
    expect(seen).toHaveLength(2);
    now += 1000;
    await box.drain();
    expect(seen).toHaveLength(3);
  });

  it('gives up on a transient failure after the bound, keeping the job as dead', async () => {
    const box = new Outbox(
      storage.jobs,
      {
        k: async () => {
          throw new TransientJobError('slack is down', true);
        },
      },
      { clock: () => now, giveUpAfterMs: 3600_000 },
    );
    await enqueue(1);
    for (let i = 0; i < 30 && (await storage.jobs.list(['dead'])).length === 0; i++) {
      await box.drain();
      now += 300_000;
    }
    expect((await storage.jobs.list(['dead']))[0]?.lastError).toBe('gave up after 1 h: slack is down');
  });

  it('renews the lease of a long job, so no other worker takes it over while it runs', async () => {
    let release = () => {};
    const box = new Outbox(
      storage.jobs,
      { k: () => new Promise<void>((r) => (release = r)) },
      { clock: () => now, leaseMs: 30 },
    );
    await enqueue(1);
    const draining = box.drain();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      now += 20;
      expect(await storage.jobs.lease('another', 30, 1)).toEqual([]);
    }
    release();
    await draining;
    expect(await storage.jobs.list(['done'])).toHaveLength(1);
  });

  it('tells whoever must know before keeping a job as dead, with why and who was told', async () => {
    const order: string[] = [];
    const box = new Outbox(
      storage.jobs,
      {
        k: async () => {
          throw new PermanentJobError('card of ESC-0001: not_in_channel', { reason: 'not_in_channel', place: 'C1' });
        },
      },
      {
        clock: () => now,
        onDead: async (job, failure) => {
          order.push(`told about ${job.key}`);
          expect(await storage.jobs.list(['dead'])).toEqual([]);
          return { ...failure, user: 'U1', about: 'ESC-0001' };
        },
      },
    );
    await enqueue(1);
    await box.drain();
    expect(order).toEqual(['told about k1']);
    expect((await storage.jobs.list(['dead']))[0]?.failure).toEqual({
      reason: 'not_in_channel',
      place: 'C1',
      user: 'U1',
      about: 'ESC-0001',
    });
  });

  it('stops within its grace, leaving a job still running to its lease, to be taken in doubt later', async () => {
    const box = new Outbox(storage.jobs, { k: () => new Promise<void>(() => {}) }, { clock: () => now });
    await enqueue(1);
    void box.drain();
    await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    expect(await box.stop(50)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await storage.jobs.lease('next', 60_000, 1)).toEqual([]);
    now += 60_001;
    expect(await storage.jobs.lease('next', 60_000, 1)).toEqual([expect.objectContaining({ key: 'k1', doubt: true })]);
  });

  it('takes its retry delays from the options (tests make them short)', async () => {
    let calls = 0;
    const box = new Outbox(
      storage.jobs,
      {
        k: async () => {
          if (++calls < 3) throw new TransientJobError('internal_error', false);
        },
      },
      { clock: () => now, retryDelay: () => 5 },
    );
    await enqueue(1);
    await box.drain();
    now += 5;
    await box.drain();
    now += 5;
    await box.drain();
    expect(calls).toBe(3);
    expect(await storage.jobs.list(['done'])).toHaveLength(1);
  });

  it('gives an attempt that may have reached Slack time to land before the next one looks for it', async () => {
    let calls = 0;
    const box = new Outbox(
      storage.jobs,
      {
        k: async () => {
          if (++calls === 1) throw new TransientJobError('timed out', true);
        },
      },
      { clock: () => now, retryDelay: () => 5, settleMs: 30_000 },
    );
    await enqueue(1);
    await box.drain();
    now += 29_999;
    await box.drain();
    expect(calls).toBe(1);
    now += 1;
    await box.drain();
    expect(calls).toBe(2);
  });

  it('backs off exponentially up to five minutes, with jitter taking off up to half', () => {
    expect([1, 2, 3, 10, 20].map((n) => backoff(n, () => 1))).toEqual([1000, 2000, 4000, 300_000, 300_000]);
    expect([1, 2, 3, 10].map((n) => backoff(n, () => 0))).toEqual([500, 1000, 2000, 150_000]);
  });
});
