import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Answers } from '../../../src/answers.ts';
import type { Answer } from '../../../src/engine/answer.ts';
import { ACTIONS, answerMessage, TICKET_ACTION } from '../../../src/slack/blocks/answer.ts';
import { escapedChunks, escapeMrkdwn, LIMITS, slackDate, truncate } from '../../../src/slack/blocks/text.ts';
import { AnswerRenderer } from '../../../src/slack/render.ts';
import { openStorage } from '../../../src/store/storage.ts';
import { shippedEngine } from '../../engine/shared.ts';

const answer = (text: string) => shippedEngine().answer(text);
const json = (x: unknown) => JSON.stringify(x);

/** Every text in a block list, with the limit that applies to it. */
function texts(blocks: unknown[]): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  for (const b of blocks as Record<string, unknown>[]) {
    const t = b.text as { text?: string } | undefined;
    if (t?.text) out.push({ kind: b.type as string, text: t.text });
    for (const f of (b.fields as { text: string }[] | undefined) ?? []) out.push({ kind: 'field', text: f.text });
    for (const e of (b.elements as { text?: string | { text: string } }[] | undefined) ?? []) {
      const et = typeof e.text === 'string' ? e.text : e.text?.text;
      if (et) out.push({ kind: `${b.type}-element`, text: et });
    }
  }
  return out;
}

describe('escapeMrkdwn, truncate, escapedChunks and slackDate', () => {
  it('cut a long text into escaped pieces that together are the whole text, none splitting an entity or a pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '<', '>', '&', '\n', '😀', 'é') }),
        fc.integer({ min: 8, max: 60 }),
        (text, max) => {
          const pieces = escapedChunks(text, max);
          expect(pieces.join('')).toBe(escapeMrkdwn(text));
          for (const p of pieces) {
            expect(p.length).toBeLessThanOrEqual(max);
            expect(p).not.toMatch(/&[a-z]*$/);
            expect(p).not.toMatch(/[\ud800-\udbff]$/);
          }
        },
      ),
    );
  });

  it('show a time in the reader’s own time zone, with UTC where dates cannot be shown', () => {
    expect(slackDate(Date.parse('2026-11-23T14:05:30Z'))).toBe(
      '<!date^1795442730^{date_short_pretty} {time}|2026-11-23 14:05 UTC>',
    );
  });

  it('escapes &, < and > so Slack shows them as text', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('cuts text with an ellipsis without leaving half an entity', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate(escapeMrkdwn('ab<cd'), 5)).toBe('ab…');
  });
});

