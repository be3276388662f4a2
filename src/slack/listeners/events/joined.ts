import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs;

/** errcode itself was invited to a channel: what it could not post there is posted now. Others joining: nothing. */
export function memberJoined(deps: ListenerDeps) {
  return async ({ event, context }: Args): Promise<void> => {
    if (event.user !== context.botUserId) return;
    await deps.letIn(event.channel);
  };
}
