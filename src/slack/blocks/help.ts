import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from './answer.ts';
import { safe } from './text.ts';

/** The slash command, as declared in manifest.yml. */
export const COMMAND = '/errcode';

/** Usage of /errcode, shown for empty text and `help`. */
export function helpMessage(catalog: { codes: number; services: number }): SlackMessage {
  const size = `${catalog.codes.toLocaleString('en-US')} published error codes of ${catalog.services} services`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `*errcode* explains Huawei Cloud API errors from a catalog of ${size}.\n\n` +
          `• \`${COMMAND} IMG.0024\` — a code, in any spelling (\`img0012\`, \`APIGW.0301\`, \`1101\`)\n` +
          `• \`${COMMAND} The backup does not exist.\` — a message, or a few words\n` +
          `• \`${COMMAND} {"error_code": …}\` — a whole pasted body, SDK exception or Terraform output\n` +
          `• \`${COMMAND} mute\` / \`${COMMAND} unmute\` — stop or resume answering pasted errors in this channel`,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Paste an error in a channel errcode is in and it answers in the thread. Right-click a message → *Explain this error* to get a private answer.',
        },
      ],
    },
  ];
  return { text: `errcode: ${COMMAND} <code | message | pasted error>`, blocks };
}

/** The confirmation after `/errcode mute` or `unmute`. */
export function muteMessage(muted: boolean, channelId: string): SlackMessage {
  const text = muted
    ? `errcode will no longer answer pasted errors in <#${safe(channelId, 30)}>. \`${COMMAND} unmute\` turns it back on; \`${COMMAND}\` itself keeps working.`
    : `errcode will answer pasted errors in <#${safe(channelId, 30)}> again.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A short apology when something failed on errcode's side. */
export function errorMessage(): SlackMessage {
  const text =
    ':warning: Sorry, errcode hit a problem answering that. It has been logged; please try again in a moment.';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