describe('answerMessage', () => {
  it('shows the code and message as the header, then service, status, cause, measure and source', () => {
    const m = answerMessage(answer('IMG.0024'), { lang: 'en' });
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'IMG.0024  The image type in the request is incorrect.' },
    });
    const all = json(m.blocks);
    for (const part of [
      '*Service*\\nImage Management Service (IMS)',
      '*HTTP status*\\n400',
      '*Cause*',
      '*Handling measure*\\nSelect either BMS or ECS.',
      'ims-error-codes.en.txt, row 24',
    ]) {
      expect(all).toContain(part);
    }
    expect(m.text).toBe('IMG.0024: The image type in the request is incorrect. — Select either BMS or ECS.');
  });

  it('offers a primary ticket button for required escalation and a plain one for suggested', () => {
    const required = answerMessage(answer('IMG.0014'), { lang: 'en', answerId: 'a1', ticketable: true });
    expect(json(required.blocks)).toContain(`"action_id":"${ACTIONS.ticket}","value":"a1:0","style":"primary"`);
    const suggested = answerMessage(answer('IAM.0004'), { lang: 'en', answerId: 'a2', ticketable: true });
    expect(json(suggested.blocks)).toContain(`"action_id":"${ACTIONS.ticket}","value":"a2:0"}`);
    expect(
      json(answerMessage(answer('IMG.0024'), { lang: 'en', answerId: 'a3', ticketable: true }).blocks),
    ).not.toContain(ACTIONS.ticket);
  });

  it('says plainly that an unknown code is not in the catalog, with the service rule and a ticket offer', () => {
    const m = answerMessage(answer('{"error_code":"IS.9999"}'), { lang: 'en', answerId: 'a4', ticketable: true });
    expect(json(m.blocks)).toContain('`IS.9999` is not in the errcode catalog.');
    expect(json(m.blocks)).toContain('submit a service ticket');
    expect(json(m.blocks)).toContain('"value":"a4:fallback"');
  });

  it('answers in Chinese where the catalog has Chinese text', () => {
    const m = answerMessage(answer('IMG.0020'), { lang: 'zh' });
    expect(json(m.blocks)).toContain('*原因*\\n备份不存在。');
    expect(json(m.blocks)).toContain('*处理措施*\\n请确认所使用备份是否存在。');
  });

  it('never lets pasted text ping anyone', () => {
    const m = answerMessage(
      answer(
        '{"error_code":"IMG.9999","request_id":"<!channel>","error_msg":"<!here> <@U123>"} https://x.huaweicloud.com/<!everyone>',
      ),
      {
        lang: 'en',
      },
    );
    expect(json(m)).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U123>/);
  });

  it('stays within Block Kit limits for any answer, however long the paste', () => {
    const huge = `${'{"error_code":"IMG.0014","request_id":"'}${'r'.repeat(5000)}","error_msg":"${'m'.repeat(10_000)}"} https://ims.cn-north-4.myhuaweicloud.com/${'p'.repeat(3000)} IMG.0015 IMG.0016 IMG.0018 IMG.0023 IMG.0028 ${'x'.repeat(2_000_000)}`;
    const answers: Answer[] = [
      answer(huge),
      answer('APIGW.0301'),
      answer('IMG.0075'),
      answer('The token is empty.'),
      answer('lunch?'),
    ];
    for (const a of answers) {
      const m = answerMessage(a, { lang: 'en', answerId: 'id', shareable: true, ticketable: true });
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageText);
      for (const t of texts(m.blocks)) {
        const max = t.kind === 'header' ? LIMITS.header : t.kind === 'field' ? LIMITS.field : LIMITS.sectionText;
        expect(t.text.length, t.kind).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe('every answer within Block Kit rules', () => {
  const json = (x: unknown) => JSON.stringify(x);
  it('has unique action ids in each block, button values within 2,000 characters, and its buttons last', async () => {
    const base = answer('IMG.0014');
    const first = base.matches[0];
    if (!first) throw new Error('no match');
    // Three escalating matches: three ticket buttons in one block, each with its own action id.
    const three = { ...base, matches: [0, 1, 2].map((i) => ({ ...first, id: `${first.id}#${i}`, variant: `v${i}` })) };
    const inputs = [three, answer('VPC.0101'), answer('ECS.9999'), answer('System error.'), answer('lunch?')];
    for (const a of inputs) {
      const m = answerMessage(a, {
        lang: 'zh',
        answerId: 'x'.repeat(36),
        shareable: true,
        ticketable: true,
        removable: true,
        sharedBy: 'U1',
        lookup: 'https://x/?k=A',
        coverage: { services: 62, codes: 7490, names: Array.from({ length: 62 }, (_, i) => `SERVICE${i}`) },
      });
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
      expect(m.blocks.at(-1)?.type).toBe('actions');
      for (const b of m.blocks) {
        const ids = ((b as { elements?: { action_id?: string }[] }).elements ?? []).flatMap((e) =>
          e.action_id ? [e.action_id] : [],
        );
        expect(new Set(ids).size).toBe(ids.length);
        for (const e of (b as { elements?: { value?: string }[] }).elements ?? [])
          expect((e.value ?? '').length).toBeLessThanOrEqual(LIMITS.buttonValue);
        expect(((b as { elements?: unknown[] }).elements ?? []).length).toBeLessThanOrEqual(LIMITS.contextElements);
      }
    }
    const tickets = answerMessage(three, { lang: 'en', answerId: 'a', ticketable: true }).blocks.at(-1);
    const ids = (tickets as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
    expect(ids.filter((id) => TICKET_ACTION.test(id))).toEqual([
      'errcode_ticket',
      'errcode_ticket.1',
      'errcode_ticket.2',
    ]);
    expect(json(tickets)).toContain('"text":"Ticket: IMG.0014 (v1)"');
  });

  it('says the catalog covers every service, each named once, by its short name unless two share it', async () => {
    const storage = await openStorage({ memory: true });
    const m = new AnswerRenderer(new Answers(shippedEngine(), storage), undefined).answer(
      { id: 'a', query: 'ZZQ.1', answer: answer('ZZQ.1'), via: 'command' },
      'en',
    );
    await storage.close();
    const coverage = JSON.stringify(m.blocks.find((b) => json(b).includes('catalog covers')));
    const catalog = shippedEngine().catalog;
    for (const name of [
      'ECS',
      'IMS',
      'Distributed Message Service for Kafka (DMS)',
      'Distributed Message Service for RocketMQ (DMS)',
    ])
      expect(coverage).toContain(name);
    expect(coverage).toContain(
      `covers ${catalog.codes.toLocaleString('en-US')} codes of ${catalog.services.length} services`,
    );
  });
});
