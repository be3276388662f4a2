import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { Delivery, PlaceRef } from '../escalation/ports.ts';
import { NotReadyError, PermanentJobError, TransientJobError } from '../outbox/outbox.ts';
import { PLACE_PROBLEMS, TOKEN_PROBLEMS } from './refusals.ts';

/** The metadata event type every post made by an outbox job carries, with the job's key as its payload. */
export const POST_METADATA_TYPE = 'errcode_post';

/** Other Slack refusals no retry fixes: the message itself, the token, or a person errcode cannot write to. */
const PERMANENT = new Set([
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'too_many_attachments',
  'no_permission',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  ...TOKEN_PROBLEMS,
  'missing_scope',
  'not_allowed_token_type',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
]);

/** Network failures that happen before a request leaves: Slack cannot have acted on it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** A place in Slack as the domain holds it: `channel:ts`. */
export function slackRef(channel: string, ts: string): PlaceRef {
  return `${channel}:${ts}`;
}

/** Reads a place made by `slackRef`. */
export function parseSlackRef(ref: PlaceRef): { channel: string; ts: string } {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1) throw new PermanentJobError(`not a Slack place: ${ref}`);
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

/**
 * A Web API failure as the outbox understands it: Slack's own refusals are permanent (kept with the `place` when it
 * is the place that must change) or certainly not posted; a 429 waits for Retry-After; a 5xx, a timeout or a reset
 * may have been acted on (`maybeSent`), so the next attempt looks before posting.
 */
export function jobError(error: unknown, what: string, place?: string): Error {
  if (error instanceof PermanentJobError || error instanceof TransientJobError || error instanceof NotReadyError)
    return error;
  const e = error as {
    code?: string;
    message?: string;
    data?: { error?: string };
    statusCode?: number;
    retryAfter?: number;
    original?: { code?: string };
  };
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (PLACE_PROBLEMS.has(code))
        return new PermanentJobError(`${what}: ${code}`, { reason: code, ...(place ? { place } : {}) });
      if (PERMANENT.has(code)) return new PermanentJobError(`${what}: ${code}`, { reason: code });
      return new TransientJobError(`${what}: ${code}`, false);
    }
    case 'slack_webapi_rate_limited_error':
      return new TransientJobError(`${what}: rate limited`, false, (e.retryAfter ?? 1) * 1000);
    case 'slack_webapi_http_error':
      return new TransientJobError(`${what}: HTTP ${e.statusCode ?? '?'}`, true);
    case 'slack_webapi_request_error':
      return new TransientJobError(
        `${what}: ${e.message ?? 'request failed'}`,
        !causeCodes(error).some((code) => NOT_SENT.has(code)),
      );
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** The `code`s along an error's causes (fetch wraps the socket's error: `fetch failed` ← `ECONNREFUSED`). */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let e = error as { code?: unknown; cause?: unknown; original?: unknown } | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = (e.original ?? e.cause) as typeof e;
  }
  return codes;
}

/** Whether a message in history is the post a job made (or, for `legacy`, one an older errcode made). */
type Match = (m: { metadata?: { event_type?: string; event_payload?: unknown } }) => boolean;

/** How far the look goes: pages of 200 messages, newest first. Beyond, errcode posts (nothing lost beats nothing twice). */
const LOOK_PAGES = 10;
/** Hosts' clocks and Slack's may differ: the look starts this much before the job was first queued. */
const CLOCK_MARGIN_S = 600;

/**
 * Looks for the post a job made, by its metadata: in a thread through conversations.replies, else in the channel's
 * history, from shortly before `since` (when the job was first queued) to now, page after page. Resolves to its ts.
 */
export async function findPost(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  key: string,
  since: number,
  legacy?: Match,
): Promise<string | undefined> {
  const oldest = `${Math.max(0, Math.floor(since / 1000) - CLOCK_MARGIN_S)}.000000`;
  let cursor: string | undefined;
  for (let page = 0; page < LOOK_PAGES; page++) {
    const args = { channel, include_all_metadata: true, limit: 200, oldest, ...(cursor ? { cursor } : {}) };
    const result = threadTs
      ? await client.conversations.replies({ ...args, ts: threadTs })
      : await client.conversations.history(args);
    const found = result.messages?.find(
      (m) =>
        (m.metadata?.event_type === POST_METADATA_TYPE &&
          (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key) ||
        legacy?.(m),
    );
    if (found?.ts) return found.ts;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/**
 * Posts a message for an outbox job exactly once: the post carries the job's key as metadata and, when an earlier
 * attempt may have got through (`doubt`), the message is looked for first and adopted if found. Resolves to its ts.
 */
export async function postOnce(
  client: WebClient,
  message: ChatPostMessageArguments & { channel: string; thread_ts?: string },
  delivery: Delivery,
  legacy?: Match,
): Promise<string> {
  if (delivery.doubt) {
    const found = await findPost(client, message.channel, message.thread_ts, delivery.key, delivery.since, legacy);
    if (found) return found;
  }
  const posted = await client.chat.postMessage({
    ...message,
    metadata: { event_type: POST_METADATA_TYPE, event_payload: { key: delivery.key } },
  } as ChatPostMessageArguments);
  if (!posted.ts) throw new TransientJobError(`chat.postMessage returned no ts for ${delivery.key}`, true);
  return posted.ts;
}
