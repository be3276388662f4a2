import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { Delivery, PlaceRef } from '../escalation/ports.ts';
import { NotReadyError, PermanentJobError, TransientJobError } from '../outbox/outbox.ts';

/** The metadata event type every post made by an outbox job carries, with the job's key as its payload. */
export const POST_METADATA_TYPE = 'errcode_post';

/** Slack errors no retry can fix: the job is kept as dead, with the error. */
const PERMANENT = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'msg_too_long',
  'invalid_blocks',
  'no_permission',
  'message_not_found',
  'cant_update_message',
  'restricted_action',
  'invalid_arguments',
  'restricted_action_read_only_channel',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
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
 * A Web API failure as the outbox understands it: Slack's own refusals are permanent or certainly not posted; a 429
 * waits for Retry-After; a 5xx, a timeout or a reset may have been acted on (`maybeSent`), so the next attempt
 * looks before posting.
 */
export function jobError(error: unknown, what: string): Error {
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
      if (PERMANENT.has(code)) return new PermanentJobError(`${what}: ${code}`);
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

/**
 * Looks for the post a job made, by its metadata: in a thread through conversations.replies, else in the channel's
 * recent history. Resolves to its ts.
 */
export async function findPost(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  key: string,
  legacy?: Match,
): Promise<string | undefined> {
  const page = threadTs
    ? await client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
    : await client.conversations.history({ channel, include_all_metadata: true, limit: 100 });
  const found = page.messages?.find(
    (m) =>
      (m.metadata?.event_type === POST_METADATA_TYPE &&
        (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key) ||
      legacy?.(m),
  );
  return found?.ts;
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
    const found = await findPost(client, message.channel, message.thread_ts, delivery.key, legacy);
    if (found) return found;
  }
  const posted = await client.chat.postMessage({
    ...message,
    metadata: { event_type: POST_METADATA_TYPE, event_payload: { key: delivery.key } },
  } as ChatPostMessageArguments);
  if (!posted.ts) throw new TransientJobError(`chat.postMessage returned no ts for ${delivery.key}`, true);
  return posted.ts;
}
