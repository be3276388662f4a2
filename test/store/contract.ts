import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TicketDraft } from '../../src/escalation/draft.ts';
import type { EscalationStatus, TicketNotifier } from '../../src/escalation/ports.ts';
import { EscalationService } from '../../src/escalation/service.ts';
import type { Storage } from '../../src/store/storage.ts';

/** A store opened for one test, on a clock the test moves. */
export interface Opened {
  storage: Storage;
  /** Another process's view of the same database (its own connections), where the adapter can have one. */
  other?: () => Promise<Storage>;
  close: () => Promise<void>;
}

/** Opens a store for a test; `now` is its clock. */
export type Open = (now: () => number) => Promise<Opened>;

export const DRAFT: TicketDraft = {
  title: '[IMS] IMG.0014 An exception occurred',
  service: 'ims',
  serviceName: 'Image Management Service (IMS)',
  code: 'IMG.0014',
  message: 'boom',
  occurredAt: '2026-11-23T10:00:00.000Z',
  severity: 'medium',
  doing: 'Creating an image',
  tried: 'Contact technical support.',
  escalation: 'required',
};

const silentNotifier: TicketNotifier = {
  check: async (): Promise<EscalationStatus> => ({ ok: true, channel: 'CESC' }),
  isMember: async () => true,
  postCard: async (t) => `CESC:${t.id}`,
  updateCard: async () => {},
  replySource: async () => {},
};

/** A ticket service over a store, with a notifier that does nothing. */
export function escalationOver(storage: Storage): EscalationService {
  return new EscalationService({
    transaction: storage.transaction,
    tickets: storage.tickets,
    notifier: silentNotifier,
    kick: () => {},
    initial: { ok: true, channel: 'CESC' },
  });
}

/**
 * The store's contract, written once and run on every adapter: what the domain relies on, including under
 * concurrency (claims, leases, periods, ticket numbers) where the adapter serves several processes.
 */
