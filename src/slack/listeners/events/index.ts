import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { appHomeOpened } from './home.ts';
import { memberJoined } from './joined.ts';
import { appMention } from './mention.ts';

/** Events other than messages. */
export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('member_joined_channel', memberJoined(deps));
  app.event('app_mention', appMention(deps));
}
