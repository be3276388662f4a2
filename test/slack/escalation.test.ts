import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/slack/messages/index.ts';
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
import { shortcut, submitView } from './interactions.ts';

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
/** Whether errcode is in the escalation channel, as conversations.info says from now on. */
let member = true;
/** The Slack domain chat.getPermalink answers with (GovSlack's differs from slack.com's). */
let permalinkHost = 'acme.slack.com';
let ephemeral: Record<string, unknown>[];
let dms: Record<string, unknown>[];
let viewUpdates: Record<string, unknown>[];

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
  member = options.member ?? true;
  nock(SLACK)
    .persist()
    .post('/api/conversations.info')
    .reply(200, () => ({ ok: true, channel: { id: ESCALATION, is_member: member } }));
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
      permalink: `https://${permalinkHost}/archives/${parseBody(body).channel}/p${String(parseBody(body).message_ts).replace('.', '')}`,
    }));
  nock(SLACK)
    .persist()
    .post('/api/conversations.members')
    .reply(200, { ok: true, members: ['U0USER001', 'U0AGENT01'], response_metadata: { next_cursor: '' } });
  opened = record('views.open', () => ({ ok: true, view: { id: 'V0000001' } }));
  viewUpdates = record('views.update', () => ({ ok: true, view: { id: 'V0000001' } }));
  dms = record(
    'chat.postMessage',
    () => ({ ok: true, ts: '1700000300.000001' }),
    (b) => String(b.channel).startsWith('U'),
  );
  ephemeral = [];
  nock('https://hooks.slack.com')
    .persist()
    .post(/\/actions\/.*/, (b) => {
      ephemeral.push(parseBody(b));
      return true;
    })
    .reply(200, 'ok');
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

