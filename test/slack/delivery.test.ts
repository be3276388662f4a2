import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotReadyError, PermanentJobError, TransientJobError } from '../../src/outbox/outbox.ts';
import { jobError, parseSlackRef, postOnce, slackRef } from '../../src/slack/delivery.ts';
import { FakeSlack } from '../support/fake-slack.ts';

let slack: FakeSlack;
let client: WebClient;
beforeEach(async () => {
  slack = await new FakeSlack().start();
  client = new WebClient('xoxb-test', {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 1000,
    logLevel: LogLevel.ERROR,
  });
});
afterEach(() => slack.stop());

/** What a job's attempt would make of `call` failing. */
const classify = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => jobError(error, 'card of ESC-0001'),
  );

describe('postOnce', () => {
  it('posts with the job key as metadata', async () => {
    const ts = await postOnce(client, { channel: 'C1', text: 'hi' }, { key: 'post_card:1', doubt: false, since: 0 });
    expect(slack.messages).toEqual([
      expect.objectContaining({
        ts,
        metadata: { event_type: 'errcode_post', event_payload: { key: 'post_card:1' } },
      }),
    ]);
  });

  it('after an attempt Slack accepted but answered 500, finds the post instead of posting again', async () => {
    slack.fault = (call) =>
      call.method === 'chat.postMessage' && slack.callsOf('chat.postMessage').length === 1
        ? { status: 500, body: 'upstream', afterEffect: true }
        : undefined;
    const first = await classify(
      postOnce(client, { channel: 'C1', text: 'card' }, { key: 'post_card:1', doubt: false, since: 0 }),
    );
    expect(first).toBeInstanceOf(TransientJobError);
    expect((first as TransientJobError).maybeSent).toBe(true);
    const ts = await postOnce(client, { channel: 'C1', text: 'card' }, { key: 'post_card:1', doubt: true, since: 0 });
    expect(slack.messages.map((m) => m.ts)).toEqual([ts]);
    expect(slack.callsOf('conversations.history')[0]?.args).toMatchObject({
      channel: 'C1',
      include_all_metadata: 'true',
    });
  });

  it('looks in the thread for a reply, and posts when an earlier attempt did not get through', async () => {
    slack.fault = (call) =>
      call.method === 'chat.postMessage' && slack.callsOf('chat.postMessage').length === 1
        ? { reset: true }
        : undefined;
    const reply = { channel: 'C1', thread_ts: '1700000000.000100', text: 'answer' };
    const first = await classify(
      postOnce(client, reply, { key: 'answer:C1:1700000000.000100', doubt: false, since: 0 }),
    );
    expect((first as TransientJobError).maybeSent).toBe(true);
    await postOnce(client, reply, { key: 'answer:C1:1700000000.000100', doubt: true, since: 0 });
    expect(slack.callsOf('conversations.replies')).toHaveLength(1);
    expect(slack.repliesIn('C1', '1700000000.000100')).toHaveLength(1);
  });

  it('finds a post however busy the channel was since, page after page back to when the job was queued', async () => {
    slack.fault = (call) =>
      call.method === 'chat.postMessage' && slack.callsOf('chat.postMessage').length === 1
        ? { status: 500, body: 'upstream', afterEffect: true }
        : undefined;
    const since = Date.now();
    await classify(postOnce(client, { channel: 'C1', text: 'card' }, { key: 'post_card:1', doubt: false, since }));
    for (let i = 0; i < 450; i++) await client.chat.postMessage({ channel: 'C1', text: `chatter ${i}` });
    await postOnce(client, { channel: 'C1', text: 'card' }, { key: 'post_card:1', doubt: true, since });
    expect(slack.messages.filter((m) => m.text === 'card')).toHaveLength(1);
    const looks = slack.callsOf('conversations.history');
    expect(looks).toHaveLength(3);
    expect(looks[0]?.args).toMatchObject({ oldest: `${Math.floor(since / 1000) - 600}.000000`, limit: '200' });
  });
});

describe('jobError', () => {
  it('makes Slack refusals no retry can fix permanent, and others certain not to have posted', async () => {
    slack.fault = () => ({ body: { ok: false, error: 'not_in_channel' } });
    expect(await classify(client.chat.postMessage({ channel: 'C1', text: 'x' }))).toBeInstanceOf(PermanentJobError);
    slack.fault = () => ({ body: { ok: false, error: 'internal_error' } });
    const other = await classify(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(other).toBeInstanceOf(TransientJobError);
    expect((other as TransientJobError).maybeSent).toBe(false);
  });

  it('waits for Retry-After on a 429, which certainly did not post', async () => {
    slack.fault = () => ({ status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '7' } });
    const limited = (await classify(client.chat.postMessage({ channel: 'C1', text: 'x' }))) as TransientJobError;
    expect(limited).toBeInstanceOf(TransientJobError);
    expect([limited.maybeSent, limited.retryAfterMs]).toEqual([false, 7000]);
  });

  it('counts a timeout as maybe posted, and a refused connection as not', async () => {
    slack.fault = () => ({ delayMs: 1500 });
    expect(
      ((await classify(client.chat.postMessage({ channel: 'C1', text: 'x' }))) as TransientJobError).maybeSent,
    ).toBe(true);
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const closed = new WebClient('xoxb-test', {
      slackApiUrl: `http://127.0.0.1:${port}/api/`,
      retryConfig: { retries: 0 },
    });
    expect(
      ((await classify(closed.chat.postMessage({ channel: 'C1', text: 'x' }))) as TransientJobError).maybeSent,
    ).toBe(false);
  });

  it('keeps the place with refusals about it, so the job can come back once errcode is let in', async () => {
    slack.fault = () => ({ body: { ok: false, error: 'not_in_channel' } });
    const refused = (await classify(client.chat.postMessage({ channel: 'C1', text: 'x' }))) as PermanentJobError;
    expect(refused.failure).toEqual({ reason: 'not_in_channel' });
    const placed = await client.chat
      .postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => jobError(e, 'x', 'C1'));
    expect((placed as PermanentJobError).failure).toEqual({ reason: 'not_in_channel', place: 'C1' });
    slack.fault = () => ({ body: { ok: false, error: 'msg_too_long' } });
    const other = await client.chat
      .postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => jobError(e, 'x', 'C1'));
    expect((other as PermanentJobError).failure).toEqual({ reason: 'msg_too_long' });
  });

  it('passes the outbox its own errors unchanged', () => {
    const notReady = new NotReadyError('card first');
    expect(jobError(notReady, 'x')).toBe(notReady);
  });
});

describe('Slack places', () => {
  it('are channel:ts, read back whole', () => {
    expect(parseSlackRef(slackRef('C0ESCAL01', '1700000100.000200'))).toEqual({
      channel: 'C0ESCAL01',
      ts: '1700000100.000200',
    });
    expect(() => parseSlackRef('nonsense')).toThrow(PermanentJobError);
  });
});
