import { describe, expect, it } from 'vitest';
import { Answers, worthAnsweringInChat } from '../src/answers.ts';
import { openStorage } from '../src/store/storage.ts';
import { shippedEngine } from './engine/shared.ts';

const engine = shippedEngine();
const worth = (text: string) => worthAnsweringInChat(engine.answer(text), engine.catalog);

describe('worthAnsweringInChat', () => {
  it('answers a catalog code, a known body, and an unknown code of a known service', () => {
    expect(worth('seeing IMG.0024 again')).toBe(true);
    expect(worth('{"error":{"message":"The backup does not exist."}}')).toBe(true);
    expect(worth('IMG.9999 keeps coming back')).toBe(true);
    expect(worth('{"error_code":"ECS.9999","error_msg":"x"}')).toBe(true);
  });

  it('stays quiet for words, however close to a catalog message, and for unknown codes in passing', () => {
    expect(worth('this backup was already used to create an image before')).toBe(false);
    expect(worth('XYZ.0114 appears in the console')).toBe(false); // no service errcode knows
    expect(worth('the account is in arrears')).toBe(false); // words never post unprompted, even when they match
    expect(worth('lunch?')).toBe(false);
  });
});

describe('Answers', () => {
  it('records what was asked and keeps the answer for its buttons', async () => {
    const store = await openStorage({ memory: true });
    const answers = new Answers(engine, store);
    const stored = await answers.ask('IMG.0024', { via: 'command', channel: 'C1', user: 'U1' });
    expect(await answers.load(stored.id)).toMatchObject({
      query: 'IMG.0024',
      channel: 'C1',
      answer: { matches: [{ code: 'IMG.0024' }] },
    });
    expect(await store.lookups.topCodes(1)).toEqual([{ code: 'IMG.0024', service: 'ims', count: 1 }]);
  });

  it('records nothing for a decision until it is recorded', async () => {
    const store = await openStorage({ memory: true });
    const answers = new Answers(engine, store);
    const stored = answers.decide('IMG.0024', { via: 'message' });
    expect(await answers.load(stored.id)).toBeUndefined();
    await answers.record(stored);
    expect((await answers.load(stored.id))?.id).toBe(stored.id);
  });
});
