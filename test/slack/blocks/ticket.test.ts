import { describe, expect, it } from 'vitest';
import { draftFromAnswer } from '../../../src/escalation/draft.ts';
import { LIMITS } from '../../../src/slack/blocks/text.ts';
import { applyForm, FIELDS, ticketCard, ticketModal, validateTicketForm } from '../../../src/slack/blocks/ticket.ts';
import { shippedEngine } from '../../engine/shared.ts';

const draft = draftFromAnswer(shippedEngine().answer('{"error_code":"IMG.0014","request_id":"<!channel>"}'), {
  now: new Date('2026-11-23T10:00:00Z'),
});
if (!draft) throw new Error('no draft');
const valid = {
  title: 't',
  message: 'm',
  requestId: 'abc-123',
  region: 'cn-north-4',
  occurredAt: '2026-11-23T10:00:00Z',
  severity: 'high',
  doing: 'Creating an image from ecs-1',
  tried: 'x',
};

describe('ticket form', () => {
  it('has every field the issue lists, with a required "what were you doing"', () => {
    const view = ticketModal(draft, { answerId: 'a', item: '0' }, { ok: true, channel: 'CESC' });
    const ids = view.blocks.filter((b) => b.type === 'input').map((b) => (b as { block_id: string }).block_id);
    expect(ids).toEqual(Object.values(FIELDS));
    expect(view.blocks.find((b) => (b as { block_id?: string }).block_id === FIELDS.doing)).toMatchObject({
      optional: false,
    });
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect((view.private_metadata ?? '').length).toBeLessThanOrEqual(3000);
  });

  it('accepts a complete form and reports each bad field', () => {
    expect(validateTicketForm(valid)).toEqual({});
    expect(
      Object.keys(
        validateTicketForm({
          ...valid,
          title: ' ',
          doing: 'x',
          requestId: 'a b',
          occurredAt: 'soon',
          severity: 'urgent',
        }),
      ).sort(),
    ).toEqual(['doing', 'occurred_at', 'request_id', 'severity', 'title'].sort());
  });

  it('reads a URL in "region or endpoint" as the endpoint', () => {
    expect(applyForm(draft, { ...valid, region: 'https://ims.cn-north-4.myhuaweicloud.com/v2' })).toMatchObject({
      endpoint: 'https://ims.cn-north-4.myhuaweicloud.com/v2',
    });
    expect(applyForm(draft, valid)).toMatchObject({ region: 'cn-north-4', severity: 'high', requestId: 'abc-123' });
  });
});

describe('ticket card', () => {
  const ticket = {
    id: 3,
    number: 'ESC-0003',
    state: 'open' as const,
    draft,
    reporter: 'U1',
    repeats: 0,
    createdAt: 0,
    updatedAt: 0,
  };

  it('escapes pasted text and offers take, resolve and copy', () => {
    const card = ticketCard(ticket);
    expect(JSON.stringify(card)).not.toContain('<!channel>');
    expect(JSON.stringify(card.blocks.at(-1))).toMatch(
      /errcode_ticket_take.*errcode_ticket_resolve.*errcode_ticket_markdown/,
    );
  });

  it('shows who took it and drops the state buttons once resolved', () => {
    expect(JSON.stringify(ticketCard({ ...ticket, state: 'taken', assignee: 'U2' }))).toContain('*Taken* by <@U2>');
    const resolved = JSON.stringify(ticketCard({ ...ticket, state: 'resolved', resolvedBy: 'U2', repeats: 2 }));
    expect(resolved).toContain('reported 3 times');
    expect(resolved).not.toContain('errcode_ticket_take');
  });
});
