import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';

describe('Store.claimMessage', () => {
  it('claims a message once; later deliveries see it answered', () => {
    const store = Store.memory();
    expect(store.claimMessage('C1', '1.1')).toBe('claimed');
    expect(store.claimMessage('C1', '1.1')).toBe('in-progress');
    store.markAnswered('C1', '1.1', '1.2');
    expect(store.claimMessage('C1', '1.1')).toBe('answered');
  });

  it('lets a retry take over a claim abandoned by a delivery that died', () => {
    let now = 1_000_000;
    const store = Store.memory(() => now);
    expect(store.claimMessage('C1', '1.1')).toBe('claimed');
    now += 61_000;
    expect(store.claimMessage('C1', '1.1')).toBe('claimed');
  });

  it('frees a claim whose answer failed to post', () => {
    const store = Store.memory();
    store.claimMessage('C1', '1.1');
    store.releaseMessage('C1', '1.1');
    expect(store.claimMessage('C1', '1.1')).toBe('claimed');
  });
});

describe('Store statistics', () => {
  it('counts the most asked codes and lists unknown ones, most recent first', () => {
    let now = 1;
    const store = Store.memory(() => now++);
    for (const code of ['IMG.0024', 'IMG.0024', 'IS.0001']) store.recordLookup({ code, found: true, via: 'command' });
    store.recordLookup({ code: 'ECS.9999', found: false, via: 'message' });
    store.recordLookup({ code: 'IMG.9999', found: false, via: 'command' });
    expect(store.topCodes(5)).toEqual([
      { code: 'IMG.0024', count: 2 },
      { code: 'IS.0001', count: 1 },
    ]);
    expect(store.recentUnknownCodes(5).map((c) => c.code)).toEqual(['IMG.9999', 'ECS.9999']);
  });

  it('keeps channel mute settings', () => {
    const store = Store.memory();
    expect(store.isMuted('C1')).toBe(false);
    store.setMuted('C1', true, 'U1');
    expect(store.isMuted('C1')).toBe(true);
    store.setMuted('C1', false, 'U1');
    expect(store.isMuted('C1')).toBe(false);
  });
});

describe('Store housekeeping', () => {
  it('expires stored answers after a week and prunes old messages and lookups', () => {
    let now = 0;
    const store = Store.memory(() => now);
    store.saveAnswer('a1', { x: 1 });
    store.claimMessage('C1', '1.1');
    store.recordLookup({ code: 'IMG.0024', found: true, via: 'command' });
    expect(store.loadAnswer('a1')).toEqual({ x: 1 });
    now += 8 * 24 * 3600_000;
    expect(store.loadAnswer('a1')).toBeUndefined();
    store.prune();
    expect(store.claimMessage('C1', '1.1')).toBe('claimed'); // the old claim is gone
    expect(store.topCodes(5)).toEqual([{ code: 'IMG.0024', count: 1 }]); // lookups are kept for 180 days
    now += 200 * 24 * 3600_000;
    store.prune();
    expect(store.topCodes(5)).toEqual([]);
  });
});
