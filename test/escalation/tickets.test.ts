import { describe, expect, it } from 'vitest';
import { draftFor, draftFromAnswer, type TicketDraft } from '../../src/escalation/draft.ts';
import { ticketMarkdown } from '../../src/escalation/markdown.ts';
import type { TicketNotifier } from '../../src/escalation/ports.ts';
import { EscalationService } from '../../src/escalation/service.ts';
import { ticketNumber } from '../../src/escalation/tickets.ts';
import { NotReadyError } from '../../src/outbox/outbox.ts';
import { openStorage } from '../../src/store/storage.ts';
import { shippedEngine } from '../engine/shared.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const draft = (text: string): TicketDraft => {
  const d = draftFromAnswer(shippedEngine().answer(text), { now: NOW, reporter: 'U1', doing: 'Creating an image' });
  if (!d) throw new Error(`no draft for ${text}`);
  return d;
};

/** A ticket service over an in-memory store, with a notifier that records what it was asked to do. */
async function setup() {
  const storage = await openStorage({ memory: true });
  const calls: string[] = [];
  const notifier: TicketNotifier = {
    check: async () => ({ ok: true, channel: 'CESC' }),
    isMember: async (user) => user !== 'U0STRANGR',
    postCard: async (t, d) => {
      calls.push(`postCard ${t.number} ${d.key} doubt=${d.doubt}`);
      return `CESC:card${t.id}`;
    },
    updateCard: async (t) => void calls.push(`updateCard ${t.number}`),
    replySource: async (t, card, to, event) => void calls.push(`replySource ${t.number} ${card} → ${to} ${event}`),
  };
  const escalation = new EscalationService({
    transaction: storage.transaction,
    tickets: storage.tickets,
    notifier,
    kick: () => {},
    initial: { ok: true, channel: 'CESC' },
  });
  return { escalation, storage, calls };
}

