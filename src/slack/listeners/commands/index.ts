import type { App } from '@slack/bolt';
import { COMMAND } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';
import { errcodeCommand } from './errcode.ts';

/** Slash commands. */
export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, errcodeCommand(deps));
}
