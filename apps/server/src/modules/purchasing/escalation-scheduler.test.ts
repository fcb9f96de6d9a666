import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEscalationScheduler } from './escalation-scheduler';

const MINUTE = 60 * 1000;

/** An escalation whose next step is due in what `next` answers, counting its runs. */
function fakeEscalation(next: () => number | null, fail = () => false) {
  const escalation = {
    runs: 0,
    runDue: async () => {
      escalation.runs += 1;
      return { looked: 1, failed: fail() ? 1 : 0 };
    },
    nextDueInMs: async () => next(),
  };
  return escalation;
}

describe('the escalation scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at start, then wakes when the next step is due', async () => {
    const escalation = fakeEscalation(() => 2 * MINUTE);
    const scheduler = createEscalationScheduler(escalation, pino({ enabled: false }));
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(escalation.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * MINUTE - 1);
    expect(escalation.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(escalation.runs).toBe(2);
    await scheduler.stop();
  });

  it('wakes every five minutes at least, for purchase orders sent meanwhile', async () => {
    const escalation = fakeEscalation(() => null);
    const scheduler = createEscalationScheduler(escalation, pino({ enabled: false }));
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(escalation.runs).toBe(2);
    await scheduler.stop();
  });

  it('waits a minute after a step failed, rather than trying it again at once', async () => {
    const escalation = fakeEscalation(
      () => 0,
      () => true,
    );
    const scheduler = createEscalationScheduler(escalation, pino({ enabled: false }));
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(escalation.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(escalation.runs).toBe(2);
    await scheduler.stop();
  });

  it('runs no more once stopped; runOnce runs after any run under way', async () => {
    const escalation = fakeEscalation(() => MINUTE);
    const scheduler = createEscalationScheduler(escalation, pino({ enabled: false }));
    await scheduler.start();
    await scheduler.runOnce();
    expect(escalation.runs).toBe(2);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(escalation.runs).toBe(2);
  });
});
