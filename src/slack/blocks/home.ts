import type { HomeView, KnownBlock } from '@slack/types';
import type { JobRecord } from '../../outbox/ports.ts';
import { undeliveredBlocks } from './failures.ts';
import { COMMAND } from './help.ts';
import { safe } from './text.ts';

/** What App Home shows, gathered by the caller. */
export interface HomeStats {
  /** Distinct codes over the whole catalog (a code several services publish counts once). */
  codes: number;
  services: { name: string; codes: number }[];
  topCodes: { code: string; count: number }[];
  unknownCodes: { code: string; count: number; lastAt: number }[];
  escalationChannel?: string;
  /** Deliveries that failed for good that this user may retry (support sees them all). */
  undelivered?: JobRecord[];
}

/** App Home: how to use errcode, the catalog per service, the most asked codes and recent codes it lacked. */
export function homeView(stats: HomeStats): HomeView {
  const count = (n: number) => n.toLocaleString('en-US');
  const lines = stats.services.map((s) => `• ${safe(s.name, 200)}: ${count(s.codes)}`);
  // One section's text holds 3,000 characters: the service list is cut into sections of 25 lines.
  const lists: KnownBlock[] = [];
  for (let i = 0; i < lines.length; i += 25)
    lists.push({ type: 'section', text: { type: 'mrkdwn', text: lines.slice(i, i + 25).join('\n') } });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'errcode' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          'Explains Huawei Cloud API errors: the code, its cause and the handling measure.\n' +
          `• Type \`${COMMAND} IMG.0024\`, a message, or paste a whole error body after \`${COMMAND}\`.\n` +
          '• Invite me to a channel and paste errors there: I answer in the thread, once.\n' +
          '• Or send me a direct message: a code, a message, words or a whole paste.\n' +
          '• On any message: ⋮ → *Explain this error* for a private answer.\n' +
          (stats.escalationChannel
            ? `• "Contact technical support" answers offer a ticket, posted to <#${safe(stats.escalationChannel, 30)}>.`
            : '• Support tickets are off: no escalation channel is configured.'),
      },
    },
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Catalog: ${count(stats.codes)} codes from ${count(stats.services.length)} services*`,
      },
    },
    ...lists,
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Most asked*\n${
          stats.topCodes.length
            ? stats.topCodes.map((c) => `• \`${safe(c.code, 40)}\` ×${c.count}`).join('\n')
            : '_Nothing asked yet._'
        }`,
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Asked but not in the catalog* (import these next)\n${
          stats.unknownCodes.length
            ? stats.unknownCodes
                .map(
                  (c) =>
                    `• \`${safe(c.code, 40)}\` ×${c.count}, last <!date^${Math.floor(c.lastAt / 1000)}^{date_short_pretty} {time}|${new Date(c.lastAt).toISOString()}>`,
                )
                .join('\n')
            : '_None so far._'
        }`,
      },
    },
  ];
  blocks.push(...undeliveredBlocks(stats.undelivered ?? []));
  return { type: 'home', blocks };
}
