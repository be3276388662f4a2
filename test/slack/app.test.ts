import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthHandler, STARTING, STOPPING } from '../../src/slack/app.ts';
import { shippedEngine } from '../engine/shared.ts';
import {
  BOT_USER,
  commandBody,
  eventBody,
  FORM,
  type Harness,
  interactionBody,
  JSON_TYPE,
  loopbackOnly,
  nockLocale,
  parseBody,
  post,
  quiet,
  SLACK,
  settled,
  sign,
  startApp,
} from './harness.ts';

/** Intercepts a Web API method, recording each call's parsed body. */
function webApi(method: string, reply: Record<string, unknown> = { ok: true }, times = 1) {
  const calls: Record<string, unknown>[] = [];
  const scope = nock(SLACK)
    .post(`/api/${method}`, (body) => {
      calls.push(parseBody(body));
      return true;
    })
    .times(times)
    .reply(200, reply);
  return { scope, calls };
}

/** Intercepts the response_url of a slash command or interaction. */
function responseUrl(path = '/commands/T0TEAM01/1/abc', times = 1) {
  const calls: Record<string, unknown>[] = [];
  const scope = nock('https://hooks.slack.com')
    .post(path, (body) => {
      calls.push(parseBody(body));
      return true;
    })
    .times(times)
    .reply(200, 'ok');
  return { scope, calls };
}

const paste = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: 'C0CHAN001',
  channel_type: 'channel',
  user: 'U0USER001',
  text,
  ts: '1700000000.000100',
  event_ts: '1700000000.000100',
  ...extra,
});
const BODY = '{"error":{"message":"The image type in the request is incorrect.","code":"IMG.0024"}}';

let dataDir: string;
let h: Harness;

loopbackOnly();
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'errcode-slack-'));
  h = await startApp({ dataDir });
});
afterEach(async () => {
  await h.stop();
  nock.cleanAll();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('HTTP receiver', () => {
  it('refuses a request with a bad signature with 401', async () => {
    const body = commandBody('IMG.0024');
    const res = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': FORM,
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=deadbeef',
      },
      body,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a body over the limit with 413 before reading it, declared or chunked, signed or not', async () => {
    const big = 'x'.repeat(1_048_577);
    const declared = await fetch(`${h.url}/slack/events`, { method: 'POST', body: big });
    expect(declared.status).toBe(413);
    const chunked = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, ...sign(big) },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await post(h, eventBody(paste('hello')), JSON_TYPE)).status).toBe(200);
  });

  it('takes its body limit and bind address from the configuration', async () => {
    await h.stop();
    h = await startApp({ dataDir, env: { ERRCODE_MAX_BODY_BYTES: '2048', HOST: '127.0.0.1' } });
    expect((h.server.address() as AddressInfo).address).toBe('127.0.0.1');
    const body = eventBody(paste('x'.repeat(2000)));
    expect(body.length).toBeGreaterThan(2048);
    expect((await post(h, body, JSON_TYPE)).status).toBe(413);
    expect((await post(h, eventBody(paste('hello')), JSON_TYPE)).status).toBe(200);
  });

  it('once stopping, answers /healthz and every new request with 503 while what is in flight finishes', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    // A listener still at work when the stop begins (events are acknowledged before their listeners run).
    h.app.event('app_home_opened', async () => {
      await held;
    });
    await post(
      h,
      eventBody({ type: 'app_home_opened', user: 'U0USER001', channel: 'D0DM00001', tab: 'about', event_ts: '1.1' }),
      JSON_TYPE,
    );
    let stopped = false;
    const stopping = h.bot.stop(5000).finally(() => {
      stopped = true;
    });
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, reason: STOPPING });
    expect((await post(h, eventBody(paste(BODY)), JSON_TYPE)).status).toBe(503);
    await quiet(200);
    expect(stopped).toBe(false);
    release();
    expect(await stopping).toBe(0);
    await h.storage.close();
    h = await startApp({ dataDir });
  });

  it('answers /healthz with 503 and the reason until it is ready', async () => {
    let ready = false;
    const server = createServer(healthHandler(482, () => (ready ? { ok: true } : { ok: false, reason: STARTING })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    try {
      expect((await fetch(url)).status).toBe(503);
      ready = true;
      expect(await (await fetch(url)).json()).toEqual({ ok: true, codes: 482 });
    } finally {
      server.close();
    }
  });

  it('answers GET /healthz with 200 once the catalog is indexed', async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, codes: shippedEngine().catalog.codes });
  });
});

