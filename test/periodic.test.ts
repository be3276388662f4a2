import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../src/periodic.ts';
import { openStorage, type Storage } from '../src/store/storage.ts';

let now: number;
let storage: Storage;
beforeEach(async () => {
  now = 1_000_000_000;
  storage = await openStorage({ memory: true }, () => now);
});
afterEach(() => storage.close());

describe('Scheduler', () => {
  it('runs each task once per period across replicas; the others take on what it found', async () => {
    const ran: string[] = [];
    const adopted: string[] = [];
    const replica = (name: string) =>
      new Scheduler(
        storage.periodic,
        [
          {
            name: 'escalation-check',
            periodMs: 3600_000,
            run: async () => {
              ran.push(name);
              return `checked by ${name}`;
            },
            adopt: (result) => adopted.push(`${name} ← ${result}`),
          },
        ],
        { owner: name },
      );
    const [a, b] = [replica('A'), replica('B')];
    expect(await a.tick()).toEqual(['escalation-check']);
    expect(await b.tick()).toEqual([]);
    expect(await b.tick()).toEqual([]);
    expect(ran).toEqual(['A']);
    expect(adopted).toEqual(['B ← checked by A']);
    now += 3600_000;
    expect(await b.tick()).toEqual(['escalation-check']);
    expect(await a.tick()).toEqual([]);
    expect(ran).toEqual(['A', 'B']);
    expect(adopted).toEqual(['B ← checked by A', 'A ← checked by B']);
  });

  it('reports a failing task and goes on with the others', async () => {
    const errors: string[] = [];
    let pruned = 0;
    const scheduler = new Scheduler(
      storage.periodic,
      [
        {
          name: 'broken',
          periodMs: 1000,
          run: async () => {
            throw new Error('slack is down');
          },
        },
        {
          name: 'housekeeping',
          periodMs: 1000,
          run: async () => {
            pruned++;
            return undefined;
          },
        },
      ],
      { owner: 'A', onError: (task, error) => errors.push(`${task}: ${(error as Error).message}`) },
    );
    await scheduler.tick();
    expect(errors).toEqual(['broken: slack is down']);
    expect(pruned).toBe(1);
  });
});
