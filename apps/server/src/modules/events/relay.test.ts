import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './relay';

describe('retryDelayMs', () => {
  it('doubles from one second and stops at a minute', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 7, 8, 20].map((attempt) => retryDelayMs(attempt, middle))).toEqual([
      1000, 2000, 4000, 8000, 60000, 60000, 60000,
    ]);
  });

  it('spreads retries by ±20 %', () => {
    expect(retryDelayMs(3, () => 0)).toBe(3200);
    expect(retryDelayMs(3, () => 1)).toBe(4800);
  });
});
