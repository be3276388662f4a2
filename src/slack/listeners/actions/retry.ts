import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { publishHome } from '../events/home.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Retry" beside an undelivered job in App Home: queued again for whoever may, then App Home shows what is left. */
export function retryJob(deps: ListenerDeps) {
  return async ({ action, body, ack }: Args): Promise<void> => {
    await ack();
    const result = await deps.failures.retry(Number(action.value), body.user.id);
    if (result !== 'retried') deps.logger.info(`retry of job ${action.value} by ${body.user.id}: ${result}`);
    await publishHome(deps, body.user.id);
  };
}
