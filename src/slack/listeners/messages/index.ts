import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { pastedError } from './pasted.ts';

/** Messages posted in channels, DMs and group DMs errcode is in. */
export function register(app: App, deps: ListenerDeps): void {
  app.event('message', pastedError(deps));
}
