import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LOOKUP_URL, loadConfig, lookupLink } from '../src/config.ts';

const SECRET = '0123456789abcdef0123456789abcdef';

describe('loadConfig', () => {
  it('runs the local console when no Slack variable is set', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ mode: 'console', port: 3000, dataDir: '/srv/data' });
  });

  it('runs HTTP mode with a bot token and signing secret, Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: SECRET }).mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-2' }).mode).toBe('socket');
  });

  it('names the missing variable and says how to fix it', () => {
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: SECRET })).toThrow(
      new ConfigError(
        'SLACK_BOT_TOKEN',
        'is missing',
        'It is needed with SLACK_SIGNING_SECRET. Set it in .env (see .env.example) or in the environment.',
      ),
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /^SLACK_SIGNING_SECRET is missing\. Set it for HTTP mode, or set SLACK_APP_TOKEN/,
    );
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', /not a bot token/],
    ['SLACK_SIGNING_SECRET', 'secret', /32 hexadecimal/],
    ['SLACK_APP_TOKEN', 'abc', /app-level token/],
    ['PORT', '70000', /TCP port/],
    ['SLACK_API_URL', 'slack.com/api', /http\(s\) URL/],
    ['ERRCODE_ESCALATION_CHANNEL', '#support', /channel ID/],
    ['LOG_LEVEL', 'loud', /debug, info, warn or error/],
    ['DATABASE_URL', 'mysql://u:p@db/errcode', /not a PostgreSQL URL/],
    ['DATABASE_URL', 'db.internal:5432', /not a PostgreSQL URL/],
    ['ERRCODE_OUTBOX_LEASE_SECONDS', '0', /seconds from 1 to 3600/],
    ['HOST', 'local host', /IP address or a host name/],
    ['ERRCODE_MAX_BODY_BYTES', '1mb', /bytes from 1024 to 67108864/],
    ['ERRCODE_MAX_BODY_BYTES', '100', /bytes from 1024/],
    ['ERRCODE_SLACK_TIMEOUT_SECONDS', '0', /seconds from 1 to 120/],
    ['ERRCODE_SHUTDOWN_GRACE_SECONDS', '-1', /seconds from 0 to 600/],
    ['ERRCODE_LOOKUP_URL', 'https://support.example.com/search', /http\(s\) URL containing \{code\}/],
    ['ERRCODE_LOOKUP_URL', 'ftp://example.com/{code}', /http\(s\) URL containing \{code\}/],
  ])('rejects a malformed %s', (variable, value, message) => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: SECRET, [variable]: value };
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
    }
  });

  it('uses PostgreSQL when DATABASE_URL is set, never echoing it in an error (it may hold a password)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://errcode:s3cret@db.internal:5432/errcode' })).toMatchObject({
      databaseUrl: 'postgres://errcode:s3cret@db.internal:5432/errcode',
      outboxLeaseMs: 60_000,
    });
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: 'https://u:s3cret@db' })).toThrow(/^DATABASE_URL is not a PostgreSQL URL/);
    expect(() => loadConfig({ DATABASE_URL: 'https://u:s3cret@db' })).not.toThrow(/s3cret/);
  });

  it('defaults to every interface, a 1 MB body limit, 10 s Web API timeouts and 10 s of grace on SIGTERM', () => {
    const config = loadConfig({});
    expect(config.host).toBeUndefined();
    expect(config).toMatchObject({ maxBodyBytes: 1_048_576, slackTimeoutMs: 10_000, shutdownGraceMs: 10_000 });
    expect(
      loadConfig({
        HOST: '127.0.0.1',
        ERRCODE_MAX_BODY_BYTES: '65536',
        ERRCODE_SLACK_TIMEOUT_SECONDS: '5',
        ERRCODE_SHUTDOWN_GRACE_SECONDS: '0',
      }),
    ).toMatchObject({ host: '127.0.0.1', maxBodyBytes: 65_536, slackTimeoutMs: 5000, shutdownGraceMs: 0 });
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ HOST: 'errcode.internal' }).host).toBe('errcode.internal');
  });

  it('normalises the Web API URL to end in a slash', () => {
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9999/api' }).slackApiUrl).toBe('http://127.0.0.1:9999/api/');
  });

  it('links the vendor’s error-code search by default, from ERRCODE_LOOKUP_URL, or not at all when it is off', () => {
    expect(loadConfig({}).lookupUrl).toBe(DEFAULT_LOOKUP_URL);
    expect(loadConfig({ ERRCODE_LOOKUP_URL: 'https://kb.example.com/e/{code}' }).lookupUrl).toBe(
      'https://kb.example.com/e/{code}',
    );
    expect(loadConfig({ ERRCODE_LOOKUP_URL: 'off' }).lookupUrl).toBeUndefined();
    expect(() => loadConfig({ ERRCODE_LOOKUP_URL: 'kb.example.com/{code}' })).toThrow(
      /^ERRCODE_LOOKUP_URL must be an http\(s\) URL containing \{code\}.*For example https:\/\/console-intl\.huaweicloud\.com.*, or off/,
    );
    expect(lookupLink('https://kb.example.com/e?q={code}&c={code}', 'A B/C#1')).toBe(
      'https://kb.example.com/e?q=A%20B%2FC%231&c=A%20B%2FC%231',
    );
  });
});
