import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from './blocks/answer.ts';

/** What Slack said about a failed call, short enough to show a user: its error code, else the message. */
export function slackReason(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; message?: string };
  return (e.data?.error ?? e.message ?? e.code ?? String(error)).slice(0, 200);
}

/**
 * Tells a user something privately: through the response URL when there is one (an ephemeral message where they
 * clicked), else, or when that fails, by direct message. Resolves whether or not either got through: it is what
 * errcode says after something already failed, and that failure is what travels on.
 */
export async function tell(
  client: WebClient,
  user: string,
  message: SlackMessage,
  respond?: RespondFn,
): Promise<boolean> {
  if (respond) {
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      return true;
    } catch {
      // The response URL expired or Slack refused it: a direct message still reaches them.
    }
  }
  try {
    await client.chat.postMessage({ channel: user, ...message, unfurl_links: false, unfurl_media: false });
    return true;
  } catch {
    return false;
  }
}