describe('/errcode', () => {
  it('acknowledges within 3 s and answers privately with a share button', async () => {
    const locale = nockLocale('U0USER001', 'en-US');
    const reply = responseUrl();
    const res = await post(h, commandBody('IMG.0024'), FORM);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    await settled([reply.scope, locale]);
    const message = reply.calls[0] as {
      response_type: string;
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toBe('IMG.0024: The image type in the request is incorrect. — Select either BMS or ECS.');
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'IMG.0024  The image type in the request is incorrect.' },
    });
    expect(JSON.stringify(message.blocks)).toContain('errcode_share');
  });

  it('shows the usage for empty text and for help', async () => {
    const reply = responseUrl('/commands/T0TEAM01/1/abc', 2);
    await post(h, commandBody(''), FORM);
    await post(h, commandBody('help'), FORM);
    await settled([reply.scope]);
    expect(reply.calls.map((c) => c.text)).toEqual([
      'errcode: /errcode <code | message | pasted error>',
      'errcode: /errcode <code | message | pasted error>',
    ]);
  });

  it('answers a zh-CN user in Chinese', async () => {
    const locale = nockLocale('U0USER001', 'zh-CN');
    const reply = responseUrl();
    await post(h, commandBody('IMG.0020'), FORM);
    await settled([reply.scope, locale]);
    const text = JSON.stringify(reply.calls[0]?.blocks);
    expect(text).toContain('请确认所使用备份是否存在。');
    expect(text).toContain('处理措施');
  });

  it('apologises to the user when answering fails, and reports the error to the error handler', async () => {
    nock(SLACK)
      .post('/api/users.info')
      .reply(200, { ok: true, user: { id: 'U0USER001', locale: 'en-US' } });
    const failing = nock('https://hooks.slack.com').post('/commands/T0TEAM01/1/abc').reply(500, 'boom');
    const apology = responseUrl();
    await post(h, commandBody('IMG.0024'), FORM);
    await settled([failing, apology.scope]);
    expect(String(apology.calls[0]?.text)).toContain('Sorry, errcode hit a problem');
    await quiet(50);
    expect(h.logs.join('\n')).toMatch(/listener failed/);
  });
});