const submit = (
  view: Record<string, unknown>,
  changes: Record<string, string>,
  viewId = 'V0000001',
  user = 'U0USER001',
) => submitView(h, view, changes, user, viewId);

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
    const clickedAt = Math.floor(Date.now() / 1000);
    const click = await clickTicket(value);
    expect(click.ms).toBeLessThan(3000);
    await until(() => opened.length === 1);
    const view = opened[0]?.view as Record<string, unknown>;
    expect(opened[0]?.trigger_id).toBe(`trigger.${value}`);
    const text = JSON.stringify(view);
    expect(text).toContain('[IMS] IMG.0014 An exception occurred when IaaS OpenStack was executing the task.');
    expect(text).toContain('"initial_value":"req0001abc"');
    expect(text).toContain('*Reporter*\\n<@U0USER001>');
    // The measure is read-only guidance: "what I tried" is the reporter's to fill in.
    expect(text).toContain('*What the documentation says to do*\\nContact technical support.');
    expect(text).not.toContain('"initial_value":"Contact technical support."');
    // The paste goes into the ticket, and the form says so.
    expect(text).toContain(`The error as pasted (${BODY.length} characters) goes into the ticket:`);
    // "When" is a date and time picker at now.
    const when = (view.blocks as { block_id?: string; element?: { type: string; initial_date_time?: number } }[]).find(
      (b) => b.block_id === 'occurred_at',
    );
    expect(when?.element?.type).toBe('datetimepicker');
    expect(Math.abs((when?.element?.initial_date_time ?? 0) - clickedAt)).toBeLessThanOrEqual(2);

    const res = await submit(view, DOING);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await until(() => cards.length === 1 && threadReplies.length === 2);
    const card = JSON.stringify(cards[0]);
    expect(card).toContain('ESC-0001 · [IMS] IMG.0014');
    expect(card).toContain('Creating a full-ECS image from ecs-prod-01');
    // Times as each reader's own, severity by its label, the measure as the documentation's, the paste.
    expect(card).toMatch(/opened <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/);
    expect(card).toMatch(/\*When\*\\n<!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
    expect(card).toContain('*Severity*\\nMedium — work blocked');
    expect(card).toContain('*Handling measure (from the documentation)*\\nContact technical support.');
    expect(card).not.toContain('*Already tried*');
    expect(card).toContain('*The error as pasted*\\n```{\\"error_code\\":\\"IMG.0014\\"');
    // The source message's link is the one Slack gives (chat.getPermalink), not one errcode makes up.
    expect(card).toContain('<https://acme.slack.com/archives/C0CHAN001/p1700000000000100|Source message>');
    expect(cards[0]?.metadata).toEqual({ event_type: 'errcode_post', event_payload: { key: 'post_card:1' } });
    expect(threadReplies[1]).toMatchObject({ channel: SOURCE, thread_ts: '1700000000.000100' });
    expect(String(threadReplies[1]?.text)).toMatch(
      new RegExp(`<https://acme\\.slack\\.com/archives/${ESCALATION}/p\\d+\\|ESC-0001>`),
    );
  });

  it('links the source message with the permalink Slack gives, on GovSlack as anywhere', async () => {
    permalinkHost = 'agency.slack-gov.com';
    try {
      await clickTicket(await pasteAndGetTicketButton());
      await until(() => opened.length === 1);
      await submit(opened[0]?.view as Record<string, unknown>, DOING);
      await until(() => cards.length === 1);
      expect(JSON.stringify(cards[0])).toContain(
        '<https://agency.slack-gov.com/archives/C0CHAN001/p1700000000000100|Source message>',
      );
      expect(JSON.stringify(cards[0])).not.toContain('.slack.com/archives');
    } finally {
      permalinkHost = 'acme.slack.com';
    }
  });

  it('shows field errors inline and stores nothing for an invalid form', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    const res = await submit(opened[0]?.view as Record<string, unknown>, {
      doing: 'oops',
      request_id: 'bad id!',
      occurred_at: String(Math.floor(Date.now() / 1000) + 86_400),
    });
    expect(JSON.parse(res.text)).toEqual({
      response_action: 'errors',
      errors: {
        doing: en.ticket.errors.doing,
        request_id: en.ticket.errors.requestId,
        occurred_at: en.ticket.errors.future,
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

  it('lets a channel member take the ticket, resolve it after confirming with a note for the source thread, and reopen it', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await until(() => cards.length === 1);

    await cardButton('errcode_ticket_take', '1', 'U0AGENT01');
    await until(() => updates.length === 1);
    expect(JSON.stringify(updates[0])).toContain('*Taken* by <@U0AGENT01>');

    // Resolved asks first: nothing changes until the confirmation is sent.
    await cardButton('errcode_ticket_resolve', '1', 'U0AGENT01');
    await until(() => opened.length === 2);
    const confirm = opened[1]?.view as Record<string, unknown>;
    expect(confirm.callback_id).toBe('errcode_ticket_resolve_modal');
    expect(JSON.stringify(confirm)).toContain('Mark *ESC-0001*');
    await quiet();
    expect(updates).toHaveLength(1);
    await submit(
      confirm,
      { resolution: 'Quota raised by <!channel>; retry the image creation.' },
      'V0000009',
      'U0AGENT01',
    );
    await until(() => updates.length === 2 && threadReplies.some((r) => String(r.text).includes('was resolved by')));
    const resolved = JSON.stringify(updates[1]);
    expect(resolved).toMatch(/\*Resolved\* by <@U0AGENT01>, <!date\^\d+\^/);
    expect(resolved).toContain('*Resolution*\\nQuota raised by &lt;!channel&gt;; retry the image creation.');
    expect(resolved).not.toContain('errcode_ticket_take');
    expect(resolved).toContain('errcode_ticket_reopen');
    const note = threadReplies.find((r) => String(r.text).includes('was resolved by'));
    expect(note).toMatchObject({ channel: SOURCE, thread_ts: '1700000000.000100' });
    expect(String(note?.text)).toContain(
      'by <@U0AGENT01>:\n>Quota raised by &lt;!channel&gt;; retry the image creation.',
    );

    await cardButton('errcode_ticket_reopen', '1', 'U0AGENT01');
    await until(() => updates.length === 3 && threadReplies.some((r) => String(r.text).includes('reopened')));
    const reopened = JSON.stringify(updates[2]);
    expect(reopened).toContain('*Taken* by <@U0AGENT01>');
    expect(reopened).toContain('errcode_ticket_resolve');
    expect(reopened).not.toContain('*Resolution*');
    expect(String(threadReplies.find((r) => String(r.text).includes('reopened'))?.text)).toContain(
      '<@U0AGENT01> reopened <https://acme.slack.com/archives/C0ESCAL01/',
    );
    expect((await h.storage.tickets.get(1))?.state).toBe('taken');
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
    // The paste, whole, and the measure as the documentation's, not as something the reporter tried.
    expect(view).toContain('### The error as pasted\\n```\\n{\\"error_code\\":\\"IMG.0014\\"');
    expect(view).toContain('\\"request_id\\":\\"req0001abc\\"}\\n```');
    expect(view).toContain('### What I already tried\\n_not given_');
    expect(view).toContain('### Handling measure the documentation gives\\nContact technical support.');
  });

  it('refuses ticket changes from someone outside the escalation channel', async () => {
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1);
    await submit(opened[0]?.view as Record<string, unknown>, DOING);
    await until(() => cards.length === 1);
    await cardButton('errcode_ticket_take', '1', 'U0STRANGR');
    await until(() => ephemeral.length === 1);
    expect(ephemeral[0]).toMatchObject({ response_type: 'ephemeral', text: en.ticket.notMember(`<#${ESCALATION}>`) });
    // A resolve confirmed by someone outside: told by direct message, nothing changes.
    await cardButton('errcode_ticket_resolve', '1', 'U0STRANGR');
    await until(() => opened.length === 2);
    await submit(opened[1]?.view as Record<string, unknown>, {}, 'V0000010', 'U0STRANGR');
    await until(() => dms.length === 1);
    expect(dms[0]).toMatchObject({ channel: 'U0STRANGR', text: en.ticket.notMember(`<#${ESCALATION}>`) });
    await quiet();
    expect(updates).toHaveLength(0);
    expect((await h.storage.tickets.get(1))?.state).toBe('open');
  });
});