describe('draftFromAnswer', () => {
  it('titles the ticket [SERVICE] CODE message, keeps the measure as guidance and leaves "what I tried" to the reporter', () => {
    expect(draft('{"error_code":"IMG.0014","error_msg":"boom","request_id":"r123456"}')).toMatchObject({
      title: '[IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.',
      code: 'IMG.0014',
      message: 'boom',
      requestId: 'r123456',
      tried: '',
      measure: 'Contact technical support.',
      escalation: 'required',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it('keeps the paste whole in the ticket, and in its Markdown in a fence no backticks inside can close', () => {
    const paste = `got this \`\`\` in the log:\n${'x'.repeat(30_000)}\n{"error_code":"IMG.0014"}`;
    const d = draftFor(shippedEngine().answer(paste), 0, { now: NOW, paste });
    expect(d?.paste).toBe(paste);
    const md = ticketMarkdown(d as TicketDraft);
    expect(md).toContain(`### The error as pasted\n\`\`\`\`\n${paste}\n\`\`\`\``);
  });

  it('drafts a ticket for anything a person asks one for: a match that does not call for support, an unknown code, nothing at all', () => {
    expect(draftFor(shippedEngine().answer('IMG.0024'), 0, { now: NOW })).toMatchObject({
      code: 'IMG.0024',
      escalation: 'manual',
      measure: 'Select either BMS or ECS.',
    });
    expect(draftFor(shippedEngine().answer('ECS.9999'), 'fallback', { now: NOW })).toMatchObject({
      title: '[ECS] ECS.9999 Error code not listed in the documentation',
      service: 'ecs',
      code: 'ECS.9999',
      escalation: 'manual',
    });
    const paste = 'deploy blew up\nInternal server error.';
    expect(draftFor(shippedEngine().answer(paste), 'fallback', { now: NOW, paste })).toMatchObject({
      title: 'deploy blew up',
      service: '',
      code: '',
      escalation: 'manual',
      paste,
    });
    expect(draftFor(shippedEngine().answer('IMG.0024'), 3, { now: NOW })).toBeUndefined();
  });

  it('keeps the message as received when the code was pasted under its alias', () => {
    expect(draft('{"error_code":"APIGW.0308","error_msg":"Too fast, slow down"}')).toMatchObject({
      code: 'APIG.0308',
      message: 'Too fast, slow down',
      escalation: 'suggested',
    });
  });

  it('drafts a fallback ticket for an unknown code of a service whose rule is to submit one', () => {
    expect(draft('{"error_code":"IS.9999","error_msg":"Something new"}')).toMatchObject({
      title: '[IS] IS.9999 Something new',
      escalation: 'fallback',
      measure: 'If other error codes are displayed, submit a service ticket.',
    });
  });

  it('drafts nothing when the measure does not involve support', () => {
    expect(draftFromAnswer(shippedEngine().answer('IMG.0024'), { now: NOW })).toBeUndefined();
  });
});

describe('EscalationService', () => {
  const submission = (key: string, source = 'C1:1.1') => ({ key, reporter: 'U1', source });

  it('numbers tickets ESC-0001… and queues the card and the source reply with them', async () => {
    const { escalation, storage } = await setup();
    const result = await escalation.submit(draft('IMG.0014'), submission('a:0'));
    expect(result).toMatchObject({ kind: 'created', ticket: { number: 'ESC-0001', state: 'open' } });
    expect((await storage.jobs.list(['pending'])).map((j) => j.payload)).toEqual([
      { kind: 'post_card', ticket: 1 },
      { kind: 'reply_source', ticket: 1, source: 'C1:1.1', event: 'opened', user: 'U1' },
    ]);
    expect(ticketNumber(12345)).toBe('ESC-12345');
  });

  it('treats the same submission twice as one ticket', async () => {
    const { escalation, storage } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    expect((await escalation.submit(draft('IMG.0014'), submission('a:0'))).kind).toBe('resubmitted');
    expect(await storage.jobs.list(['pending'])).toHaveLength(2);
  });

  it('links a report with the same request id to the open ticket, from another thread', async () => {
    const { escalation } = await setup();
    await escalation.submit(draft('{"error_code":"IMG.0014","request_id":"req-42abc"}'), submission('a:0'));
    const second = await escalation.submit(
      draft('{"error_code":"IMG.0016","request_id":"req-42abc"}'),
      submission('b:0', 'C1:2.2'),
    );
    expect(second).toMatchObject({ kind: 'linked', reason: 'request-id', ticket: { number: 'ESC-0001', repeats: 1 } });
  });

  it('links the same code from the same thread, but not once the ticket is resolved', async () => {
    const { escalation } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    expect((await escalation.submit(draft('IMG.0014'), submission('b:0'))).kind).toBe('linked');
    await escalation.resolve(1, 'U2');
    expect(await escalation.submit(draft('IMG.0014'), submission('c:0'))).toMatchObject({
      kind: 'created',
      ticket: { number: 'ESC-0002' },
    });
  });

  it('takes and resolves a ticket, telling the card and the source thread; a resolved ticket stays resolved', async () => {
    const { escalation, storage } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    expect(await escalation.take(1, 'U2')).toMatchObject({
      kind: 'changed',
      ticket: { state: 'taken', assignee: 'U2' },
    });
    expect(await escalation.take(1, 'U2')).toEqual({ kind: 'unchanged' });
    expect(await escalation.resolve(1, 'U3')).toMatchObject({
      kind: 'changed',
      ticket: { state: 'resolved', resolvedBy: 'U3' },
    });
    expect(await escalation.take(1, 'U2')).toEqual({ kind: 'unchanged' });
    expect((await storage.jobs.list(['pending'])).slice(2).map((j) => j.kind)).toEqual([
      'update_card',
      'reply_source',
      'update_card',
      'reply_source',
    ]);
  });

  it('lets only members of the escalation channel change a ticket', async () => {
    const { escalation } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    expect(await escalation.take(1, 'U0STRANGR')).toEqual({ kind: 'not-member' });
  });

  it('posts the card, then the reply linking it; a reply before its card waits, without blocking other jobs', async () => {
    const { escalation, storage, calls } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    const handlers = escalation.handlers();
    const [card, reply] = await storage.jobs.lease('w', 30_000, 2);
    if (!card || !reply) throw new Error('no jobs');
    await expect(handlers.reply_source(reply)).rejects.toBeInstanceOf(NotReadyError);
    await handlers.post_card(card);
    await handlers.reply_source(reply);
    expect(calls).toEqual([
      'postCard ESC-0001 post_card:1 doubt=false',
      'replySource ESC-0001 CESC:card1 → C1:1.1 opened',
    ]);
    expect(await escalation.get(1)).toMatchObject({ card: 'CESC:card1' });
    await handlers.post_card(card);
    expect(calls).toHaveLength(2); // a card already posted is not posted again
  });

  it('leaves the card at the latest state when the ticket changes while its card is being updated', async () => {
    const { escalation, storage, calls } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    await storage.tickets.setCard(1, 'CESC:card1');
    await escalation.take(1, 'U2');
    const shown: string[] = [];
    const racing = new EscalationService({
      transaction: storage.transaction,
      tickets: storage.tickets,
      notifier: {
        check: async () => ({ ok: true, channel: 'CESC' }),
        isMember: async () => true,
        postCard: async () => 'CESC:card1',
        replySource: async () => {},
        // While the "taken" update is on its way to Slack, someone resolves the ticket and its update lands first.
        updateCard: async (t) => {
          shown.push(t.state);
          if (shown.length === 1) await escalation.resolve(1, 'U3');
        },
      },
      kick: () => {},
      initial: { ok: true, channel: 'CESC' },
    });
    const [update] = (await storage.jobs.lease('w', 30_000, 10)).filter((j) => j.kind === 'update_card');
    if (!update) throw new Error('no update job');
    await racing.handlers().update_card(update);
    expect(shown).toEqual(['taken', 'resolved']);
    expect(calls).toEqual([]);
  });

  it('tells the reporter when a ticket job dies, or whoever changed the ticket for a card update; not a waiting reply', async () => {
    const { escalation, storage } = await setup();
    await escalation.submit(draft('IMG.0014'), submission('a:0'));
    await storage.tickets.setCard(1, 'CESC:card1');
    await escalation.take(1, 'U2');
    const jobs = await storage.jobs.lease('w', 30_000, 10);
    const concerned = escalation.concerned();
    const failure = { reason: 'not_in_channel', place: 'CESC' };
    const byKind = (kind: string) => {
      const job = jobs.find((j) => j.kind === kind);
      if (!job) throw new Error(`no ${kind} job`);
      return job;
    };
    expect(await concerned.post_card(byKind('post_card'), failure)).toEqual({ user: 'U1', about: 'ESC-0001' });
    expect(await concerned.update_card(byKind('update_card'), failure)).toEqual({
      user: 'U2',
      about: 'ESC-0001',
    });
    expect(await concerned.reply_source(byKind('reply_source'), { reason: 'gave_up_waiting' })).toBeUndefined();
    expect(jobs.every((j) => j.group === 'ticket:1')).toBe(true);
  });
});

describe('ticketMarkdown', () => {
  it('renders every field, saying which ones are missing', () => {
    const md = ticketMarkdown({ ...draft('IMG.0014'), doing: '' }, { number: 'ESC-0007', state: 'open' });
    expect(md.split('\n')[0]).toBe(
      '## ESC-0007 [IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.',
    );
    expect(md).toContain('| Request ID | _not given_ |');
    expect(md).toContain('### What I was doing\n_not given_');
  });

  it('keeps table cells intact when values hold pipes or new lines', () => {
    const md = ticketMarkdown({ ...draft('IMG.0014'), message: 'a | b\nc' });
    expect(md).toContain('| Message | a \\| b<br>c |');
  });
});
