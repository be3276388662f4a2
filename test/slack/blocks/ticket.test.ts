import { describe, expect, it } from 'vitest';
import { draftFromAnswer } from '../../../src/escalation/draft.ts';
import { ticketMarkdown } from '../../../src/escalation/markdown.ts';
import { escapeMrkdwn, LIMITS } from '../../../src/slack/blocks/text.ts';
import {
  applyForm,
  FIELDS,
  markdownModal,
  sourceReply,
  ticketCard,
  ticketModal,
  validateTicketForm,
} from '../../../src/slack/blocks/ticket.ts';
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
  occurredAt: String(Date.parse('2026-11-23T10:00:00Z') / 1000),
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
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(validateTicketForm(valid, 'en', now)).toEqual({});
    expect(validateTicketForm({ ...valid, occurredAt: String(now / 1000 + 3600) }, 'en', now)).toEqual({
      occurred_at: 'That is in the future: choose when it happened.',
    });
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
    expect(applyForm(draft, valid)).toMatchObject({
      region: 'cn-north-4',
      severity: 'high',
      requestId: 'abc-123',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
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

describe('the ticket as text', () => {
  it('holds the whole paste, however long (a Slack message holds 40,000 characters), in code blocks within limits', () => {
    const paste = `${'{"error_code":"IMG.0014","request_id":"<&>"}\n'.repeat(900)}end`;
    expect(paste.length).toBeGreaterThan(40_000);
    const markdown = ticketMarkdown({ ...draft, paste });
    const view = markdownModal(
      { id: 1, number: 'ESC-0001', state: 'open', draft, reporter: 'U1', repeats: 0, createdAt: 0, updatedAt: 0 },
      markdown,
    );
    const sections = view.blocks.slice(1).map((b) => (b as { text: { text: string } }).text.text);
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    for (const t of sections) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(sections.map((t) => t.slice(3, -3)).join('')).toBe(escapeMrkdwn(markdown));
  });
});

describe('a zh-CN reporter’s ticket', () => {
  const ticket = {
    id: 3,
    number: 'ESC-0003',
    state: 'resolved' as const,
    draft: { ...draft, lang: 'zh' as const, severity: 'high' as const },
    reporter: 'U1',
    resolvedBy: 'U2',
    resolvedAt: 1_800_000_000_000,
    resolution: '已提高配额',
    repeats: 0,
    createdAt: 1_799_000_000_000,
    updatedAt: 1_800_000_000_000,
  };

  it('has its card and thread notes in Chinese, times as Slack dates', () => {
    const card = JSON.stringify(ticketCard(ticket));
    expect(card).toContain(':white_check_mark: *已解决* ：<@U2>，<!date^1800000000^{date_short_pretty} {time}|');
    expect(card).toContain('创建于 <!date^1799000000^');
    expect(card).toContain('*严重程度*\\n高——生产受影响');
    expect(card).toContain('*解决说明*\\n已提高配额');
    expect(card).toContain('"text":"重新打开"');
    expect(sourceReply(ticket, 'resolved', 'U2', undefined, '已提高配额')).toBe(
      ':white_check_mark: ESC-0003 已由 <@U2> 解决：\n>已提高配额',
    );
  });

  it('has its form in Chinese', () => {
    const view = JSON.stringify(
      ticketModal(ticket.draft, { answerId: 'a', item: '0' }, { ok: true, channel: 'CESC' }, 'zh'),
    );
    for (const label of ['支持工单', '提交工单', '您当时在做什么？', '发生时间', '高——生产受影响'])
      expect(view).toContain(label);
  });
});
