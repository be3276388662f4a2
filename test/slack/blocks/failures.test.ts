import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src/outbox/ports.ts';
import {
  failureNotice,
  howToFix,
  RETRY_HINT,
  RETRY_JOB_ACTION,
  UNDELIVERED_TITLE,
  undeliveredBlocks,
} from '../../../src/slack/blocks/failures.ts';
import { homeView } from '../../../src/slack/blocks/home.ts';

const dead = (id: number, reason = 'not_in_channel'): JobRecord => ({
  id,
  key: `post_card:${id}`,
  kind: 'post_card',
  payload: {},
  state: 'dead',
  attempts: 1,
  runAt: 0,
  createdAt: 0,
  updatedAt: 1_800_000_000_000,
  failure: { reason, place: 'C0ESCAL01', user: 'U0USER001', about: `ESC-000${id}` },
});

describe('failure notices', () => {
  it('say what could not be posted, where, the fix, and where to retry it', () => {
    expect(
      failureNotice({
        user: 'U1',
        kind: 'reply_source',
        key: 'reply_source:7:opened',
        failure: { reason: 'is_archived', place: 'C0CHAN001', about: 'ESC-0007' },
      }).text,
    ).toBe(
      `The note about support ticket *ESC-0007* in the thread it came from could not be posted in <#C0CHAN001>. <#C0CHAN001> is archived. Fix: unarchive it, then invite errcode (\`/invite @errcode\`).\n${RETRY_HINT}`,
    );
    expect(howToFix({ reason: 'token_revoked' })).toContain('an admin reinstalls errcode');
    expect(howToFix({ reason: 'gave_up' })).toBe('Slack kept failing for hours, so errcode stopped trying.');
  });

  it('escape whatever a job carries, so a notice can never ping anyone', () => {
    const text = failureNotice({
      user: 'U1',
      kind: 'post_card',
      key: 'k',
      failure: { reason: '<!channel>', place: '<!here>', about: '<!everyone> <@U0BOSS001>' },
    }).text;
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0BOSS001>/);
  });
});

describe('undelivered jobs in App Home', () => {
  it('lists each with a Retry button carrying its id, at most ten, saying how many more', () => {
    const blocks = undeliveredBlocks(Array.from({ length: 12 }, (_, i) => dead(i + 1)));
    expect(JSON.stringify(blocks[1])).toContain(JSON.stringify(UNDELIVERED_TITLE));
    const buttons = blocks.flatMap((b) => (b.type === 'section' && b.accessory ? [b.accessory] : []));
    expect(buttons).toHaveLength(10);
    expect(buttons[0]).toMatchObject({ action_id: RETRY_JOB_ACTION, value: '1' });
    expect(JSON.stringify(blocks.at(-1))).toContain('…and 2 more');
  });

  it('are left out of App Home when there are none', () => {
    const view = homeView({ codes: 0, services: [], topCodes: [], unknownCodes: [], undelivered: [] });
    expect(JSON.stringify(view)).not.toContain(RETRY_JOB_ACTION);
    const withOne = homeView({ codes: 0, services: [], topCodes: [], unknownCodes: [], undelivered: [dead(3)] });
    expect(JSON.stringify(withOne)).toContain('The card of support ticket *ESC-0003* in <#C0ESCAL01>');
  });
});
