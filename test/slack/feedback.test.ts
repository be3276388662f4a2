import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/blocks/answer.ts';
import { FEEDBACK_IDS } from '../../src/slack/blocks/feedback.ts';
import { en } from '../../src/slack/messages/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import {
  commandBody,
  eventBody,
  FORM,
  type Harness,
  JSON_TYPE,
  loopbackOnly,
  post,
  quiet,
  type Started,
  startOverFakeSlack,
  until,
} from './harness.ts';
import { buttonValue, click, responseUrls, shortcut, submitView } from './interactions.ts';

const CHANNEL = 'C0CHAN001';
const PASTER = 'U0USER001';
const MEMBER = 'U0OTHER01';
const STRANGER = 'U0STRANGR';

let slack: FakeSlack;
let h: Harness;
let responses: Record<string, unknown>[];

loopbackOnly();
let started: Started;
beforeEach(async () => {
  started = await startOverFakeSlack({ members: [MEMBER, 'U0AGENT01'] });
  ({ slack, h } = started);
  responses = responseUrls();
});
afterEach(() => started.stop());

/** Pastes an error in the channel and returns errcode's thread answer. */
async function pasted(ts: string, text = '{"error_code":"IMG.0024"}') {
  await post(
    h,
    eventBody({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: PASTER, text, ts, event_ts: ts }),
    JSON_TYPE,
  );
  await until(() => slack.repliesIn(CHANNEL, ts).length === 1);
  const answer = slack.repliesIn(CHANNEL, ts)[0];
  if (!answer) throw new Error('no answer');
  return answer;
}

/** App Home as `user` sees it now. */
async function home(user = PASTER): Promise<string> {
  const before = slack.callsOf('views.publish').length;
  await post(
    h,
    eventBody({ type: 'app_home_opened', user, channel: 'D0DM00001', tab: 'home', event_ts: '1.1' }),
    JSON_TYPE,
  );
  await until(() => slack.callsOf('views.publish').length > before);
  return JSON.stringify(slack.callsOf('views.publish').at(-1)?.args.view);
}

describe('👍/👎 on every answer', () => {
  it('are under thread answers, /errcode answers, Explain this error answers and shared answers', async () => {
    const thread = await pasted('1700000000.000100');
    expect(buttonValue(thread.blocks, ACTIONS.up)).toBeDefined();
    expect(buttonValue(thread.blocks, ACTIONS.down)).toBeDefined();
    await post(h, commandBody('IMG.0024', '/commands/T0TEAM01/1/vote'), FORM);
    await shortcut(h, 'explain_error', { ts: '1700000000.000300', text: 'IMG.0014', user: PASTER });
    await until(() => responses.length === 2);
    for (const r of responses) {
      expect(buttonValue(r.blocks, ACTIONS.up)).toBeDefined();
      expect(buttonValue(r.blocks, ACTIONS.down)).toBeDefined();
      // Private answers are not errcode's posts in the channel: nothing to remove.
      expect(buttonValue(r.blocks, ACTIONS.remove)).toBeUndefined();
    }
    const share = buttonValue(responses[0]?.blocks, ACTIONS.share);
    await click(h, ACTIONS.share, share ?? '', { ephemeral: true });
    await until(() => responses.some((r) => r.response_type === 'in_channel'));
    const shared = responses.find((r) => r.response_type === 'in_channel');
    expect(buttonValue(shared?.blocks, ACTIONS.up)).toBe(share);
  });

  it('keep one vote per person per answer, a second click replacing the first', async () => {
    const answer = await pasted('1700000000.000101');
    const id = buttonValue(answer.blocks, ACTIONS.up) ?? '';
    await click(h, ACTIONS.up, id, { messageTs: answer.ts });
    await until(() => responses.length === 1);
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', text: en.feedback.thanksUp });
    await click(h, ACTIONS.down, id, { messageTs: answer.ts });
    await until(() => slack.callsOf('views.open').length === 1);
    await click(h, ACTIONS.up, id, { messageTs: answer.ts, user: MEMBER });
    await until(() => responses.length === 2);
    expect(await home()).toContain('• `IMG.0024`  👍 1 · 👎 1 · removed 0');
  });

  it('👎 opens a short optional form; what it says shows in App Home with a link to the answer', async () => {
    const answer = await pasted('1700000000.000102');
    const id = buttonValue(answer.blocks, ACTIONS.down) ?? '';
    const res = await click(h, ACTIONS.down, id, { messageTs: answer.ts, triggerId: 'trigger.down' });
    expect(res.ms).toBeLessThan(3000);
    await until(() => slack.callsOf('views.open').length === 1);
    const open = slack.callsOf('views.open')[0]?.args;
    expect(open?.trigger_id).toBe('trigger.down');
    const form = open?.view as Record<string, unknown>;
    expect(form.callback_id).toBe(FEEDBACK_IDS.modal);
    expect(JSON.stringify(form)).toContain(en.feedback.intro);
    // Both fields are optional: the 👎 counts as soon as it is clicked.
    expect(JSON.stringify(form).match(/"optional":true/g)).toHaveLength(2);
    expect(await home()).toContain('👎 1');

    const bad = await submitView(h, form, { [FEEDBACK_IDS.expected]: 'IMG 0016!' });
    expect(JSON.parse(bad.text)).toEqual({
      response_action: 'errors',
      errors: { [FEEDBACK_IDS.expected]: en.feedback.badCode },
    });
    const ok = await submitView(h, form, {
      [FEEDBACK_IDS.expected]: 'IMG.0016',
      [FEEDBACK_IDS.note]: 'It was a quota problem <!here>',
    });
    expect(ok.text).toBe('');
    const view = await home();
    expect(view).toContain('*Latest 👎*');
    expect(view).toContain('expected `IMG.0016`');
    expect(view).toContain('It was a quota problem &lt;!here&gt;');
    expect(view).toContain(`<https://acme.slack.com/archives/${CHANNEL}/p${answer.ts.replace('.', '')}|the answer>`);
    expect(slack.callsOf('chat.getPermalink').at(-1)?.args).toMatchObject({ channel: CHANNEL, message_ts: answer.ts });
  });
});

