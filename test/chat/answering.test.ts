import { describe, expect, it } from 'vitest';
import { Answers } from '../../src/answers.ts';
import { type AnswerJob, ChatAnswering } from '../../src/chat/answering.ts';
import type { Delivery } from '../../src/escalation/ports.ts';
import { PermanentJobError, TransientJobError } from '../../src/outbox/outbox.ts';
import { openStorage } from '../../src/store/storage.ts';
import { shippedEngine } from '../engine/shared.ts';

const BODY = '{"error_code":"IMG.0014","error_msg":"boom"}';

/** Chat answering over an in-memory store, with a poster that records (or fails) what it is asked to post. */
async function setup(fail?: (n: number) => Error | undefined) {
  const storage = await openStorage({ memory: true });
  const posted: { job: AnswerJob; delivery: Delivery }[] = [];
  let kicks = 0;
  const chat = new ChatAnswering({
    answers: new Answers(shippedEngine(), storage),
    channels: storage.channels,
    ledger: storage.ledger,
    transaction: storage.transaction,
    poster: {
      post: async (job, _stored, delivery) => {
        const error = fail?.(posted.length + 1);
        posted.push({ job, delivery });
        if (error) throw error;
        return `${job.channel}:reply${posted.length}`;
      },
    },
    kick: () => void kicks++,
  });
  const runJobs = async () => {
    for (const job of await storage.jobs.lease('w', 30_000, 100))
      await chat.deliver(job).then(
        () => storage.jobs.complete(job),
        (e: Error) =>
          e instanceof PermanentJobError
            ? storage.jobs.bury(job, e.message)
            : storage.jobs.retry(job, 0, e.message, true),
      );
  };
  return { storage, chat, posted, runJobs, kicks: () => kicks };
}

const message = (extra: Partial<Parameters<ChatAnswering['handle']>[0]> = {}) => ({
  channel: 'C1',
  ts: '1.1',
  user: 'U1',
  text: BODY,
  direct: false,
  ...extra,
});

describe('ChatAnswering', () => {
  it('queues one answer for a pasted error, however often it is delivered, and posts it in the thread', async () => {
    const { chat, posted, runJobs, kicks, storage } = await setup();
    const outcomes = await Promise.all([chat.handle(message()), chat.handle(message()), chat.handle(message())]);
    expect(outcomes.sort()).toEqual(['in-progress', 'in-progress', 'queued']);
    expect(kicks()).toBe(1);
    await runJobs();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.job).toMatchObject({ channel: 'C1', ts: '1.1', threadTs: '1.1', help: false });
    expect(posted[0]?.delivery).toMatchObject({ key: 'answer:C1:1.1', doubt: false });
    expect(await chat.handle(message())).toBe('answered');
    expect(await storage.lookups.topCodes(1)).toEqual([{ code: 'IMG.0014', service: 'ims', count: 1 }]);
  });

  it('stays quiet for chit-chat and in muted channels; answers anything in a direct message, in place', async () => {
    const { chat, storage } = await setup();
    expect(await chat.handle(message({ text: 'lunch?' }))).toBe('not-worth');
    await storage.channels.setMuted('C1', true, 'U1');
    expect(await chat.handle(message({ ts: '1.2' }))).toBe('muted');
    expect(await chat.handle(message({ channel: 'D1', text: 'help', direct: true }))).toBe('queued');
    const [job] = await storage.jobs.list(['pending']);
    expect(job?.payload).toMatchObject({ channel: 'D1', help: true });
    expect(job?.payload).not.toHaveProperty('threadTs');
  });

  it('retries an answer whose post may have got through, in doubt; marks it answered once posted', async () => {
    const { chat, posted, runJobs } = await setup((n) =>
      n === 1 ? new TransientJobError('HTTP 500', true) : undefined,
    );
    await chat.handle(message());
    await runJobs();
    await runJobs();
    expect(posted.map((p) => p.delivery.doubt)).toEqual([false, true]);
    expect(await chat.handle(message())).toBe('answered');
  });

  it('frees the claim when the answer can never be posted, so a later delivery answers', async () => {
    const { chat, runJobs, storage } = await setup(() => new PermanentJobError('not_in_channel'));
    await chat.handle(message());
    await runJobs();
    expect((await storage.jobs.list(['dead']))[0]?.lastError).toBe('not_in_channel');
    // A later delivery (once errcode is back in the channel) queues the same answer again.
    expect(await chat.handle(message())).toBe('queued');
    expect((await storage.jobs.list(['pending', 'dead'])).map((j) => [j.key, j.state])).toEqual([
      ['answer:C1:1.1', 'pending'],
    ]);
  });

  it('answers a mention like a direct message, in its thread, muted channel or not; the message event of it is the same message', async () => {
    const { chat, storage } = await setup();
    await storage.channels.setMuted('C1', true, 'U1');
    expect(await chat.handle(message({ ts: '2.1', text: 'the image name is too long', mention: true }))).toBe('queued');
    expect(await chat.handle(message({ ts: '2.2', text: 'help', mention: true, threadTs: '2.0' }))).toBe('queued');
    const jobs = (await storage.jobs.list(['pending'])).map((j) => j.payload);
    expect(jobs).toEqual([
      expect.objectContaining({ ts: '2.1', threadTs: '2.1', help: false }),
      expect.objectContaining({ ts: '2.2', threadTs: '2.0', help: true }),
    ]);
    expect(await storage.lookups.topCodes(5)).toEqual([{ code: 'IMG.0002', service: 'ims', count: 1 }]);
    await storage.channels.setMuted('C1', false, 'U1');
    expect(await chat.handle(message({ ts: '2.1' }))).toBe('in-progress');
    expect(await chat.handle(message({ ts: '2.3' }))).toBe('queued');
    expect(await chat.handle(message({ ts: '2.3', mention: true }))).toBe('in-progress');
  });
});
