import type { HomeView, KnownBlock } from '@slack/types';
import type { CodeFeedback, DownVote } from '../../feedback/ports.ts';
import { thousands } from '../../numbers.ts';
import type { JobRecord } from '../../outbox/ports.ts';
import { type AnswerLang, messages } from '../messages/index.ts';
import { undeliveredBlocks } from './failures.ts';
import { COMMAND } from './help.ts';
import { LIMITS, link, safe, slackDate, truncate } from './text.ts';

/** A 👎 as App Home shows it: with a link to the answer, where Slack gave one. */
export type DownVoteShown = DownVote & { link?: string };

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
  /** Feedback on answers: per code, and the latest 👎. */
  feedback?: { perCode: CodeFeedback[]; latestDown: DownVoteShown[] };
  /** The reader's language. */
  lang?: AnswerLang;
}

/** A section of lines under a title, cut to the section's limit. */
function listSection(title: string, lines: string[], empty: string): KnownBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(`${title}\n${lines.length ? lines.join('\n') : empty}`, LIMITS.sectionText),
    },
  };
}

/**
 * App Home: how to use errcode, the catalog per service, the most asked codes, recent codes it lacked, feedback on
 * answers (per code, and the latest 👎 with a link to the answer), and what it could not deliver.
 */
export function homeView(stats: HomeStats): HomeView {
  const lang = stats.lang ?? 'en';
  const H = messages(lang).home;
  const A = messages(lang).answer;
  const count = thousands;
  const lines = stats.services.map((s) => `• ${safe(s.name, 200)}: ${count(s.codes)}`);
  // One section's text holds 3,000 characters: the service list is cut into sections of 25 lines.
  const lists: KnownBlock[] = [];
  for (let i = 0; i < lines.length; i += 25)
    lists.push({ type: 'section', text: { type: 'mrkdwn', text: lines.slice(i, i + 25).join('\n') } });
  const code = (c: string) => (c ? `\`${safe(c, 40)}\`` : H.noCode);
  const feedback = stats.feedback ?? { perCode: [], latestDown: [] };
  const downs = feedback.latestDown.map((d) => {
    const detail = [d.expected && H.expected(safe(d.expected, 60)), d.note && `“${safe(d.note, 300)}”`].filter(Boolean);
    const answer = d.link ? ` · ${link(d.link, H.answerLink)}` : '';
    return `${H.downLine(code(d.code), `<@${safe(d.user, 30)}>`, slackDate(d.at))}${detail.length ? `${A.colon}${detail.join(A.comma)}` : ''}${answer}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: H.title } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${H.intro(COMMAND)}\n${stats.escalationChannel ? H.tickets(`<#${safe(stats.escalationChannel, 30)}>`) : H.noTickets}`,
      },
    },
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: H.catalog(stats.codes, stats.services.length) } },
    ...lists,
    listSection(
      H.mostAsked,
      stats.topCodes.map((c) => `• \`${safe(c.code, 40)}\` ×${c.count}`),
      H.nothingAsked,
    ),
    listSection(
      H.unknownCodes,
      stats.unknownCodes.map((c) => H.unknownLine(`\`${safe(c.code, 40)}\``, c.count, slackDate(c.lastAt))),
      H.noneSoFar,
    ),
    { type: 'divider' },
    listSection(
      H.feedback,
      feedback.perCode.map((f) => H.feedbackLine(code(f.code), f.up, f.down, f.removed)),
      H.noFeedback,
    ),
    ...(downs.length ? [listSection(H.latestDown, downs, '')] : []),
  ];
  blocks.push(...undeliveredBlocks(stats.undelivered ?? [], 10, lang));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