describe('Remove this answer', () => {
  it('is offered under answers errcode posted in a channel, not in direct messages', async () => {
    expect(buttonValue((await pasted('1700000000.000103')).blocks, ACTIONS.remove)).toBeDefined();
    await post(
      h,
      eventBody({
        type: 'message',
        channel: 'D0DM00001',
        channel_type: 'im',
        user: PASTER,
        text: 'IMG.0024',
        ts: '1700000000.000104',
        event_ts: '1700000000.000104',
      }),
      JSON_TYPE,
    );
    await until(() => slack.messages.some((m) => m.channel === 'D0DM00001'));
    expect(buttonValue(slack.messages.find((m) => m.channel === 'D0DM00001')?.blocks, ACTIONS.remove)).toBeUndefined();
  });

  it('lets anyone in the channel remove an automatic reply that was wrong, counted once; others are told they cannot', async () => {
    const answer = await pasted('1700000000.000105');
    const id = buttonValue(answer.blocks, ACTIONS.remove) ?? '';
    await click(h, ACTIONS.remove, id, { messageTs: answer.ts, user: STRANGER });
    await until(() => responses.length === 1);
    expect(responses[0]?.text).toBe(en.feedback.notAllowed(`<#${CHANNEL}>`));
    expect(slack.messages.some((m) => m.ts === answer.ts)).toBe(true);

    await click(h, ACTIONS.remove, id, { messageTs: answer.ts, user: MEMBER });
    await until(() => responses.length === 2);
    expect(responses[1]?.text).toBe(en.feedback.removed);
    expect(slack.callsOf('chat.delete')[0]?.args).toMatchObject({ channel: CHANNEL, ts: answer.ts });
    expect(slack.messages.some((m) => m.ts === answer.ts)).toBe(false);
    // Clicked again before Slack took the message away: still one removal.
    await click(h, ACTIONS.remove, id, { messageTs: answer.ts, user: MEMBER });
    await until(() => responses.length === 3);
    expect(await home()).toContain('• `IMG.0024`  👍 0 · 👎 0 · removed 1');
    // The message stays answered: a redelivery of the paste is not answered again.
    await post(
      h,
      eventBody({
        type: 'message',
        channel: CHANNEL,
        channel_type: 'channel',
        user: PASTER,
        text: '{"error_code":"IMG.0024"}',
        ts: '1700000000.000105',
        event_ts: '1700000000.000105',
      }),
      JSON_TYPE,
      { 'x-slack-retry-num': '1' },
    );
    await quiet();
    expect(slack.repliesIn(CHANNEL, '1700000000.000105')).toHaveLength(0);
  });

  it('lets the person who pasted remove it, though not a member of the channel', async () => {
    const answer = await pasted('1700000000.000106');
    await click(h, ACTIONS.remove, buttonValue(answer.blocks, ACTIONS.remove) ?? '', { messageTs: answer.ts });
    await until(() => responses.length === 1);
    expect(responses[0]?.text).toBe(en.feedback.removed);
    expect(slack.messages.some((m) => m.ts === answer.ts)).toBe(false);
  });
});
