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
      services: catalog.services.map((s) => ({ name: s.name, codes: s.codes })),
      topCodes: deps.store.topCodes(10),
      unknownCodes: deps.store.recentUnknownCodes(10),
      escalationChannel: deps.escalation.desk.current.ok ? deps.escalation.desk.channel : undefined,
    });
    await client.views.publish({ user_id: event.user, view });
  };
}
