import { describe, expect, it } from 'vitest';
import { durationInWords, notTakenMessage } from './delivery-warning';

describe('the warning on a message no device has taken', () => {
  it('says how long in words a person reads at a glance', () => {
    expect(durationInWords(1)).toBe('1 second');
    expect(durationInWords(45)).toBe('45 seconds');
    expect(durationInWords(60)).toBe('1 minute');
    expect(durationInWords(600)).toBe('10 minutes');
    expect(durationInWords(119 * 60)).toBe('119 minutes');
    expect(durationInWords(3 * 3600 + 59)).toBe('3 hours');
    expect(durationInWords(5 * 86_400)).toBe('5 days');
    expect(notTakenMessage(600)).toBe("No device has taken this message for 10 minutes: is the supplier's agent running?");
  });
});
