import type { KnownBlock } from '@slack/types';
import { type AnswerLang, messages } from '../messages/index.ts';
import type { SlackMessage } from './answer.ts';
import { safe } from './text.ts';

/** The slash command, as declared in manifest.yml. */
export const COMMAND = '/errcode';

/** Usage of /errcode, shown for empty text and `help` (also to a direct message or mention saying `help`). */
export function helpMessage(catalog: { codes: number; services: number }, lang: AnswerLang = 'en'): SlackMessage {
  const H = messages(lang).help;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `${H.intro(catalog.codes, catalog.services)}\n\n` +
          `• \`${COMMAND} IMG.0024\` — ${H.code}\n` +
          `• \`${COMMAND} The backup does not exist.\` — ${H.message}\n` +
          `• \`${COMMAND} {"error_code": …}\` — ${H.body}\n` +
          `• \`${COMMAND} mute\` / \`${COMMAND} unmute\` — ${H.mute}`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: H.elsewhere }] },
  ];
  return { text: H.usage(COMMAND), blocks };
}

/** The confirmation after `/errcode mute` or `unmute`. */
export function muteMessage(muted: boolean, channelId: string, lang: AnswerLang = 'en'): SlackMessage {
  const H = messages(lang).help;
  const channel = `<#${safe(channelId, 30)}>`;
  const text = muted ? H.muted(channel, COMMAND) : H.unmuted(channel);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A short message in a section of its own (apologies, thanks, refusals). */
export function noticeMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A short apology when something failed on errcode's side. */
export function errorMessage(lang: AnswerLang = 'en'): SlackMessage {
  return noticeMessage(messages(lang).sorry.generic);
}
