import nock from 'nock';
import { formValues } from '../support/slack-requests.ts';
import { FORM, type Harness, interactionBody, parseBody, post, TEAM } from './harness.ts';

/** Where a click happened: a message in a channel (ephemeral or not), or nowhere in particular (App Home). */
export interface ClickOn {
  user?: string;
  channel?: string;
  messageTs?: string;
  ephemeral?: boolean;
  /** The response URL path under https://hooks.slack.com (default /actions/T0TEAM01/1/click). */
  responsePath?: string;
  triggerId?: string;
}

/** A button click as Slack posts it. */
export function click(h: Harness, actionId: string, value: string, on: ClickOn = {}) {
  const user = on.user ?? 'U0USER001';
  const channel = on.channel ?? 'C0CHAN001';
  return post(
    h,
    interactionBody({
      type: 'block_actions',
      user: { id: user, name: user.toLowerCase(), team_id: TEAM },
      team: { id: TEAM, domain: 'acme' },
      api_app_id: 'A0APP001',
      trigger_id: on.triggerId ?? `trigger.${actionId}.${value}`,
      response_url: `https://hooks.slack.com${on.responsePath ?? '/actions/T0TEAM01/1/click'}`,
      container: {
        type: 'message',
        message_ts: on.messageTs ?? '1700000000.000200',
        channel_id: channel,
        is_ephemeral: on.ephemeral ?? false,
      },
      channel: { id: channel, name: 'support' },
      actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1700000001.000001' }],
    }),
    FORM,
  );
}

/** A message shortcut used on `message`, as Slack posts it. */
export function shortcut(
  h: Harness,
  callbackId: string,
  message: Record<string, unknown>,
  on: { user?: string; channel?: string; responsePath?: string; triggerId?: string } = {},
) {
  const user = on.user ?? 'U0USER001';
  return post(
    h,
    interactionBody({
      type: 'message_action',
      callback_id: callbackId,
      trigger_id: on.triggerId ?? `trigger.${callbackId}`,
      response_url: `https://hooks.slack.com${on.responsePath ?? '/actions/T0TEAM01/2/shortcut'}`,
      team: { id: TEAM, domain: 'acme' },
      channel: { id: on.channel ?? 'C0CHAN001', name: 'support' },
      user: { id: user, name: user.toLowerCase() },
      message_ts: message.ts,
      message: { type: 'message', ...message },
    }),
    FORM,
  );
}

/** A modal submitted as Slack posts it: its initial values, or `changes` by block id. */
export function submitView(
  h: Harness,
  view: Record<string, unknown>,
  changes: Record<string, string> = {},
  user = 'U0USER001',
  viewId = 'V0000001',
) {
  return post(
    h,
    interactionBody({
      type: 'view_submission',
      team: { id: TEAM, domain: 'acme' },
      user: { id: user, name: user.toLowerCase(), team_id: TEAM },
      api_app_id: 'A0APP001',
      view: {
        id: viewId,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        hash: 'h1',
        state: { values: formValues(view, changes) },
      },
    }),
    FORM,
  );
}

/** Records everything posted to response URLs (ephemeral replies, shares), answering each with `status`. */
export function responseUrls(status = 200): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = [];
  nock('https://hooks.slack.com')
    .persist()
    .post(/.*/, (body) => {
      calls.push(parseBody(body));
      return true;
    })
    .reply(status, status === 200 ? 'ok' : 'no');
  return calls;
}

/** The value of the button with `actionId` in some blocks, if there is one. */
export function buttonValue(blocks: unknown, actionId: string): string | undefined {
  const json = JSON.stringify(blocks ?? []);
  const at = json.indexOf(`"action_id":"${actionId}"`);
  if (at < 0) return undefined;
  return /"value":"([^"]*)"/.exec(json.slice(at))?.[1];
}
