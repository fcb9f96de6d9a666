import { describe, expect, it } from 'vitest';
import { addDays } from '../days';
import { formatHours, overtimeSeconds, weekSchema, workedSeconds } from './timesheets';

describe('worked time', () => {
  const entry = { start: '2026-12-01T09:00:00Z', end: '2026-12-01T17:00:00Z' };

  it('leaves out unpaid breaks and counts paid ones', () => {
    const breaks = [
      { start: '2026-12-01T12:00:00Z', end: '2026-12-01T12:30:00Z', paid: false },
      { start: '2026-12-01T15:00:00Z', end: '2026-12-01T15:15:00Z', paid: true },
    ];
    expect(workedSeconds(entry, breaks, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toBe(7.5 * 3600);
  });

  it('counts only the part within the window, of the entry and of its unpaid breaks', () => {
    const breaks = [{ start: '2026-12-01T11:30:00Z', end: '2026-12-01T12:30:00Z', paid: false }];
    // From 12:00: 5 hours clocked, of which the break's last half hour unpaid.
    expect(workedSeconds(entry, breaks, '2026-12-01T12:00:00Z', '2026-12-08T00:00:00Z')).toBe(4.5 * 3600);
    expect(workedSeconds(entry, breaks, '2026-12-02T00:00:00Z', '2026-12-09T00:00:00Z')).toBe(0);
  });

  it('counts an open entry, and an open break, up to now', () => {
    const open = { start: '2026-12-01T09:00:00Z', end: null };
    const breaks = [{ start: '2026-12-01T10:00:00Z', end: null, paid: false }];
    expect(
      workedSeconds(open, breaks, '2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z', '2026-12-01T10:45:00Z'),
    ).toBe(3600);
  });

  it('is overtime above the weekly threshold only', () => {
    expect(overtimeSeconds(39 * 3600, 40)).toBe(0);
    expect(overtimeSeconds(41.5 * 3600, 40)).toBe(1.5 * 3600);
    expect(formatHours(41.5 * 3600 + 59)).toBe('41:30');
    expect(formatHours(0)).toBe('0:00');
  });
});

describe('weeks', () => {
  it('are named by their Monday', () => {
    expect(weekSchema.safeParse('2026-11-30').success).toBe(true);
    expect(weekSchema.safeParse('2026-12-01').error?.issues[0]?.message).toBe(
      'A week starts on a Monday: give the date of its Monday.',
    );
    expect(weekSchema.safeParse('30/11/2026').success).toBe(false);
    expect(addDays('2026-11-30', 7)).toBe('2026-12-07');
    expect(addDays('2026-03-02', -7)).toBe('2026-02-23');
  });
});