describe('escalation: the Open support ticket message shortcut', () => {
  it('opens a ticket for any message, even one the catalog has no match for', async () => {
    const message = {
      ts: '1700000000.000500',
      thread_ts: '1700000000.000400',
      user: 'U0USER002',
      text: 'deploy to prod failed again, the pipeline just says: Internal failure <!here>',
    };
    const res = await shortcut(h, 'open_ticket', message, { triggerId: 'trigger.shortcut' });
    expect(res.ms).toBeLessThan(3000);
    await until(() => opened.length === 1);
    expect(opened[0]?.trigger_id).toBe('trigger.shortcut');
    const view = opened[0]?.view as Record<string, unknown>;
    expect(JSON.stringify(view)).toContain(
      '"initial_value":"deploy to prod failed again, the pipeline just says: Internal failure <!here>"',
    );
    await submit(view, DOING);
    await until(
      () => cards.length === 1 && threadReplies.some((r) => String(r.text).includes('opened support ticket')),
    );
    const card = JSON.stringify(cards[0]);
    expect(card).toContain('*Error code*\\n—');
    expect(card).toContain('Internal failure &lt;!here&gt;');
    // Only the header, plain text (which Slack never reads mentions in), shows the paste as it is.
    const mrkdwn = JSON.stringify([cards[0]?.text, ((cards[0]?.blocks ?? []) as { type: string }[]).slice(1)]);
    expect(mrkdwn).not.toContain('<!here>');
    expect(card).toContain(`<https://acme.slack.com/archives/${SOURCE}/p1700000000000500|Source message>`);
    expect(threadReplies.find((r) => String(r.text).includes('opened support ticket'))).toMatchObject({
      channel: SOURCE,
      thread_ts: '1700000000.000400',
    });
  });

  it('opens a ticket about a matched code whose measure does not mention support, when someone asks for one', async () => {
    await shortcut(h, 'open_ticket', { ts: '1700000000.000600', user: 'U0USER002', text: 'IMG.0024 again' });
    await until(() => opened.length === 1);
    const text = JSON.stringify(opened[0]?.view);
    expect(text).toContain('"initial_value":"[IMS] IMG.0024 The image type in the request is incorrect."');
    expect(text).toContain('*What the documentation says to do*\\nSelect either BMS or ECS.');
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
    // Looked at again when the form opened: still not a member, so the form stays as it is.
    await quiet();
    expect(viewUpdates).toHaveLength(0);
  });

  it('is looked at again when a form opens, and the form becomes the real one once errcode was invited', async () => {
    await h.stop();
    nock.cleanAll();
    healthySlack({ member: false });
    h = await start();
    expect(h.bot.escalation.current.ok).toBe(false);
    // Invited since the check at start; the hourly check has not run yet.
    member = true;
    await clickTicket(await pasteAndGetTicketButton());
    await until(() => opened.length === 1 && viewUpdates.length === 1);
    expect(opened[0]?.view).not.toHaveProperty('submit');
    expect(viewUpdates[0]?.view_id).toBe('V0000001');
    const real = viewUpdates[0]?.view as Record<string, unknown>;
    expect(real.submit).toEqual({ type: 'plain_text', text: 'Open ticket' });
    expect(h.bot.escalation.current).toEqual({ ok: true, channel: ESCALATION });
    await submit(real, DOING);
    await until(() => cards.length === 1);
  });
});
