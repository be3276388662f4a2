import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../blocks/home.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** App Home: usage, catalog size per service, most asked codes, recent codes errcode lacked. */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    const catalog = deps.answers.catalog;
    const view = homeView({
      codes: catalog.codes,
      services: catalog.services.map((s) => ({ name: s.name, codes: s.codes })),
      topCodes: await deps.stats.topCodes(10),
      unknownCodes: await deps.stats.recentUnknownCodes(10),
      escalationChannel: deps.escalation.current.ok ? deps.escalationChannel : undefined,
    });
    await client.views.publish({ user_id: event.user, view });
  };
}
