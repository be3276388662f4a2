/**
 * Slack's refusals, by what fixes them: one list for the outbox (which jobs die and wait for a fix) and for the
 * notices that tell people what to do.
 */

/** errcode cannot reach the channel until someone lets it in (invites it, grants the team access). */
export const NOT_LET_IN: ReadonlySet<string> = new Set([
  'not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
]);

/**
 * Refusals about the place: errcode cannot post there until someone changes it (lets errcode in, unarchives the
 * channel, or it turns out to be gone).
 */
export const PLACE_PROBLEMS: ReadonlySet<string> = new Set([...NOT_LET_IN, 'channel_not_found', 'is_archived']);

/** The bot token is no longer good: only an admin reinstalling or fixing the token helps. */
export const TOKEN_PROBLEMS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);
