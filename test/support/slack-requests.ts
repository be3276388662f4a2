import { createHmac } from 'node:crypto';

/** Signs a body as Slack does (v0 HMAC-SHA256 over `v0:timestamp:body`). */
export function sign(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/** An Events API delivery of `event`. */
export function eventBody(event: Record<string, unknown>, eventId: string, teamId: string, botUserId: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: teamId,
    api_app_id: 'A0APP001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
    authorizations: [{ team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
  });
}

/** An interactivity payload (buttons, shortcuts, modals) as Slack posts it. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

type Value = { type: string; value?: string; selected_option?: { value: string }; selected_date_time?: number };
type Values = Record<string, Record<string, Value>>;

/**
 * A modal's values as Slack would submit them: each input's initial value (a date and time picker's as UNIX
 * seconds), or `changes` by block id.
 */
export function formValues(view: Record<string, unknown>, changes: Record<string, string>): Values {
  const values: Values = {};
  for (const block of view.blocks as {
    type: string;
    block_id: string;
    element: { type: string; initial_value?: string; initial_option?: { value: string }; initial_date_time?: number };
  }[]) {
    if (block.type !== 'input') continue;
    const el = block.element;
    const changed = changes[block.block_id];
    let value: Value;
    if (el.type === 'static_select')
      value = { type: 'static_select', selected_option: { value: changed ?? el.initial_option?.value ?? '' } };
    else if (el.type === 'datetimepicker') {
      const at = changed !== undefined ? Number(changed) : el.initial_date_time;
      value = { type: 'datetimepicker', ...(at !== undefined && !Number.isNaN(at) ? { selected_date_time: at } : {}) };
    } else value = { type: 'plain_text_input', value: changed ?? el.initial_value };
    values[block.block_id] = { [block.block_id]: value };
  }
  return values;
}
