import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  eventBody,
  FORM,
  type Harness,
  interactionBody,
  JSON_TYPE,
  loopbackOnly,
  parseBody,
  post,
  quiet,
  SLACK,
  startApp,
  TEAM,
  until,
} from './harness.ts';

const ESCALATION = 'C0ESCAL01';
const SOURCE = 'C0CHAN001';
const BODY =
  '{"error_code":"IMG.0014","error_msg":"An exception occurred when IaaS OpenStack was executing the task.","request_id":"req0001abc"}';

/** Records every call of a Web API method matching `filter`, answering each with `reply`. */
function record(
  method: string,
  reply: (body: Record<string, unknown>) => Record<string, unknown>,
  filter: (b: Record<string, unknown>) => boolean = () => true,
) {
  const calls: Record<string, unknown>[] = [];
  nock(SLACK)
    .persist()
    .post(`/api/${method}`, (body) => filter(parseBody(body)))
    .reply(200, (_uri, body) => {
      const parsed = parseBody(body);
      calls.push(parsed);
      return reply(parsed);
    });
  return calls;
}

let dataDir: string;
let h: Harness;
let cards: Record<string, unknown>[];
let threadReplies: Record<string, unknown>[];
let opened: Record<string, unknown>[];
let updates: Record<string, unknown>[];
let cardSeq = 0;

/** Intercepts what a healthy Slack answers while tickets are worked on. */
function healthySlack(
  options: {
    member?: boolean;
    failFirstCard?: { status: number; body: unknown; headers: Record<string, string> };
  } = {},
) {
  const fail = options.failFirstCard;
  if (fail)
    nock(SLACK)
      .post('/api/chat.postMessage', (b) => parseBody(b).channel === ESCALATION)
      .reply(fail.status, fail.body as object, fail.headers);
  nock(SLACK)
    .persist()
    .post('/api/conversations.info')
    .reply(200, { ok: true, channel: { id: ESCALATION, is_member: options.member ?? true } });
  nock(SLACK)
    .persist()
    .post('/api/users.info')
    .reply(200, { ok: true, user: { id: 'U0USER001', locale: 'en-US' } });
  nock(SLACK).persist().post('/api/conversations.history').reply(200, { ok: true, messages: [] });
  nock(SLACK)
    .persist()
    .post('/api/chat.getPermalink')
    .reply(200, (_u, body) => ({
      ok: true,
      permalink: `https://acme.slack.com/archives/${ESCALATION}/p${String(parseBody(body).message_ts).replace('.', '')}`,
    }));
  nock(SLACK)
    .persist()
    .post('/api/conversations.members')
    .reply(200, { ok: true, members: ['U0USER001', 'U0AGENT01'], response_metadata: { next_cursor: '' } });
  opened = record('views.open', () => ({ ok: true, view: { id: 'V0000001' } }));
  updates = record('chat.update', (b) => ({ ok: true, ts: b.ts, channel: b.channel }));
  cards = record(
    'chat.postMessage',
    () => ({ ok: true, ts: `1700000100.00${++cardSeq}`, channel: ESCALATION }),
    (b) => b.channel === ESCALATION,
  );
  threadReplies = record(
    'chat.postMessage',
    () => ({ ok: true, ts: `1700000200.00${++cardSeq}` }),
    (b) => b.channel === SOURCE,
  );
}

const start = () => startApp({ dataDir, env: { ERRCODE_ESCALATION_CHANNEL: ESCALATION } });

/** Pastes the body in the source channel and returns the value of the answer's "Open support ticket" button. */
async function pasteAndGetTicketButton(ts = '1700000000.000100', body = BODY): Promise<string> {
  const before = threadReplies.length;
  await post(
    h,
    eventBody({
      type: 'message',
      channel: SOURCE,
      channel_type: 'channel',
      user: 'U0USER001',
      text: body,
      ts,
      event_ts: ts,
    }),
    JSON_TYPE,
  );
  await until(() => threadReplies.length > before);
  const blocks = JSON.stringify(threadReplies[threadReplies.length - 1]?.blocks);
  const value = /"action_id":"errcode_ticket","value":"([^"]+)"/.exec(blocks)?.[1];
  if (!value) throw new Error(`no ticket button in ${blocks}`);
  return value;
}

const clickTicket = (value: string, user = 'U0USER001') =>
  post(
    h,
    interactionBody({
      type: 'block_actions',
      user: { id: user, name: 'alice', team_id: TEAM },
      team: { id: TEAM, domain: 'acme' },
      api_app_id: 'A0APP001',
      trigger_id: `trigger.${value}`,
      response_url: 'https://hooks.slack.com/actions/T0TEAM01/9/ticket',
      container: { type: 'message', message_ts: '1700000000.000200', channel_id: SOURCE },
      channel: { id: SOURCE, name: 'support' },
      actions: [
        { type: 'button', action_id: 'errcode_ticket', block_id: 'errcode_item_0', value, action_ts: '1700000001.1' },
      ],
    }),
    FORM,
  );

