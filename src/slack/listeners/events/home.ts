import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../blocks/home.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * Publishes a user's App Home: usage, catalog size per service, most asked codes, recent codes errcode lacked, and
 * the deliveries that failed for good which this user may retry (all of them for members of the escalation channel).
 */
export async function publishHome(deps: ListenerDeps, user: string): Promise<void> {
  const catalog = deps.answers.catalog;
  const view = homeView({
    codes: catalog.codes,
    services: catalog.services.map((s) => ({ name: s.name, codes: s.codes })),
    topCodes: await deps.stats.topCodes(10),
    unknownCodes: await deps.stats.recentUnknownCodes(10),
    escalationChannel: deps.escalation.current.ok ? deps.escalationChannel : undefined,
    undelivered: await deps.failures.visibleTo(user),
  });
  const client = deps.ui;
  await client.views.publish({ user_id: user, view });
}

/** App Home opened: published afresh. */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(deps, event.user);
  };
}
