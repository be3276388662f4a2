import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryFailures, type FailureNotice, NOTICE_KIND } from '../../src/outbox/failures.ts';
import { Outbox, PermanentJobError } from '../../src/outbox/outbox.ts';
import type { Job } from '../../src/outbox/ports.ts';
import { openStorage, type Storage } from '../../src/store/storage.ts';

let now: number;
let storage: Storage;
let told: FailureNotice[];
let failures: DeliveryFailures;
let refusing: Set<string>;
let outbox: Outbox;

beforeEach(async () => {
  now = 1_000_000;
  storage = await openStorage({ memory: true }, () => now);
  told = [];
  refusing = new Set(['C0ESCAL01']);
  failures = new DeliveryFailures({
    jobs: storage.jobs,
    concerned: {
      post_card: async () => ({ user: 'U0REPORT1', about: 'ESC-0007' }),
      reply_source: async (_job, failure) =>
        failure.reason === 'gave_up_waiting' ? undefined : { user: 'U0REPORT1', about: 'ESC-0007' },
    },
    notifier: { tell: async (notice) => void told.push(notice) },
    isSupport: async (user) => user === 'U0AGENT01',
    kick: () => {},
  });
  // Cards are refused while errcode is kept out of the channel; replies give up waiting for their card.
  const post = async (job: Job) => {
    if (refusing.has('C0ESCAL01'))
      throw new PermanentJobError(`${job.key}: not_in_channel`, { reason: 'not_in_channel', place: 'C0ESCAL01' });
  };
  outbox = new Outbox(
    storage.jobs,
    { post_card: post, reply_source: async () => {}, ...failures.handlers() },
    { clock: () => now, onDead: failures.onDead },
  );
});
afterEach(() => storage.close());

/** A dead reply of ticket 7, as one that waited for its card for hours ends. */
async function deadReply(): Promise<number> {
  await storage.jobs.enqueue({ key: 'reply_source:7:opened', kind: 'reply_source', payload: {}, group: 'ticket:7' });
  const [job] = await storage.jobs.lease('w', 1000, 1);
  if (!job) throw new Error('no job');
  await storage.jobs.bury(job, 'gave up', await failures.onDead(job, { reason: 'gave_up_waiting' }));
  return job.id;
}

describe('DeliveryFailures', () => {
  it('tells the person concerned once, by a notice job of its own, and keeps who was told with the dead job', async () => {
    await storage.jobs.enqueue({ key: 'post_card:7', kind: 'post_card', payload: {}, group: 'ticket:7' });
    await outbox.drain();
    await outbox.drain();
    expect(told).toEqual([
      {
        user: 'U0REPORT1',
        kind: 'post_card',
        key: 'post_card:7',
        failure: { reason: 'not_in_channel', place: 'C0ESCAL01', user: 'U0REPORT1', about: 'ESC-0007' },
      },
    ]);
    const [dead] = await storage.jobs.list(['dead']);
    expect(dead?.failure?.user).toBe('U0REPORT1');
    expect((await storage.jobs.list(['done'])).map((j) => j.kind)).toEqual([NOTICE_KIND]);
  });

  it('shows dead jobs to the person told and to support, and lets only them retry', async () => {
    await storage.jobs.enqueue({ key: 'post_card:7', kind: 'post_card', payload: {}, group: 'ticket:7' });
    await outbox.drain();
    const [dead] = await storage.jobs.list(['dead']);
    if (!dead) throw new Error('no dead job');
    expect((await failures.visibleTo('U0REPORT1')).map((j) => j.key)).toEqual(['post_card:7']);
    expect((await failures.visibleTo('U0AGENT01')).map((j) => j.key)).toEqual(['post_card:7']);
    expect(await failures.visibleTo('U0STRANGR')).toEqual([]);
    expect(await failures.retry(dead.id, 'U0STRANGR')).toBe('not-allowed');
    refusing.clear();
    expect(await failures.retry(dead.id, 'U0AGENT01')).toBe('retried');
    expect(await failures.retry(dead.id, 'U0AGENT01')).toBe('not-dead');
    await outbox.drain();
    expect(await storage.jobs.list(['dead', 'pending'])).toEqual([]);
  });

  it('queues again what died for a place once errcode can reach it, with the dead jobs of the same group', async () => {
    await storage.jobs.enqueue({ key: 'post_card:7', kind: 'post_card', payload: {}, group: 'ticket:7' });
    await storage.jobs.enqueue({ key: 'answer:C9:1.1', kind: 'post_card', payload: {} });
    await outbox.drain();
    const reply = await deadReply();
    expect(await failures.reopened('C0OTHER01')).toBe(0);
    refusing.clear();
    expect(await failures.reopened('C0ESCAL01')).toBe(3);
    expect((await storage.jobs.get(reply))?.state).toBe('pending');
    // The reply that gave up waiting told no one: the card's notice said it all.
    expect(told.map((n) => n.key).sort()).toEqual(['answer:C9:1.1', 'post_card:7']);
  });
});
