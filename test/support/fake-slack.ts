import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the fake received it: the method and its arguments (JSON-valued fields decoded). */
export interface Call {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

/** A message the fake holds, as conversations.history and conversations.replies return it. */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown;
  user: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * What a fault does to a call: answer with `status`/`body` instead of the real reply, after `delayMs`; with
 * `afterEffect` the call takes effect first (Slack accepted it) and only the reply is lost or wrong.
 */
export interface Fault {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  afterEffect?: boolean;
  /** Drop the connection instead of answering. */
  reset?: boolean;
}

/** Options of the fake. */
export interface FakeSlackOptions {
  botUserId: string;
  teamId: string;
  /** Members of every channel, for conversations.members. */
  members: string[];
  /** Channels errcode is not a member of. */
  notMemberOf: string[];
  /** Slack locales by user (users.info); everyone else is en-US. */
  locales: Record<string, string>;
}

/**
 * A fake Slack Web API on loopback, enough for errcode end to end: it keeps the messages posted (with their
 * metadata, for the look-before-repost), records every call, and takes injected faults (`fault`). Run it with
 * SLACK_API_URL set to `url`.
 */
export class FakeSlack {
  readonly calls: Call[] = [];
  readonly messages: FakeMessage[] = [];
  /** Decides a fault per call; undefined: answer normally. */
  fault: (call: Call) => Fault | undefined = () => undefined;
  private server: Server | undefined;
  private seq = 0;
  private options: FakeSlackOptions;

  constructor(options: Partial<FakeSlackOptions> = {}) {
    this.options = {
      botUserId: 'UBOT0001',
      teamId: 'T0TEAM01',
      members: [],
      notMemberOf: [],
      locales: {},
      ...options,
    };
  }

  /** The Web API base URL (ends in /api/). */
  get url(): string {
    if (!this.port) throw new Error('the fake Slack is not started');
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The port it listens on (kept across `stop`, so `start(port)` comes back at the same URL). */
  port = 0;

  /** Whether errcode is a member of `channel` from now on (it was invited, or removed). */
  setMember(channel: string, member: boolean): void {
    const others = this.options.notMemberOf.filter((c) => c !== channel);
    this.options.notMemberOf = member ? others : [...others, channel];
  }

  /** Starts listening (on `port`, to come back where it was after `stop`). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, reset, headers }) => {
          if (reset) {
            req.socket.destroy();
            return;
          }
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Calls of one method. */
  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted in a thread (replies only). */
  repliesIn(channel: string, threadTs: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === threadTs && m.ts !== threadTs);
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; reset?: boolean; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
    const call: Call = { method, args: parseArgs(raw, String(req.headers['content-type'] ?? '')), at: Date.now() };
    this.calls.push(call);
    const fault = this.fault(call);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    const reply = fault && !fault.afterEffect ? undefined : this.reply(call);
    if (fault?.status !== undefined || fault?.body !== undefined || fault?.reset)
      return { status: fault.status ?? 200, body: fault.body ?? '', reset: fault.reset, headers: fault.headers };
    return { status: 200, body: reply ?? {} };
  }

  private reply({ method, args }: Call): Record<string, unknown> {
    const { botUserId, teamId } = this.options;
    const channel = String(args.channel ?? '');
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: botUserId, bot_id: 'BBOT0001', team_id: teamId, user: 'errcode', team: 'Test' };
      case 'chat.postMessage': {
        if (this.options.notMemberOf.includes(channel)) return { ok: false, error: 'not_in_channel' };
        const ts = `${1_800_000_000 + Math.floor(++this.seq / 1_000_000)}.${String(this.seq % 1_000_000).padStart(6, '0')}`;
        this.messages.push({
          channel,
          ts,
          user: botUserId,
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(typeof args.text === 'string' ? { text: args.text } : {}),
          ...(args.blocks ? { blocks: args.blocks } : {}),
          ...(args.metadata ? { metadata: args.metadata as FakeMessage['metadata'] } : {}),
        });
        return { ok: true, channel, ts };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        if (typeof args.text === 'string') message.text = args.text;
        if (args.blocks) message.blocks = args.blocks;
        return { ok: true, channel, ts: message.ts };
      }
      case 'chat.delete': {
        const at = this.messages.findIndex((m) => m.channel === channel && m.ts === args.ts);
        if (at < 0) return { ok: false, error: 'message_not_found' };
        this.messages.splice(at, 1);
        return { ok: true, channel, ts: args.ts };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          channel,
          permalink: `https://acme.slack.com/archives/${channel}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'conversations.history': {
        const top = this.messages.filter((m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts));
        return this.page([...top].reverse(), args);
      }
      case 'conversations.replies': {
        const thread = this.messages.filter(
          (m) => m.channel === channel && (m.ts === args.ts || m.thread_ts === args.ts),
        );
        const parent = { channel, ts: String(args.ts), user: 'U0USER001', text: '(the pasted message)' };
        return this.page([parent, ...thread.filter((m) => m.ts !== args.ts)], args);
      }
      case 'conversations.info':
        return { ok: true, channel: { id: channel, is_member: !this.options.notMemberOf.includes(channel) } };
      case 'conversations.members':
        return { ok: true, members: this.options.members, response_metadata: { next_cursor: '' } };
      case 'users.info':
        return { ok: true, user: { id: args.user, locale: this.options.locales[String(args.user)] ?? 'en-US' } };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${++this.seq}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** One page of messages, as Slack pages them: `limit` at a time, `oldest` honoured, a cursor to the next page. */
  private page(messages: FakeMessage[], args: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(args.oldest ?? 0);
    const kept = messages.filter((m) => Number(m.ts) >= oldest);
    const limit = Number(args.limit ?? 100);
    const from = Number(args.cursor ?? 0);
    const next = from + limit < kept.length ? String(from + limit) : '';
    return {
      ok: true,
      messages: this.shown(kept.slice(from, from + limit), args),
      has_more: next !== '',
      response_metadata: { next_cursor: next },
    };
  }

  /** Messages as the API shows them: metadata only when asked for. */
  private shown(messages: FakeMessage[], args: Record<string, unknown>): Record<string, unknown>[] {
    const all = args.include_all_metadata === true || args.include_all_metadata === 'true';
    return messages.map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(all && metadata ? { metadata } : {}) }));
  }
}

/** A Web API body, form-encoded or JSON, with JSON-valued fields (blocks, metadata, view) decoded. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  const args: Record<string, unknown> = contentType.includes('json')
    ? (JSON.parse(raw || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'metadata', 'view', 'attachments'])
    if (typeof args[key] === 'string') args[key] = JSON.parse(args[key] as string);
  return args;
}