type Values = Record<string, Record<string, { type: string; value?: string; selected_option?: { value: string } }>>;

/** The form's values as Slack would submit them, from the opened modal's initial values plus `changes`. */
function formValues(view: Record<string, unknown>, changes: Record<string, string>): Values {
  const values: Values = {};
  for (const block of view.blocks as {
    type: string;
    block_id: string;
    element: { type: string; initial_value?: string; initial_option?: { value: string } };
  }[]) {
    if (block.type !== 'input') continue;
    const el = block.element;
    const value = changes[block.block_id] ?? el.initial_value ?? el.initial_option?.value;
    values[block.block_id] = {
      [block.block_id]:
        el.type === 'static_select'
          ? { type: 'static_select', selected_option: { value: value ?? '' } }
          : { type: 'plain_text_input', value },
    };
  }
  return values;
}

const submit = (
  view: Record<string, unknown>,
  changes: Record<string, string>,
  viewId = 'V0000001',
  user = 'U0USER001',
) =>
  post(
    h,
    interactionBody({
      type: 'view_submission',
      team: { id: TEAM, domain: 'acme' },
      user: { id: user, name: 'alice', team_id: TEAM },
      api_app_id: 'A0APP001',
      view: {
        id: viewId,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        hash: 'h1',
        state: { values: formValues(view, changes) },
      },
    }),
    FORM,
  );

const DOING = { doing: 'Creating a full-ECS image from ecs-prod-01 with Terraform' };

const cardButton = (actionId: string, ticket: string, user: string) =>
  post(
    h,
    interactionBody({
      type: 'block_actions',
      user: { id: user, name: user, team_id: TEAM },
      team: { id: TEAM, domain: 'acme' },
      api_app_id: 'A0APP001',
      trigger_id: 'trigger.card',
      response_url: 'https://hooks.slack.com/actions/T0TEAM01/9/card',
      container: { type: 'message', message_ts: '1700000100.001', channel_id: ESCALATION },
      channel: { id: ESCALATION, name: 'escalations' },
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'errcode_ticket_card',
          value: ticket,
          action_ts: '1700000002.1',
        },
      ],
    }),
    FORM,
  );

