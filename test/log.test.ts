import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactSecrets } from '../src/log.ts';

const BOT = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';
const APP = 'xapp-1-A012345-6789-0123456789abcdef';
const USER = 'xoxp-1234-5678-9012-abcdef';
const SECRET = '0123456789abcdef0123456789abcdef';

/** A logger writing into an array of parsed JSON lines, and the raw text. */
function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    secrets: [BOT, APP, SECRET],
    destination: { write: (l) => void lines.push(l) },
  });
  return { logger, lines, text: () => lines.join('') };
}

afterEach(() => nock.cleanAll());

describe('createLogger', () => {
  it('writes one JSON line per call, with level, name, time and message', () => {
    const { logger, lines } = capture('info');
    logger.info('listening for Slack', { port: 3000 });
    logger.debug('not written at info');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '');
    expect(line).toMatchObject({ level: 30, name: 'errcode', msg: 'listening for Slack', data: { port: 3000 } });
    expect(typeof line.time).toBe('number');
  });

  it('follows setLevel and getLevel as Bolt uses them', () => {
    const { logger, lines } = capture('info');
    logger.setLevel('error' as never);
    expect(logger.getLevel()).toBe('error');
    logger.warn('dropped');
    logger.error('kept');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['kept']);
  });

  it('never writes a token or the signing secret: in messages, objects, errors and stacks', () => {
    const { logger, text } = capture();
    logger.info(`token ${BOT} and ${USER} and ${APP}`);
    logger.debug('request', { headers: { authorization: `Bearer ${BOT}` }, body: `token=${BOT}&channel=C1` });
    logger.warn({ token: 'short-but-secret', signingSecret: SECRET, nested: { appToken: APP } });
    logger.error(new Error(`auth failed for ${BOT} (secret ${SECRET})`));
    logger.error('rotating', 'xoxe.xoxp-1-Mi0yLTE2MzQ', 'refresh xoxe-1-My0xLTE2MzQ');
    const out = text();
    for (const secret of [BOT, USER, APP, SECRET, 'short-but-secret', 'Mi0yLTE2MzQ', 'My0xLTE2MzQ'])
      expect(out).not.toContain(secret);
    expect(out).toContain(`xoxb-${REDACTED}`);
    expect(out).toContain(`xapp-${REDACTED}`);
    // Still JSON, still useful: the error's stack is there, scrubbed.
    const errorLine = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.err);
    expect(errorLine.err.stack).toContain('auth failed for xoxb-[redacted] (secret [redacted])');
  });

  it('keeps the Web API client from logging the token it sends, at debug level', async () => {
    const { logger, text } = capture();
    nock('https://slack.com').post('/api/auth.test').reply(200, { ok: true, user_id: 'U1', team_id: 'T1' });
    const client = new WebClient(BOT, { logger, retryConfig: { retries: 0 } });
    await client.auth.test();
    expect(text()).toContain('auth.test');
    expect(text()).not.toContain(BOT);
  });
});

describe('redactSecrets', () => {
  it('leaves text without tokens alone', () => {
    expect(redactSecrets('IMG.0024 is not in the catalog; xoxo, errcode')).toBe(
      'IMG.0024 is not in the catalog; xoxo, errcode',
    );
  });
});
