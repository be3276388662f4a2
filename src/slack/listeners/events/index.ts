import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { appHomeOpened } from './home.ts';

/** Events other than messages. */
export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
