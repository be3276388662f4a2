import { describe, expect, it } from 'vitest';
import { thousands } from '../src/numbers.ts';

describe('thousands', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [7490, '7,490'],
    [1234567, '1,234,567'],
    [-1234, '-1,234'],
  ])('writes %d as %s', (n, text) => {
    expect(thousands(n)).toBe(text);
  });
});