describe('pasted errors', () => {
  it('answers a pasted body once, in its thread', async () => {
    const locale = nockLocale('U0USER001', 'en-US');
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000200' });
    const res = await post(h, eventBody(paste(`got this:\n\`\`\`${BODY}\`\`\``)), JSON_TYPE);
    expect(res.status).toBe(200);
    await settled([postMessage.scope, locale]);
    expect(postMessage.calls[0]).toMatchObject({
      channel: 'C0CHAN001',
      thread_ts: '1700000000.000100',
      unfurl_links: 'false',
    });
    expect(String(postMessage.calls[0]?.text)).toContain('IMG.0024');
  });

  it('answers inside the thread a paste was posted in', async () => {
    nockLocale('U0USER001', 'en-US');
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000300' });
    await post(h, eventBody(paste(BODY, { ts: '1700000000.000250', thread_ts: '1699999999.000001' })), JSON_TYPE);
    await settled([postMessage.scope]);
    expect(postMessage.calls[0]?.thread_ts).toBe('1699999999.000001');
  });

  it('does not answer a retried delivery again, even after a restart', async () => {
    nockLocale('U0USER001', 'en-US');
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000200' });
    const event = paste(BODY);
    await post(h, eventBody(event, 'EvRETRY1'), JSON_TYPE);
    await settled([postMessage.scope]);

    const again = webApi('chat.postMessage', { ok: true, ts: '1700000000.000999' });
    await post(h, eventBody(event, 'EvRETRY1'), JSON_TYPE, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await quiet();
    await h.stop();
    h = await startApp({ dataDir });
    await post(h, eventBody(event, 'EvRETRY1'), JSON_TYPE, {
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });
    await quiet();
    expect(again.scope.isDone()).toBe(false);
  });

  it('answers through the outbox: after a 500 the retry finds the answer Slack did post, and posts nothing more', async () => {
    nockLocale('U0USER001', 'en-US');
    const accepted: Record<string, unknown>[] = [];
    const first = nock(SLACK)
      .post('/api/chat.postMessage', (b) => {
        accepted.push(parseBody(b));
        return true;
      })
      .reply(500, 'upstream timeout');
    const replies = webApi('conversations.replies', {
      ok: true,
      messages: [
        { ts: '1700000000.000100', text: 'the paste' },
        {
          ts: '1700000000.000200',
          text: 'the answer',
          metadata: { event_type: 'errcode_post', event_payload: { key: 'answer:C0CHAN001:1700000000.000100' } },
        },
      ],
    });
    const again = webApi('chat.postMessage', { ok: true, ts: '1700000000.000999' });
    await post(h, eventBody(paste(BODY)), JSON_TYPE);
    await settled([first, replies.scope], 5000);
    expect(accepted[0]?.metadata).toEqual({
      event_type: 'errcode_post',
      event_payload: { key: 'answer:C0CHAN001:1700000000.000100' },
    });
    expect(replies.calls[0]).toMatchObject({
      channel: 'C0CHAN001',
      ts: '1700000000.000100',
      include_all_metadata: 'true',
    });
    await quiet(300);
    expect(again.scope.isDone()).toBe(false);
    const [job] = await h.storage.jobs.list(['done']);
    expect(job).toMatchObject({ key: 'answer:C0CHAN001:1700000000.000100', attempts: 2 });
  });

  it('escapes <!channel> and mentions from the paste so the reply pings no one', async () => {
    nockLocale('U0USER001', 'en-US');
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000200' });
    const hostile =
      '{"error_code":"IMG.0014","error_msg":"boom","request_id":"<!channel>"} <!here> <@U0BOSS001> &lt;!everyone&gt;';
    await post(h, eventBody(paste(hostile)), JSON_TYPE);
    await settled([postMessage.scope]);
    const sent = JSON.stringify(postMessage.calls[0]);
    expect(sent).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0BOSS001>/);
    expect(postMessage.calls[0]?.link_names).toBeUndefined();
  });

  it('answers every direct message in place, words included, and help with the usage', async () => {
    nockLocale('U0USER001', 'en-US');
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000200' }, 2);
    const dm = { channel: 'D0DM00001', channel_type: 'im' };
    await post(
      h,
      eventBody(paste('private image quota reached, cannot create more images', { ...dm, ts: '1700000000.000301' })),
      JSON_TYPE,
    );
    await post(h, eventBody(paste('help', { ...dm, ts: '1700000000.000302' })), JSON_TYPE);
    await settled([postMessage.scope]);
    const byTs = (ts: string) =>
      postMessage.calls.find((c) => String(c.text).startsWith(ts === 'help' ? 'errcode:' : 'IMG.0015'));
    expect(byTs('answer')).toMatchObject({ channel: 'D0DM00001' });
    expect(byTs('answer')?.thread_ts).toBeUndefined();
    expect(byTs('help')?.text).toBe('errcode: /errcode <code | message | pasted error>');
  });

  it('stays quiet for chit-chat, bots, its own messages, edits and deletions', async () => {
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1' });
    await post(h, eventBody(paste('anyone up for lunch? the image looks great')), JSON_TYPE);
    await post(h, eventBody(paste(BODY, { user: BOT_USER, bot_id: 'BBOT0001', ts: '1700000000.000400' })), JSON_TYPE);
    await post(
      h,
      eventBody(paste(BODY, { user: undefined, bot_id: 'BOTHER01', subtype: 'bot_message', ts: '1700000000.000500' })),
      JSON_TYPE,
    );
    await post(
      h,
      eventBody({
        type: 'message',
        subtype: 'message_changed',
        channel: 'C0CHAN001',
        ts: '1700000000.000600',
        message: paste(BODY),
      }),
      JSON_TYPE,
    );
    await post(
      h,
      eventBody({
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C0CHAN001',
        ts: '1700000000.000700',
        previous_message: paste(BODY),
      }),
      JSON_TYPE,
    );
    await quiet();
    expect(postMessage.scope.isDone()).toBe(false);
  });

  it('respects /errcode mute, and answers again after unmute', async () => {
    const confirm = responseUrl('/commands/T0TEAM01/1/abc', 2);
    await post(h, commandBody('mute'), FORM);
    await quiet(50);
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000200' });
    await post(h, eventBody(paste(BODY)), JSON_TYPE);
    await quiet();
    expect(postMessage.scope.isDone()).toBe(false);
    expect(await h.storage.channels.isMuted('C0CHAN001')).toBe(true);

    await post(h, commandBody('unmute'), FORM);
    await settled([confirm.scope]);
    expect(String(confirm.calls[0]?.text)).toContain('will no longer answer');
    expect(String(confirm.calls[1]?.text)).toContain('again');
    nockLocale('U0USER001', 'en-US');
    await post(h, eventBody(paste(BODY, { ts: '1700000000.000800' })), JSON_TYPE);
    await settled([postMessage.scope]);
  });

  it('retries a rate-limited post after Retry-After, and posts once', async () => {
    await h.stop();
    nock.cleanAll();
    // Production keeps the client's default retries; here one retry, so the 429 is followed by exactly one more try.
    h = await startApp({
      dataDir,
      clientOptions: { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } },
    });
    nockLocale('U0USER001', 'en-US');
    const limited = nock(SLACK)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    const postMessage = webApi('chat.postMessage', { ok: true, ts: '1700000000.000200' });
    await post(h, eventBody(paste(BODY)), JSON_TYPE);
    await settled([limited, postMessage.scope], 5000);
    expect(postMessage.calls).toHaveLength(1);
  });
});