loopbackOnly();
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'errcode-esc-'));
  healthySlack();
  h = await start();
});
afterEach(async () => {
  await h.stop();
  nock.cleanAll();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('escalation: from a pasted error to a ticket card', () => {
  it('opens a prefilled form, posts the card to the escalation channel and links it in the source thread', async () => {
    const value = await pasteAndGetTicketButton();
    const click = await clickTicket(value);
    expect(click.ms).toBeLessThan(3000);
    await until(() => opened.length === 1);
    const view = opened[0]?.view as Record<string, unknown>;
    expect(opened[0]?.trigger_id).toBe(`trigger.${value}`);
    const text = JSON.stringify(view);
    expect(text).toContain('[IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.');
    expect(text).toContain('"initial_value":"req0001abc"');
    expect(text).toContain('"initial_value":"Contact technical support."');
    expect(text).toContain('https://acme.slack.com/archives/C0CHAN001/p1700000000000100');
    expect(text).toContain('*Reporter*\\n<@U0USER001>');

    const res = await submit(view, DOING);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await until(() => cards.length === 1 && threadReplies.length === 2);
    const card = JSON.stringify(cards[0]);
    expect(card).toContain('ESC-0001 · [IMS] IMG.0014');
    expect(card).toContain('Creating a full-ECS image from ecs-prod-01');
    expect(cards[0]?.metadata).toEqual({ event_type: 'errcode_post', event_payload: { key: 'post_card:1' } });
    expect(threadReplies[1]).toMatchObject({ channel: SOURCE, thread_ts: '1700000000.000100' });
    expect(String(threadReplies[1]?.text)).toMatch(
      new RegExp(`<https://acme\\.slack\\.com/archives/${ESCALATION}/p\\d+\\|ESC-0001>`),
    );
  });

  it('shows field errors inline and stores nothing for an invalid form', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    const res = await submit(opened[0]?.view as Record<string, unknown>, {
      doing: 'oops',
      request_id: 'bad id!',
      occurred_at: 'yesterday',
    });
    expect(JSON.parse(res.text)).toEqual({
      response_action: 'errors',
      errors: {
        doing: 'Say what you were doing, in a sentence (at least 10 characters): support will ask.',
        request_id: 'A request ID is letters, digits, dashes and underscores (as in the X-Request-Id header).',
        occurred_at: 'Use a date and time such as 2026-11-23T14:05:00Z.',
      },
    });
    await quiet();
    expect(cards).toHaveLength(0);
  });

  it('makes one ticket of a double submission', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    const view = opened[0]?.view as Record<string, unknown>;
    await Promise.all([submit(view, DOING), submit(view, DOING, 'V0000002')]);
    await until(() => cards.length === 1);
    await quiet(300);
    expect(cards).toHaveLength(1);
  });

  it('links a second escalation of the same request id to the first ticket and counts the repeat', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await until(() => cards.length === 1);

    await clickTicket(await pasteAndGetTicketButton('1700000000.000900'), 'U0USER002');
    await until(() => opened.length === 2);
    await submit(opened[1]?.view as Record<string, unknown>, DOING, 'V0000003', 'U0USER002');
    await until(
      () => updates.length === 1 && threadReplies.some((r) => String(r.text).includes('already being handled')),
    );
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(updates[0])).toContain('reported 2 times');
    const linked = threadReplies.find((r) => String(r.text).includes('already being handled'));
    expect(linked).toMatchObject({ thread_ts: '1700000000.000900' });
    expect(String(linked?.text)).toContain('ESC-0001');
  });

  it('lets a channel member take and resolve the ticket, updating the card and telling the source thread', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await until(() => cards.length === 1);

    await cardButton('errcode_ticket_take', '1', 'U0AGENT01');
    await until(() => updates.length === 1);
    expect(JSON.stringify(updates[0])).toContain('*Taken* by <@U0AGENT01>');
    await cardButton('errcode_ticket_resolve', '1', 'U0AGENT01');
    await until(() => updates.length === 2 && threadReplies.some((r) => String(r.text).includes('was resolved by')));
    expect(JSON.stringify(updates[1])).toContain('*Resolved* by <@U0AGENT01>');
    expect(JSON.stringify(updates[1])).not.toContain('errcode_ticket_take');
    expect(threadReplies.find((r) => String(r.text).includes('was resolved by'))).toMatchObject({
      channel: SOURCE,
      thread_ts: '1700000000.000100',
    });
  });

  it('shows the ticket as Markdown from "Copy as text"', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await until(() => cards.length === 1);
    await cardButton('errcode_ticket_markdown', '1', 'U0USER001');
    await until(() => opened.length === 2);
    const view = JSON.stringify(opened[1]?.view);
    expect(view).toContain('ESC-0001 as text');
    expect(view).toContain('## ESC-0001 [IMS] IMG.0014');
    expect(view).toContain('| Request ID | req0001abc |');
  });

  it('refuses ticket changes from someone outside the escalation channel', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await until(() => cards.length === 1);
    const refusal: Record<string, unknown>[] = [];
    nock('https://hooks.slack.com')
      .post('/actions/T0TEAM01/9/card', (b) => {
        refusal.push(parseBody(b));
        return true;
      })
      .reply(200, 'ok');
    await cardButton('errcode_ticket_resolve', '1', 'U0STRANGR');
    await until(() => refusal.length === 1);
    expect(String(refusal[0]?.text)).toBe(`Only members of <#${ESCALATION}> can change tickets.`);
    await quiet();
    expect(updates).toHaveLength(0);
  });
});

describe('escalation: nothing lost, nothing duplicated', () => {
  const failures: { name: string; status: number; body: unknown; headers: Record<string, string> }[] = [
    { name: 'a Slack 500', status: 500, body: 'oops', headers: {} },
    { name: 'a 429', status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '0' } },
  ];
  for (const failure of failures) {
    it(`ends with exactly one card after ${failure.name} on the first post`, async () => {
      await h.stop();
      nock.cleanAll();
      healthySlack({ failFirstCard: failure });
      h = await start();
      await clickTicket(await pasteAndGetTicketButton());
      await until(() => opened.length === 1);
      await submit(opened[0]?.view as Record<string, unknown>, DOING);
      await until(
        () => cards.length === 1 && threadReplies.some((r) => String(r.text).includes('opened support ticket')),
        8000,
      );
      await quiet(300);
      expect(cards).toHaveLength(1);
    });
  }

  it('posts a ticket submitted before a restart exactly once after it', async () => {
    await h.stop();
    nock.cleanAll();
    healthySlack({ failFirstCard: { status: 503, body: 'down', headers: {} } });
    h = await start();
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await quiet(200);
    await h.stop();
    nock.cleanAll();
    healthySlack();
    h = await start();
    await until(() => cards.length === 1, 8000);
    await quiet(300);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0])).toContain('ESC-0001');
  });
});

describe('escalation: a channel errcode cannot post to', () => {
  it('is reported at start and in the form, which offers the ticket as text instead', async () => {
    await h.stop();
    nock.cleanAll();
    healthySlack({ member: false });
    h = await start();
    expect(h.bot.escalation.current).toEqual({
      ok: false,
      problem: `errcode is not a member of <#${ESCALATION}>: invite it there with /invite @errcode.`,
    });
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    const view = opened[0]?.view as Record<string, unknown>;
    expect(view.submit).toBeUndefined();
    expect(JSON.stringify(view)).toContain('Tickets cannot be posted right now.');
    expect(JSON.stringify(view)).toContain('## [IMS] IMG.0014');
  });
});
