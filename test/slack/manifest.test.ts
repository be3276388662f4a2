import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recordRegistrations } from './routing.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The two manifests: Socket Mode (the default) and HTTP, where Slack calls errcode's public URL. */
const MANIFESTS = {
  'manifest.yml': parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')),
  'manifest.http.yml': parse(readFileSync(join(ROOT, 'manifest.http.yml'), 'utf8')),
};
const registered = await recordRegistrations();

/**
 * Slack's published app manifest schema (slackapi/manifest-schema, vendored with its source and licence under
 * test/fixtures/slack-manifest-schema). It marks background_color with a non-standard `regex` keyword: applied here
 * as the pattern it is meant to be.
 */
function slackSchemaValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', { validate: (value: string) => URL.canParse(value) });
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, value: string) => new RegExp(pattern).test(value),
  });
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/slack-manifest-schema/manifest.schema.1.0.0.json'), 'utf8'),
  );
  return ajv.compile(schema);
}

/** Scopes each Web API method errcode calls needs (Slack's method reference). */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
  'views.update': [],
};
/** Events errcode listens to, as manifest event names and the scopes they need. */
const EVENT_SUBSCRIPTIONS: Record<string, { events: string[]; scopes: string[] }> = {
  message: {
    events: ['message.channels', 'message.groups', 'message.im', 'message.mpim'],
    scopes: ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  },
  app_home_opened: { events: ['app_home_opened'], scopes: [] },
  app_mention: { events: ['app_mention'], scopes: ['app_mentions:read'] },
  member_joined_channel: { events: ['member_joined_channel'], scopes: ['channels:read', 'groups:read'] },
};

/** Every Web API method the source calls (`client.chat.postMessage(` and the like). */
function methodsUsed(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(ROOT, 'src'));
  const found = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)\(/g))
      found.add(`${m[1]}.${m[2]}`);
  }
  return [...found].sort();
}

const validate = slackSchemaValidator();

describe.each(Object.entries(MANIFESTS))('%s', (_, manifest) => {
  it("is valid by Slack's published manifest schema", () => {
    expect(manifest._metadata.major_version).toBe(1);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has the fields Slack requires, within its limits', () => {
    const info = manifest.display_information;
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description.length).toBeLessThanOrEqual(4000);
    expect(info.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9][a-z0-9._-]{0,79}$/);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    for (const s of manifest.features.shortcuts) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
      expect(s.callback_id.length).toBeLessThanOrEqual(255);
      expect(['message', 'global']).toContain(s.type);
    }
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    // errcode answers direct messages, so people must be able to write to it.
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it('declares exactly the slash commands the code registers', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command).sort()).toEqual(
      [...registered.commands].sort(),
    );
  });

  it('declares exactly the message shortcuts the code registers', () => {
    expect(
      manifest.features.shortcuts.map((s: { callback_id: string; type: string }) => ({
        callback_id: s.callback_id,
        type: `${s.type}_action`,
      })),
    ).toEqual(registered.shortcuts.map((s) => ({ callback_id: s.callback_id, type: s.type })));
  });

  it('subscribes to exactly the events the code listens to', () => {
    const wanted = registered.events.flatMap((e) => EVENT_SUBSCRIPTIONS[e]?.events ?? [`unknown event ${e}`]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...new Set(wanted)].sort());
  });

  it('declares @mentions (the app_mention event and its scope) and both message shortcuts', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_mention');
    expect(manifest.oauth_config.scopes.bot).toContain('app_mentions:read');
    expect(
      manifest.features.shortcuts.map((s: { callback_id: string; name: string }) => [s.callback_id, s.name]),
    ).toEqual([
      ['explain_error', 'Explain this error'],
      ['open_ticket', 'Open support ticket'],
    ]);
    expect(registered.events).toContain('app_mention');
  });

  it('requests every scope the code needs, and no more', () => {
    const methods = methodsUsed();
    for (const m of methods) expect(Object.keys(METHOD_SCOPES), `scope of ${m} unknown to this test`).toContain(m);
    const needed = new Set([
      ...methods.flatMap((m) => METHOD_SCOPES[m] ?? []),
      ...registered.events.flatMap((e) => EVENT_SUBSCRIPTIONS[e]?.scopes ?? []),
      ...(registered.commands.length || registered.shortcuts.length ? ['commands'] : []),
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});

describe('the two manifests', () => {
  const socket = MANIFESTS['manifest.yml'];
  const http = MANIFESTS['manifest.http.yml'];

  it('Socket Mode: socket mode on, no request URL anywhere', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toMatch(/"(request_)?url"/);
  });

  it('HTTP: socket mode off; events, interactivity and the command all at /slack/events', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    const urls = [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      ...http.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url).toBe('https://errcode.example.com/slack/events');
  });

  it('declare the same app apart from how Slack reaches it', () => {
    const transportless = (m: typeof http) => {
      const copy = structuredClone(m);
      delete copy.settings.socket_mode_enabled;
      delete copy.settings.event_subscriptions.request_url;
      delete copy.settings.interactivity.request_url;
      for (const c of copy.features.slash_commands) delete c.url;
      return copy;
    };
    expect(transportless(http)).toEqual(transportless(socket));
  });
});

describe("Slack's manifest schema", () => {
  it('rejects what Slack would refuse', () => {
    const broken = structuredClone(MANIFESTS['manifest.yml']);
    broken.display_information.background_color = 'navy';
    broken.features.shortcuts[0].name = 'A shortcut name far too long';
    broken.settings.socket_mode = true;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'maxLength', 'regex']);
  });
});