describe('Share in channel', () => {
  it('posts the private answer for everyone through the response URL and removes the private copy', async () => {
    nockLocale('U0USER001', 'en-US');
    const reply = responseUrl();
    await post(h, commandBody('IMG.0024'), FORM);
    await settled([reply.scope]);
    const value = /"action_id":"errcode_share","value":"([^"]+)"/.exec(JSON.stringify(reply.calls[0]?.blocks))?.[1];
    expect(value).toBeDefined();
    const shared = responseUrl('/actions/T0TEAM01/3/share', 2);
    await post(
      h,
      interactionBody({
        type: 'block_actions',
        user: { id: 'U0USER001', name: 'alice', team_id: 'T0TEAM01' },
        team: { id: 'T0TEAM01', domain: 'test' },
        api_app_id: 'A0APP001',
        trigger_id: '1.2.3',
        response_url: 'https://hooks.slack.com/actions/T0TEAM01/3/share',
        container: { type: 'ephemeral', message_ts: '1.1', channel_id: 'C0CHAN001', is_ephemeral: true },
        channel: { id: 'C0CHAN001', name: 'support' },
        actions: [{ type: 'button', action_id: 'errcode_share', block_id: 'errcode_share', value, action_ts: '1.1' }],
      }),
      FORM,
    );
    await settled([shared.scope]);
    expect(shared.calls[0]).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(JSON.stringify(shared.calls[0]?.blocks)).toContain('Shared by <@U0USER001>');
    expect(JSON.stringify(shared.calls[0]?.blocks)).not.toContain('errcode_share');
    expect(shared.calls[1]).toMatchObject({ delete_original: true });
  });
});

describe('message shortcut and App Home', () => {
  it('explains a bot message with attachments, privately to the user who asked', async () => {
    nockLocale('U0USER002', 'en-US');
    const reply = responseUrl('/actions/T0TEAM01/2/xyz');
    await post(
      h,
      interactionBody({
        type: 'message_action',
        callback_id: 'explain_error',
        trigger_id: '1.2.3',
        response_url: 'https://hooks.slack.com/actions/T0TEAM01/2/xyz',
        team: { id: 'T0TEAM01', domain: 'test' },
        channel: { id: 'C0CHAN001', name: 'support' },
        user: { id: 'U0USER002', name: 'bob' },
        message_ts: '1700000000.000100',
        message: {
          type: 'message',
          bot_id: 'BCI00001',
          ts: '1700000000.000100',
          text: 'Build failed',
          attachments: [
            {
              fallback: 'deploy failed',
              text: 'Error: {"error_code":"iMetal.0201","error_msg":"Insufficient server resources"}',
            },
          ],
        },
      }),
      FORM,
    );
    await settled([reply.scope]);
    expect(reply.calls[0]?.response_type).toBe('ephemeral');
    expect(String(reply.calls[0]?.text)).toContain('iMetal.0201');
  });

  it('publishes App Home with catalog sizes, most asked and unknown codes', async () => {
    nockLocale('U0USER001', 'en-US');
    const reply = responseUrl('/commands/T0TEAM01/1/abc', 2);
    await post(h, commandBody('IMG.0024'), FORM);
    await post(h, commandBody('IMG.9999'), FORM);
    await settled([reply.scope]);
    const publish = webApi('views.publish');
    await post(
      h,
      eventBody({ type: 'app_home_opened', user: 'U0USER001', channel: 'D0DM00001', tab: 'home', event_ts: '1.1' }),
      JSON_TYPE,
    );
    await settled([publish.scope]);
    const view = JSON.stringify(publish.calls[0]?.view);
    expect(view).toContain(`Catalog: ${shippedEngine().catalog.codes.toLocaleString('en-US')} codes from 62 services`);
    expect(view).toContain('Virtual Private Cloud (VPC): 97');
    expect(view).toContain('Image Management Service (IMS): 204');
    expect(view).toContain('`IMG.0024` ×1');
    expect(view).toContain('`IMG.9999` ×1');
  });
});