export function storageContract(open: Open): void {
  let now = 1_000_000_000;
  let opened: Opened;
  let s: Storage;
  const others: Storage[] = [];
  beforeEach(async () => {
    now = 1_000_000_000;
    opened = await open(() => now);
    s = opened.storage;
  });
  afterEach(async () => {
    for (const o of others.splice(0)) await o.close();
    await opened.close();
  });
  const another = async (): Promise<Storage> => {
    const o = opened.other ? await opened.other() : s;
    if (o !== s) others.push(o);
    return o;
  };

  it('claims a message once; later deliveries see it in progress, then answered', async () => {
    expect(await s.ledger.claim('C1', '1.1')).toBe('claimed');
    expect(await s.ledger.claim('C1', '1.1')).toBe('in-progress');
    await s.ledger.markAnswered('C1', '1.1', 'C1:1.2');
    expect(await s.ledger.claim('C1', '1.1')).toBe('answered');
    expect(await s.ledger.claim('C1', '1.3')).toBe('claimed');
  });

  it('frees a claim whose answer could not be posted, and never an answered one', async () => {
    await s.ledger.claim('C1', '1.1');
    await s.ledger.release('C1', '1.1');
    expect(await s.ledger.claim('C1', '1.1')).toBe('claimed');
    await s.ledger.markAnswered('C1', '1.1');
    await s.ledger.release('C1', '1.1');
    expect(await s.ledger.claim('C1', '1.1')).toBe('answered');
  });

  it('gives one claim to one of many concurrent deliveries, from several processes', async () => {
    const o = await another();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? o : s).ledger.claim('C1', '9.9')));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
  });

  it('keeps channel mute settings', async () => {
    expect(await s.channels.isMuted('C1')).toBe(false);
    await s.channels.setMuted('C1', true, 'U1');
    expect(await s.channels.isMuted('C1')).toBe(true);
    await s.channels.setMuted('C1', false, 'U1');
    expect(await s.channels.isMuted('C1')).toBe(false);
  });

  it('counts the most asked codes and lists unknown ones, most recent first', async () => {
    for (const code of ['IMG.0024', 'IMG.0024', 'IS.0001']) {
      now++;
      await s.lookups.record({ code, found: true, via: 'command' });
    }
    now++;
    await s.lookups.record({ code: 'ECS.9999', found: false, via: 'message' });
    now++;
    await s.lookups.record({ code: 'IMG.9999', found: false, via: 'command' });
    await s.lookups.record({ code: 'IMS.0001', service: 'ims', found: true, via: 'command' });
    expect(await s.lookups.topCodes(5)).toEqual([
      { code: 'IMG.0024', count: 2 },
      { code: 'IMS.0001', service: 'ims', count: 1 },
      { code: 'IS.0001', count: 1 },
    ]);
    expect(await s.lookups.recentUnknownCodes(5)).toEqual([
      { code: 'IMG.9999', count: 1, lastAt: now },
      { code: 'ECS.9999', count: 1, lastAt: now - 1 },
    ]);
  });

  it('expires stored answers after a week and prunes old messages, lookups and finished jobs', async () => {
    await s.answers.save('a1', { x: 1 });
    await s.answers.save('a1', { x: 2 });
    await s.ledger.claim('C1', '1.1');
    await s.lookups.record({ code: 'IMG.0024', found: true, via: 'command' });
    await s.jobs.enqueue({ key: 'k1', kind: 'k', payload: {} });
    const [job] = await s.jobs.lease('w', 1000, 1);
    if (job) await s.jobs.complete(job);
    expect(await s.answers.load('a1')).toEqual({ x: 2 });
    now += 8 * 24 * 3600_000;
    expect(await s.answers.load('a1')).toBeUndefined();
    await s.prune();
    expect(await s.ledger.claim('C1', '1.1')).toBe('claimed'); // the old claim is gone
    expect(await s.jobs.enqueue({ key: 'k1', kind: 'k', payload: {} })).toBe(true); // and the old job's key
    expect(await s.lookups.topCodes(5)).toEqual([{ code: 'IMG.0024', count: 1 }]); // lookups are kept 180 days
    now += 200 * 24 * 3600_000;
    await s.prune();
    expect(await s.lookups.topCodes(5)).toEqual([]);
  });

  it('queues a job once per key and leases it to one worker at a time, counting the attempt', async () => {
    expect(await s.jobs.enqueue({ key: 'answer:C1:1.1', kind: 'post_answer', payload: { n: 1 } })).toBe(true);
    expect(await s.jobs.enqueue({ key: 'answer:C1:1.1', kind: 'post_answer', payload: { n: 2 } })).toBe(false);
    const [job] = await s.jobs.lease('w1', 30_000, 10);
    expect(job).toMatchObject({
      key: 'answer:C1:1.1',
      kind: 'post_answer',
      payload: { n: 1 },
      attempts: 1,
      doubt: false,
    });
    expect(await s.jobs.lease('w2', 30_000, 10)).toEqual([]);
    if (!job) throw new Error('no job');
    expect(await s.jobs.complete(job)).toBe(true);
    expect(await s.jobs.lease('w2', 30_000, 10)).toEqual([]);
    expect(await s.jobs.list(['pending', 'dead'])).toEqual([]);
  });

  it('hands a job whose worker died to another once the lease ends, in doubt; the first can no longer finish it', async () => {
    await s.jobs.enqueue({ key: 'post_card:1', kind: 'post_card', payload: { ticket: 1 } });
    const [first] = await s.jobs.lease('w1', 30_000, 1);
    now += 29_000;
    expect(await s.jobs.lease('w2', 30_000, 1)).toEqual([]);
    now += 2000;
    const [second] = await s.jobs.lease('w2', 30_000, 1);
    expect(second).toMatchObject({ key: 'post_card:1', attempts: 2, doubt: true });
    if (!first || !second) throw new Error('no job');
    expect(await s.jobs.complete(first)).toBe(false);
    expect(await s.jobs.complete(second)).toBe(true);
  });

  it('retries a failed job at its time, in doubt only when the attempt may have reached Slack', async () => {
    await s.jobs.enqueue({ key: 'a', kind: 'k', payload: {} });
    await s.jobs.enqueue({ key: 'b', kind: 'k', payload: {} });
    const [a, b] = await s.jobs.lease('w', 30_000, 2);
    if (!a || !b) throw new Error('no jobs');
    await s.jobs.retry(a, now + 5000, 'ratelimited', false);
    await s.jobs.retry(b, now + 5000, 'HTTP 500', true);
    expect(await s.jobs.lease('w', 30_000, 2)).toEqual([]);
    now += 5000;
    const again = await s.jobs.lease('w', 30_000, 2);
    expect(again.map((j) => [j.key, j.attempts, j.doubt])).toEqual([
      ['a', 2, false],
      ['b', 2, true],
    ]);
    expect((await s.jobs.list(['pending']))[0]).toMatchObject({ key: 'a', lastError: 'ratelimited' });
  });

  it('keeps a job that can never succeed as dead, with its error, queryable', async () => {
    await s.jobs.enqueue({ key: 'post_card:7', kind: 'post_card', payload: { ticket: 7 } });
    const [job] = await s.jobs.lease('w', 30_000, 1);
    if (!job) throw new Error('no job');
    await s.jobs.bury(job, 'card of ESC-0007: not_in_channel');
    expect(await s.jobs.lease('w', 30_000, 1)).toEqual([]);
    expect(await s.jobs.list(['dead'])).toEqual([
      expect.objectContaining({
        key: 'post_card:7',
        state: 'dead',
        attempts: 1,
        lastError: 'card of ESC-0007: not_in_channel',
      }),
    ]);
  });

  it('queues a dead job again when the same work is queued, so it runs once its cause is fixed', async () => {
    await s.jobs.enqueue({ key: 'answer:C1:1.1', kind: 'post_answer', payload: { n: 1 } });
    const [job] = await s.jobs.lease('w', 30_000, 1);
    if (!job) throw new Error('no job');
    await s.jobs.bury(job, 'not_in_channel');
    expect(await s.jobs.enqueue({ key: 'answer:C1:1.1', kind: 'post_answer', payload: { n: 2 } })).toBe(true);
    expect(await s.jobs.list(['dead'])).toEqual([]);
    expect(await s.jobs.lease('w', 30_000, 1)).toEqual([
      expect.objectContaining({ key: 'answer:C1:1.1', payload: { n: 2 }, attempts: 1 }),
    ]);
  });

  it("renews a running job's lease only for the worker holding it", async () => {
    await s.jobs.enqueue({ key: 'post_card:1', kind: 'post_card', payload: { ticket: 1 } });
    const [job] = await s.jobs.lease('w1', 30_000, 1);
    if (!job) throw new Error('no job');
    now += 25_000;
    expect(await s.jobs.renew(job, 30_000)).toBe(true);
    now += 25_000;
    expect(await s.jobs.lease('w2', 30_000, 1)).toEqual([]);
    now += 6000;
    const [taken] = await s.jobs.lease('w2', 30_000, 1);
    expect(taken).toMatchObject({ key: 'post_card:1', doubt: true });
    expect(await s.jobs.renew(job, 30_000)).toBe(false);
  });

  it('keeps why a job died, and revives dead jobs by id, due at once, their doubt and first time kept', async () => {
    now = 2_000_000_000;
    await s.jobs.enqueue({ key: 'post_card:7', kind: 'post_card', payload: { ticket: 7 }, group: 'ticket:7' });
    await s.jobs.enqueue({ key: 'answer:C1:1.1', kind: 'post_answer', payload: {} });
    const [card, answer] = await s.jobs.lease('w', 30_000, 2);
    if (!card || !answer) throw new Error('no jobs');
    expect(card.firstAt).toBe(now);
    now += 1000;
    await s.jobs.retry(card, now, 'HTTP 500', true);
    const [again] = await s.jobs.lease('w', 30_000, 1);
    if (!again) throw new Error('no job');
    await s.jobs.bury(again, 'card of ESC-0007: not_in_channel', {
      reason: 'not_in_channel',
      place: 'C0ESCAL01',
      user: 'U1',
      about: 'ESC-0007',
    });
    await s.jobs.complete(answer);
    const [dead] = await s.jobs.list(['dead']);
    expect(dead).toMatchObject({
      key: 'post_card:7',
      group: 'ticket:7',
      failure: { reason: 'not_in_channel', place: 'C0ESCAL01', user: 'U1', about: 'ESC-0007' },
    });
    expect(await s.jobs.get(dead?.id ?? 0)).toEqual(dead);
    now += 3600_000;
    expect(await s.jobs.revive([dead?.id ?? 0, answer.id])).toBe(1);
    const [revived] = await s.jobs.lease('w', 30_000, 5);
    expect(revived).toMatchObject({ key: 'post_card:7', attempts: 1, doubt: true, firstAt: 2_000_000_000 });
    expect(revived?.createdAt).toBe(now);
    expect((await s.jobs.get(answer.id))?.state).toBe('done');
  });

  it('leases different jobs to concurrent workers of several processes', async () => {
    for (let i = 0; i < 40; i++) await s.jobs.enqueue({ key: `j${i}`, kind: 'k', payload: { i } });
    const o = await another();
    const leases = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? o : s).jobs.lease(`w${i}`, 30_000, 5)),
    );
    const keys = leases.flat().map((j) => j.key);
    expect(keys).toHaveLength(40);
    expect(new Set(keys).size).toBe(40);
  });

  it('commits a unit of work whole, or not at all', async () => {
    await expect(
      s.transaction(async (tx) => {
        await tx.ledger.claim('C1', '5.5');
        await tx.jobs.enqueue({ key: 'answer:C1:5.5', kind: 'post_answer', payload: {} });
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await s.jobs.list(['pending'])).toEqual([]);
    expect(await s.ledger.claim('C1', '5.5')).toBe('claimed');
  });

  it('runs a periodic task once per period, whichever process asks', async () => {
    const o = await another();
    const claims = await Promise.all([
      s.periodic.claim('housekeeping', 3600_000, 'p1'),
      o.periodic.claim('housekeeping', 3600_000, 'p2'),
      s.periodic.claim('housekeeping', 3600_000, 'p1'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await s.periodic.record('housekeeping', 'pruned');
    expect(await o.periodic.last('housekeeping')).toMatchObject({ at: now, result: 'pruned' });
    now += 3600_000 - 1;
    expect(await o.periodic.claim('housekeeping', 3600_000, 'p2')).toBe(false);
    now += 1;
    expect(await o.periodic.claim('housekeeping', 3600_000, 'p2')).toBe(true);
    expect(await s.periodic.last('housekeeping')).toMatchObject({ owner: 'p2' });
  });

  it('numbers tickets ESC-0001… and stores them with their jobs, in one unit of work', async () => {
    const escalation = escalationOver(s);
    const first = await escalation.submit(DRAFT, { key: 'a:0', reporter: 'U1', source: 'C1:1.1' });
    expect(first).toMatchObject({ kind: 'created', ticket: { number: 'ESC-0001', state: 'open', source: 'C1:1.1' } });
    const second = await escalation.submit({ ...DRAFT, code: 'IMG.0016' }, { key: 'b:0', reporter: 'U1' });
    expect(second.ticket.number).toBe('ESC-0002');
    expect((await s.jobs.list(['pending'])).map((j) => j.key)).toEqual([
      'post_card:1',
      'reply_source:1:opened',
      'post_card:2',
    ]);
    await s.tickets.setCard(1, 'CESC:1700.1');
    expect(await s.tickets.get(1)).toMatchObject({ card: 'CESC:1700.1' });
  });

  it('numbers concurrent submissions from several processes uniquely, and makes one ticket of a double click', async () => {
    const o = await another();
    const [a, b] = [escalationOver(s), escalationOver(o)];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).submit(
          { ...DRAFT, requestId: `req-${Math.floor(i / 2)}` },
          { key: `k${Math.floor(i / 2)}`, reporter: 'U1' },
        ),
      ),
    );
    const created = results.filter((r) => r.kind === 'created').map((r) => r.ticket.number);
    expect(created).toHaveLength(6);
    expect(new Set(created).size).toBe(6);
    expect(results.filter((r) => r.kind === 'resubmitted')).toHaveLength(6);
  });

  it('links a repeat by request id or by code and thread, until the ticket is resolved', async () => {
    const escalation = escalationOver(s);
    await escalation.submit({ ...DRAFT, requestId: 'req-42abc' }, { key: 'a:0', reporter: 'U1', source: 'C1:1.1' });
    expect(
      await escalation.submit(
        { ...DRAFT, code: 'IMG.0016', requestId: 'req-42abc' },
        { key: 'b:0', reporter: 'U2', source: 'C1:2.2' },
      ),
    ).toMatchObject({ kind: 'linked', reason: 'request-id', ticket: { number: 'ESC-0001', repeats: 1 } });
    expect(await escalation.submit(DRAFT, { key: 'c:0', reporter: 'U3', source: 'C1:1.1' })).toMatchObject({
      kind: 'linked',
      reason: 'same-thread',
    });
    expect(await escalation.resolve(1, 'U9')).toMatchObject({
      kind: 'changed',
      ticket: { state: 'resolved', resolvedBy: 'U9' },
    });
    expect(await escalation.submit(DRAFT, { key: 'd:0', reporter: 'U3', source: 'C1:1.1' })).toMatchObject({
      kind: 'created',
      ticket: { number: 'ESC-0002' },
    });
  });

  it('resolves a ticket with its note, and reopens it to whoever had taken it, the note cleared', async () => {
    const escalation = escalationOver(s);
    await escalation.submit(DRAFT, { key: 'a:0', reporter: 'U1', source: 'C1:1.1' });
    await escalation.take(1, 'U7');
    now += 1000;
    expect(await escalation.resolve(1, 'U7', '  Quota raised.  ')).toMatchObject({
      kind: 'changed',
      ticket: { state: 'resolved', resolvedBy: 'U7', resolution: 'Quota raised.', resolvedAt: now },
    });
    expect((await s.jobs.list(['pending'])).map((j) => j.payload).at(-1)).toEqual({
      kind: 'reply_source',
      ticket: 1,
      source: 'C1:1.1',
      event: 'resolved',
      user: 'U7',
      note: 'Quota raised.',
    });
    expect(await escalation.reopen(1, 'U7')).toMatchObject({
      kind: 'changed',
      ticket: { state: 'taken', assignee: 'U7' },
    });
    const reopened = await s.tickets.get(1);
    expect(reopened).not.toHaveProperty('resolution');
    expect(reopened).not.toHaveProperty('resolvedBy');
    expect(await escalation.reopen(1, 'U7')).toEqual({ kind: 'unchanged' });
    await escalation.submit({ ...DRAFT, code: 'IMG.0016' }, { key: 'b:0', reporter: 'U1' });
    await escalation.resolve(2, 'U7');
    await escalation.reopen(2, 'U7');
    expect(await s.tickets.get(2)).toMatchObject({ state: 'open' });
  });

  it('keeps one vote per person per answer, the latest counting; a vote that changes sides drops its explanation', async () => {
    const place = { channel: 'C1', ts: '1.2' };
    await s.feedback.vote({ answerId: 'a1', user: 'U1', vote: 'down', code: 'IMG.0014', place });
    expect(await s.feedback.explain('a1', 'U1', { expected: 'IMG.0016', note: 'wrong service' })).toBe(true);
    now++;
    await s.feedback.vote({ answerId: 'a1', user: 'U1', vote: 'down', code: 'IMG.0014' });
    expect(await s.feedback.latestDown(5)).toEqual([
      { answerId: 'a1', user: 'U1', code: 'IMG.0014', expected: 'IMG.0016', note: 'wrong service', place, at: now },
    ]);
    await s.feedback.vote({ answerId: 'a1', user: 'U1', vote: 'up', code: 'IMG.0014' });
    await s.feedback.vote({ answerId: 'a1', user: 'U2', vote: 'up', code: 'IMG.0014' });
    expect(await s.feedback.latestDown(5)).toEqual([]);
    expect(await s.feedback.explain('a1', 'U1', { note: 'n' })).toBe(false);
    await s.feedback.vote({ answerId: 'a1', user: 'U1', vote: 'down', code: 'IMG.0014' });
    expect(await s.feedback.latestDown(5)).toEqual([{ answerId: 'a1', user: 'U1', code: 'IMG.0014', place, at: now }]);
    expect(await s.feedback.perCode(5)).toEqual([{ code: 'IMG.0014', up: 1, down: 1, removed: 0 }]);
  });

  it('counts removals once per answer, beside the votes, the most complained-about codes first', async () => {
    const place = { channel: 'C1', ts: '1.2' };
    expect(await s.feedback.remove({ answerId: 'a1', code: 'VPC.0101', by: 'U1', place })).toBe(true);
    expect(await s.feedback.remove({ answerId: 'a1', code: 'VPC.0101', by: 'U2', place })).toBe(false);
    await s.feedback.remove({ answerId: 'a2', code: 'VPC.0101', by: 'U1', place });
    await s.feedback.vote({ answerId: 'a3', user: 'U1', vote: 'up', code: 'IMG.0024' });
    await s.feedback.vote({ answerId: 'a3', user: 'U2', vote: 'up', code: 'IMG.0024' });
    await s.feedback.vote({ answerId: 'a4', user: 'U1', vote: 'down', code: 'IMG.0014' });
    await s.feedback.vote({ answerId: 'a5', user: 'U1', vote: 'down', code: '' });
    expect(await s.feedback.perCode(10)).toEqual([
      { code: 'VPC.0101', up: 0, down: 0, removed: 2 },
      { code: '', up: 0, down: 1, removed: 0 },
      { code: 'IMG.0014', up: 0, down: 1, removed: 0 },
      { code: 'IMG.0024', up: 2, down: 0, removed: 0 },
    ]);
    expect(await s.feedback.perCode(1)).toHaveLength(1);
    now += 200 * 24 * 3600_000;
    await s.prune();
    expect(await s.feedback.perCode(10)).toEqual([]);
  });

  it('lists the latest 👎 newest first', async () => {
    for (const [i, user] of ['U1', 'U2', 'U3'].entries()) {
      now += 1000;
      await s.feedback.vote({ answerId: `a${i}`, user, vote: 'down', code: `IMG.00${10 + i}` });
    }
    expect((await s.feedback.latestDown(2)).map((d) => [d.user, d.code])).toEqual([
      ['U3', 'IMG.0012'],
      ['U2', 'IMG.0011'],
    ]);
  });

  it('keeps one vote when one person votes from several processes at once', async () => {
    const o = await another();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? o : s).feedback.vote({ answerId: 'a1', user: 'U1', vote: i % 3 ? 'up' : 'down', code: 'IMG.0014' }),
      ),
    );
    const [row] = await s.feedback.perCode(5);
    expect((row?.up ?? 0) + (row?.down ?? 0)).toBe(1);
  });
}
