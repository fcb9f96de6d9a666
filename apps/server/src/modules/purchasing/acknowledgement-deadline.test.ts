import { describe, expect, it } from 'vitest';
import { acknowledgementDueAt } from './acknowledgement-deadline';

const due = (sentAt: string, hours: number, timeZone: string) =>
  acknowledgementDueAt(new Date(sentAt), hours, timeZone).toISOString();

// 2026-12-07 is a Monday. Paris is UTC+1 in winter, UTC+2 in summer.
describe('acknowledgementDueAt', () => {
  it('counts within the working day', () => {
    expect(due('2026-12-07T10:00:00+01:00', 4, 'Europe/Paris')).toBe('2026-12-07T13:00:00.000Z');
    expect(due('2026-12-07T10:30:15+01:00', 1, 'Europe/Paris')).toBe('2026-12-07T10:30:15.000Z');
  });

  it('is due at 17:00 sharp when the hours end then, and counts from the next morning once the day is over', () => {
    expect(due('2026-12-07T13:00:00+01:00', 4, 'Europe/Paris')).toBe('2026-12-07T16:00:00.000Z');
    expect(due('2026-12-07T17:00:00+01:00', 1, 'Europe/Paris')).toBe('2026-12-08T09:00:00.000Z');
    expect(due('2026-12-07T15:00:00+01:00', 4, 'Europe/Paris')).toBe('2026-12-08T10:00:00.000Z');
  });

  it('starts counting when the day opens for an order sent early in the morning', () => {
    expect(due('2026-12-08T07:30:00+01:00', 1, 'Europe/Paris')).toBe('2026-12-08T09:00:00.000Z');
  });

  it('skips the weekend: sent on Friday afternoon or on Saturday, due on Monday', () => {
    expect(due('2026-12-11T16:00:00+01:00', 4, 'Europe/Paris')).toBe('2026-12-14T11:00:00.000Z');
    expect(due('2026-12-12T11:00:00+01:00', 4, 'Europe/Paris')).toBe('2026-12-14T12:00:00.000Z');
    expect(due('2026-12-11T20:00:00+01:00', 8, 'Europe/Paris')).toBe('2026-12-14T16:00:00.000Z');
  });

  it("counts on the shop's clock: one instant is Sunday night in London and Monday morning in Tokyo", () => {
    const sundayNightInLondon = '2026-12-06T22:00:00Z';
    expect(due(sundayNightInLondon, 4, 'Europe/London')).toBe('2026-12-07T13:00:00.000Z');
    // 07:00 on Monday in Tokyo (UTC+9): from 09:00, four hours, 13:00 in Tokyo.
    expect(due(sundayNightInLondon, 4, 'Asia/Tokyo')).toBe('2026-12-07T04:00:00.000Z');
    // Kathmandu is 5 h 45 ahead: 03:45 on Monday there, due at 13:00 there.
    expect(due(sundayNightInLondon, 4, 'Asia/Kathmandu')).toBe('2026-12-07T07:15:00.000Z');
  });

  it('keeps the working day at 09:00 to 17:00 on the wall clock across a change of daylight saving time', () => {
    // Paris moves to summer time on Sunday 29 March 2026: Friday is UTC+1, Monday UTC+2.
    expect(due('2026-03-27T16:00:00+01:00', 4, 'Europe/Paris')).toBe('2026-03-30T10:00:00.000Z');
    // New York moves on Sunday 8 March 2026: Friday is UTC-5, Monday UTC-4.
    expect(due('2026-03-06T15:00:00-05:00', 4, 'America/New_York')).toBe('2026-03-09T15:00:00.000Z');
  });

  it('runs over weeks and years for a long deadline', () => {
    // 200 hours are 25 working days: five weeks, to Friday's close.
    expect(due('2026-12-07T09:00:00+01:00', 200, 'Europe/Paris')).toBe('2027-01-08T16:00:00.000Z');
    expect(due('2026-12-31T16:00:00+01:00', 2, 'Europe/Paris')).toBe('2027-01-01T09:00:00.000Z');
  });

  it('counts a second deadline from the first', () => {
    const first = acknowledgementDueAt(new Date('2026-12-11T14:00:00+01:00'), 4, 'Europe/Paris');
    expect(first.toISOString()).toBe('2026-12-14T09:00:00.000Z');
    expect(acknowledgementDueAt(first, 4, 'Europe/Paris').toISOString()).toBe('2026-12-14T13:00:00.000Z');
  });
});
