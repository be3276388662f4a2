import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { slackReason, tell } from '../../apology.ts';
import { noticeMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';
import { messages } from '../../messages/index.ts';
import { publishHome } from '../events/home.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Retry" beside an undelivered job in App Home: queued again for whoever may, then App Home shows what is left. */
export function retryJob(deps: ListenerDeps) {
  return async ({ action, body, ack, client }: Args): Promise<void> => {
    await ack();
    try {
      const result = await deps.failures.retry(Number(action.value), body.user.id);
      if (result !== 'retried') deps.logger.info(`retry of job ${action.value} by ${body.user.id}: ${result}`);
      await publishHome(deps, client, body.user.id);
    } catch (error) {
      const lang = await deps.language(body.user.id);
      await tell(client, body.user.id, noticeMessage(messages(lang).sorry.action(slackReason(error))));
      throw error;
    }
  };
}
