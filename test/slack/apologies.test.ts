import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/blocks/answer.ts';
import { TICKET_IDS } from '../../src/slack/blocks/ticket.ts';
import { DRAFT } from '../store/contract.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import {
  commandBody,
  FORM,
  type Harness,
  loopbackOnly,
  parseBody,
  post,
  quiet,
  type Started,
  startOverFakeSlack,
  until,
} from './harness.ts';
import { buttonValue, click, shortcut } from './interactions.ts';

const ESCALATION = 'C0ESCAL01';
const USER = 'U0USER001';

let slack: FakeSlack;
let h: Harness;

loopbackOnly();
let started: Started;
beforeEach(async () => {
  started = await startOverFakeSlack({ members: [USER] }, { ERRCODE_ESCALATION_CHANNEL: ESCALATION });
  ({ slack, h } = started);
});
afterEach(() => started.stop());

/** Response URL posts, each answered with the next status of `statuses` (then 200). */
function responseUrl(path: string | RegExp, statuses: number[] = []) {
  const calls: Record<string, unknown>[] = [];
  nock('https://hooks.slack.com')
    .persist()
    .post(path, (body) => {
      calls.push(parseBody(body));
      return true;
    })
    .reply(() => {
      const status = statuses.shift() ?? 200;
      return [status, status === 200 ? 'ok' : 'failed'];
    });
  return calls;
}

/** /errcode IMG.0014 answered privately: the answer's blocks. */
async function privateAnswer(text = 'IMG.0014') {
  const calls = responseUrl('/commands/T0TEAM01/1/abc');
  await post(h, commandBody(text), FORM);
  await until(() => calls.length === 1);
  return calls[0]?.blocks;
}

const dmsTo = (user: string) => slack.messages.filter((m) => m.channel === user);
const failed = () => h.logs.some((l) => l.includes('listener failed'));

describe('apologies: views.open', () => {
  beforeEach(() => {
    slack.fault = (call) =>
      call.method === 'views.open' ? { body: { ok: false, error: 'expired_trigger_id' } } : undefined;
  });

  it('the ticket form: the user is told where they clicked, and the error is reported', async () => {
    const value = buttonValue(await privateAnswer(), ACTIONS.ticket) ?? '';
    const told = responseUrl('/actions/T0TEAM01/1/click');
    await click(h, ACTIONS.ticket, value, { ephemeral: true });
    await until(() => told.length === 1);
    expect(told[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(told[0]?.text)).toMatch(/^:warning: Sorry, the form could not open \(expired_trigger_id\)/);
    await until(failed);
  });

  it('the Open support ticket shortcut, the 👎 form (the vote still counts), Resolved and Copy as text', async () => {
    const told = responseUrl(/\/actions\/.*/);
    await shortcut(h, 'open_ticket', { ts: '1700000000.000100', text: 'the deploy pipeline is haunted', user: USER });
    await until(() => told.length === 1);
    expect(String(told[0]?.text)).toContain('Sorry, the form could not open');

    const answer = await privateAnswer('IMG.0024');
    await click(h, ACTIONS.down, buttonValue(answer, ACTIONS.down) ?? '', { ephemeral: true });
    await until(() => told.length === 2);
    expect(String(told[1]?.text)).toMatch(/^Thanks: your 👎 is counted\. :warning: Sorry, the form could not open/);
    expect((await h.storage.feedback.perCode(5))[0]).toMatchObject({ code: 'IMG.0024', down: 1 });

    await h.bot.escalation.submit(DRAFT, { key: 'k:0', reporter: USER });
    for (const action of [TICKET_IDS.resolve, TICKET_IDS.markdown]) {
      const before = told.length;
      await click(h, action, '1', { channel: ESCALATION, user: USER });
      await until(() => told.length === before + 1);
      expect(String(told.at(-1)?.text)).toContain('Sorry, the form could not open');
    }
  });
});

describe('apologies: respond', () => {
  it('an answer that cannot be sent through the response URL is apologised for by direct message', async () => {
    const calls = responseUrl('/commands/T0TEAM01/1/abc', [500, 500]);
    await post(h, commandBody('IMG.0024'), FORM);
    await until(() => calls.length === 2 && dmsTo(USER).length === 1);
    expect(dmsTo(USER)[0]?.text).toBe(
      ':warning: Sorry, errcode hit a problem answering that. It has been logged; please try again in a moment.',
    );
    await until(failed);
  });

  it('a share Slack refuses: the user is told, and the private copy stays', async () => {
    const share = buttonValue(await privateAnswer('IMG.0024'), ACTIONS.share) ?? '';
    const calls = responseUrl('/actions/T0TEAM01/1/click', [404]);
    await click(h, ACTIONS.share, share, { ephemeral: true });
    await until(() => calls.length === 2);
    expect(calls[0]).toMatchObject({ response_type: 'in_channel' });
    expect(calls[1]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(calls[1]?.text)).toMatch(
      /^:warning: Sorry, errcode could not share the answer here \(Failed to respond/,
    );
    await quiet();
    expect(calls.some((c) => c.delete_original)).toBe(false);
    await until(failed);
  });

  it('a Retry in App Home that fails is said by direct message', async () => {
    slack.fault = (call) =>
      call.method === 'views.publish' ? { body: { ok: false, error: 'not_enabled' } } : undefined;
    await click(h, 'errcode_retry_job', '999', { user: USER });
    await until(() => dmsTo(USER).length === 1);
    expect(dmsTo(USER)[0]?.text).toBe(
      ':warning: Sorry, that did not work (not_enabled). Please try again in a moment.',
    );
  });
});
