import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/slack/messages/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import {
  BOT_USER,
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
import { responseUrls } from './interactions.ts';

const CHANNEL = 'C0CHAN001';

let slack: FakeSlack;
let h: Harness;

loopbackOnly();
let started: Started;
beforeEach(async () => {
  started = await startOverFakeSlack({});
  ({ slack, h } = started);
});
afterEach(() => started.stop());

/** The app_mention event Slack sends for a message that mentions errcode. */
const mention = (text: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  channel: CHANNEL,
  user: 'U0USER001',
  text,
  ts,
  event_ts: ts,
  ...extra,
});
/** The plain message event Slack sends for the same message (errcode is in the channel). */
const message = (text: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: CHANNEL,
  channel_type: 'channel',
  user: 'U0USER001',
  text,
  ts,
  event_ts: ts,
  ...extra,
});
const replies = (thread: string) => slack.repliesIn(CHANNEL, thread);

describe('@errcode mentions', () => {
  it('answers words in the thread of the message, like a direct message', async () => {
    await post(h, eventBody(mention(`<@${BOT_USER}> the image name is too long`, '1700000000.000100')), JSON_TYPE);
    await until(() => replies('1700000000.000100').length === 1);
    expect(replies('1700000000.000100')[0]?.text).toMatch(/^IMG\.0002: /);
  });

  it('answers help, and a bare mention, with the usage', async () => {
    await post(h, eventBody(mention(`<@${BOT_USER}> help`, '1700000000.000101')), JSON_TYPE);
    await post(h, eventBody(mention(`<@${BOT_USER}|errcode>`, '1700000000.000102')), JSON_TYPE);
    await until(() => replies('1700000000.000101').length === 1 && replies('1700000000.000102').length === 1);
    expect(replies('1700000000.000101')[0]?.text).toBe(en.help.usage('/errcode'));
    expect(replies('1700000000.000102')[0]?.text).toBe(en.help.usage('/errcode'));
  });

  it('answers in the thread a mention was made in', async () => {
    await post(
      h,
      eventBody(mention(`<@${BOT_USER}> what is IMG.0024?`, '1700000000.000103', { thread_ts: '1699999999.000001' })),
      JSON_TYPE,
    );
    await until(() => replies('1699999999.000001').length === 1);
    expect(replies('1699999999.000001')[0]?.text).toMatch(/^IMG\.0024: /);
  });

  it('is not silenced by /errcode mute, which silences pasted errors', async () => {
    responseUrls();
    await post(h, commandBody('mute'), FORM);
    for (let i = 0; i < 100 && !(await h.storage.channels.isMuted(CHANNEL)); i++) await quiet(20);
    expect(await h.storage.channels.isMuted(CHANNEL)).toBe(true);
    await post(h, eventBody(message('{"error_code":"IMG.0024"}', '1700000000.000104')), JSON_TYPE);
    await post(h, eventBody(mention(`<@${BOT_USER}> IMG.0024 again?`, '1700000000.000105')), JSON_TYPE);
    await until(() => replies('1700000000.000105').length === 1);
    await quiet();
    expect(replies('1700000000.000104')).toHaveLength(0);
  });

  it('gives one answer when the mention and the plain message event both arrive, in either order, at once or retried', async () => {
    const cases: [string, ('message' | 'mention')[]][] = [
      ['1700000000.000201', ['message', 'mention']],
      ['1700000000.000202', ['mention', 'message']],
    ];
    for (const [ts, order] of cases) {
      const text = `<@${BOT_USER}> {"error_code":"IMG.0014","request_id":"r-${ts}"}`;
      const deliveries = order.map((kind) => eventBody(kind === 'message' ? message(text, ts) : mention(text, ts)));
      await Promise.all(deliveries.map((d) => post(h, d, JSON_TYPE)));
      // Slack retries the mention it thinks was not acknowledged in time.
      await post(h, deliveries[order.indexOf('mention')] ?? '', JSON_TYPE, { 'x-slack-retry-num': '1' });
    }
    await until(() => cases.every(([ts]) => replies(ts).length >= 1));
    await quiet(300);
    for (const [ts] of cases) expect(replies(ts)).toHaveLength(1);
  });

  it('ignores mentions by bots and by itself', async () => {
    await post(h, eventBody(mention(`<@${BOT_USER}> IMG.0024`, '1700000000.000106', { user: BOT_USER })), JSON_TYPE);
    await post(
      h,
      eventBody(mention(`<@${BOT_USER}> IMG.0024`, '1700000000.000107', { bot_id: 'BOTHER01' })),
      JSON_TYPE,
    );
    await quiet(300);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
  });
});
