import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { type DownVoteShown, homeView } from '../../blocks/home.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** A message's permalink, or undefined when Slack will not give one (deleted, or errcode left the channel). */
async function permalink(client: WebClient, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch {
    return undefined;
  }
}

/**
 * Publishes a user's App Home, in their language: usage, catalog size per service, most asked codes, recent codes
 * errcode lacked, feedback on answers (per code; the latest 👎 linked to the answer through chat.getPermalink, which
 * works on every Slack, GovSlack and Enterprise Grid included), and the deliveries that failed for good which this
 * user may retry (all of them for members of the escalation channel).
 */
export async function publishHome(deps: ListenerDeps, client: WebClient, user: string): Promise<void> {
  const catalog = deps.answers.catalog;
  const [lang, topCodes, unknownCodes, undelivered, feedback] = await Promise.all([
    deps.language(user),
    deps.stats.topCodes(10),
    deps.stats.recentUnknownCodes(10),
    deps.failures.visibleTo(user),
    deps.feedback.summary(),
  ]);
  const latestDown: DownVoteShown[] = await Promise.all(
    feedback.latestDown.map(async (d) => {
      const link = d.place && (await permalink(client, d.place.channel, d.place.ts));
      return link ? { ...d, link } : d;
    }),
  );
  const view = homeView({
    codes: catalog.codes,
    services: catalog.services.map((s) => ({ name: s.name, codes: s.codes })),
    topCodes,
    unknownCodes,
    escalationChannel: deps.escalation.current.ok ? deps.escalationChannel : undefined,
    undelivered,
    feedback: { perCode: feedback.perCode, latestDown },
    lang,
  });
  await deps.ui.views.publish({ user_id: user, view });
}

/** App Home opened: published afresh. */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user);
  };
}
