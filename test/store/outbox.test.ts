import { describe, expect, it } from 'vitest';
import { backoff, Outbox, PermanentJobError } from '../../src/store/outbox.ts';
import { Store } from '../../src/store/store.ts';

describe('Outbox', () => {
  it('runs jobs in order and marks them done', async () => {
    const done: unknown[] = [];
    const store = Store.memory();
    const outbox = new Outbox(store, async (job) => void done.push(job.payload));
    outbox.enqueue({ n: 1 });
    outbox.enqueue({ n: 2 });
    await outbox.drain();
    expect(done).toEqual([{ n: 1 }, { n: 2 }]);
    expect(outbox.pending()).toEqual([]);
  });

  it('retries a failed job after a backoff, holding back the jobs behind it', async () => {
    let now = 0;
    const store = Store.memory(() => now);
    let fail = true;
    const seen: number[] = [];
    const outbox = new Outbox(store, async (job) => {
      seen.push((job.payload as { n: number }).n);
      if (fail) throw new Error('slack is down');
    });
    outbox.enqueue({ n: 1 });
    outbox.enqueue({ n: 2 });
    await outbox.drain();
    expect(seen).toEqual([1]);
    await outbox.drain();
    expect(seen).toEqual([1]); // not due yet
    now += backoff(1);
    fail = false;
    await outbox.drain();
    expect(seen).toEqual([1, 1, 2]);
  });

  it('keeps a job that can never succeed as dead, with its error, and moves on', async () => {
    const errors: boolean[] = [];
    const outbox = new Outbox(
      Store.memory(),
      async (job) => {
        if ((job.payload as { n: number }).n === 1) throw new PermanentJobError('not_in_channel');
      },
      (_job, _error, permanent) => errors.push(permanent),
    );
    outbox.enqueue({ n: 1 });
    outbox.enqueue({ n: 2 });
    await outbox.drain();
    expect(outbox.pending()).toEqual([
      { id: 1, payload: { n: 1 }, attempts: 1, state: 'dead', lastError: 'not_in_channel' },
    ]);
    expect(errors).toEqual([true]);
  });

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3, 10, 20].map(backoff)).toEqual([1000, 2000, 4000, 300_000, 300_000]);
  });
});
