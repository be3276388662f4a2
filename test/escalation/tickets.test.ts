import { describe, expect, it } from 'vitest';
import { draftFromAnswer, type TicketDraft } from '../../src/escalation/draft.ts';
import { ticketMarkdown } from '../../src/escalation/markdown.ts';
import { type TicketJob, Tickets, ticketNumber } from '../../src/escalation/tickets.ts';
import { Store } from '../../src/store/store.ts';
import { shippedEngine } from '../engine/shared.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const draft = (text: string): TicketDraft => {
  const d = draftFromAnswer(shippedEngine().answer(text), { now: NOW, reporter: 'U1', doing: 'Creating an image' });
  if (!d) throw new Error(`no draft for ${text}`);
  return d;
};

function setup() {
  const jobs: TicketJob[] = [];
  const tickets = new Tickets(Store.memory(), (job) => jobs.push(job));
  return { tickets, jobs };
}

describe('draftFromAnswer', () => {
  it('titles the ticket [SERVICE] CODE message and prefills what was tried with the measure', () => {
    expect(draft('{"error_code":"IMG.0014","error_msg":"boom","request_id":"r123456"}')).toMatchObject({
      title: '[IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.',
      code: 'IMG.0014',
      message: 'boom',
      requestId: 'r123456',
      tried: 'Contact technical support.',
      escalation: 'required',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
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
      tried: 'If other error codes are displayed, submit a service ticket.',
    });
  });

  it('drafts nothing when the measure does not involve support', () => {
    expect(draftFromAnswer(shippedEngine().answer('IMG.0024'), { now: NOW })).toBeUndefined();
  });
});

describe('Tickets', () => {
  const submission = (key: string, extra: Partial<{ sourceChannel: string; sourceThreadTs: string }> = {}) => ({
    key,
    reporter: 'U1',
    cardChannel: 'CESC',
    sourceChannel: 'C1',
    sourceThreadTs: '1.1',
    ...extra,
  });

  it('numbers tickets ESC-0001… and queues the card and the source reply with them', () => {
    const { tickets, jobs } = setup();
    const result = tickets.submit(draft('IMG.0014'), submission('a:0'));
    expect(result).toMatchObject({ kind: 'created', ticket: { number: 'ESC-0001', state: 'open' } });
    expect(jobs).toEqual([
      { kind: 'post_card', ticket: 1 },
      { kind: 'reply_source', ticket: 1, channel: 'C1', threadTs: '1.1', event: 'opened', user: 'U1' },
    ]);
    expect(ticketNumber(12345)).toBe('ESC-12345');
  });

  it('treats the same submission twice as one ticket', () => {
    const { tickets, jobs } = setup();
    tickets.submit(draft('IMG.0014'), submission('a:0'));
    expect(tickets.submit(draft('IMG.0014'), submission('a:0')).kind).toBe('resubmitted');
    expect(jobs).toHaveLength(2);
  });

  it('links a report with the same request id to the open ticket, from another thread', () => {
    const { tickets } = setup();
    tickets.submit(draft('{"error_code":"IMG.0014","request_id":"req-42abc"}'), submission('a:0'));
    const second = tickets.submit(
      draft('{"error_code":"IMG.0016","request_id":"req-42abc"}'),
      submission('b:0', { sourceThreadTs: '2.2' }),
    );
    expect(second).toMatchObject({ kind: 'linked', reason: 'request-id', ticket: { number: 'ESC-0001', repeats: 1 } });
  });

  it('links the same code from the same thread, but not once the ticket is resolved', () => {
    const { tickets } = setup();
    tickets.submit(draft('IMG.0014'), submission('a:0'));
    expect(tickets.submit(draft('IMG.0014'), submission('b:0')).kind).toBe('linked');
    tickets.resolve(1, 'U2');
    expect(tickets.submit(draft('IMG.0014'), submission('c:0'))).toMatchObject({
      kind: 'created',
      ticket: { number: 'ESC-0002' },
    });
  });

  it('takes and resolves a ticket, telling the card and the source thread; a resolved ticket stays resolved', () => {
    const { tickets, jobs } = setup();
    tickets.submit(draft('IMG.0014'), submission('a:0'));
    expect(tickets.take(1, 'U2')).toMatchObject({ state: 'taken', assignee: 'U2' });
    expect(tickets.take(1, 'U2')).toBeUndefined();
    expect(tickets.resolve(1, 'U3')).toMatchObject({ state: 'resolved', resolvedBy: 'U3' });
    expect(tickets.take(1, 'U2')).toBeUndefined();
    expect(jobs.slice(2).map((j) => j.kind)).toEqual(['update_card', 'reply_source', 'update_card', 'reply_source']);
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
