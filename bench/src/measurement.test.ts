import { describe, expect, it } from 'vitest';
import {
  deliveryOf,
  NEVER_ARRIVED,
  NO_RECEIPT,
  NOT_TIMED,
  pipelineRate,
  type Receipts,
  type TrailEvent,
} from './messaging';
import { slopeKb, streamsAt } from './live-streams';
import { latency } from './report';
import { LatencyRecorder, measuredOrWhy, NEGATIVE } from './stats';

const event = (
  id: string,
  latencyMs: number | null,
  createdAtMs = 1_000,
  lastReceiptAtMs: number | null = 1_010,
): TrailEvent => ({
  id,
  orderId: `order-${id}`,
  latencyMs,
  createdAtMs,
  lastReceiptAtMs,
  receipts: lastReceiptAtMs === null ? 0 : 2,
});

describe('a latency is measured on one clock, or not at all', () => {
  it('counts a negative value as a failed measurement instead of clamping it into the distribution', () => {
    const recorder = new LatencyRecorder();
    recorder.recordMs(1.5);
    recorder.recordMs(-200);
    recorder.recordMs(2.5);
    const summary = recorder.summary();
    expect(summary.count).toBe(2);
    expect(summary.failed).toEqual({ [NEGATIVE]: 1 });
    expect(summary.p50).toBeGreaterThanOrEqual(1.5);
    expect(measuredOrWhy(summary)).toBe(`1 of 3 ${NEGATIVE}`);
  });

  it('keeps zero and positive values, and calls such a distribution a measurement', () => {
    const recorder = new LatencyRecorder();
    recorder.recordMs(0);
    recorder.recordMs(0.25);
    expect(recorder.summary().failed).toEqual({});
    expect(measuredOrWhy(recorder.summary())).toBeNull();
    expect(measuredOrWhy(new LatencyRecorder().summary())).toBe('no values');
  });

  it('never meets a target on a figure that could not be measured, and says which values failed and why', () => {
    const clocksApart = new LatencyRecorder();
    for (let i = 0; i < 100; i += 1) {
      clocksApart.recordMs(-200 + i * 0.001);
    }
    const row = latency('Dispatch → agent', 'p50', clocksApart.summary(), undefined, 3);
    expect(row).toMatchObject({
      product: `not measured: 100 of 100 ${NEGATIVE}`,
      met: 'no',
      target: '≤ 3 ms',
      ratio: '',
    });

    // One bad value among good ones spoils the figure: its ends did not share a clock.
    const mostlyFine = new LatencyRecorder();
    mostlyFine.recordMs(1);
    mostlyFine.recordMs(-0.01);
    expect(latency('x', 'p99', mostlyFine.summary(), undefined, 10).met).toBe('no');

    const fine = new LatencyRecorder();
    fine.recordMs(1);
    expect(latency('x', 'p99', fine.summary(), undefined, 10)).toMatchObject({
      product: '1.00 ms',
      met: 'yes',
    });
  });

  it("times each event from its order's request to its first arrival, on one clock, and fails what it cannot time", () => {
    const arrivals: Receipts = new Map([
      ['a', [105.5, 300]],
      ['b', [90]],
      ['d', [50]],
    ]);
    const sentAt = new Map([
      ['order-a', 100],
      ['order-b', 100],
      ['order-c', 100],
    ]);
    const delivery = deliveryOf(
      arrivals,
      [event('a', 2.5), event('b', 1), event('c', 3), event('d', 1)],
      sentAt,
    );
    expect(delivery).toMatchObject({ expected: 4, lost: 1, duplicated: 1 });
    expect(delivery.latency.count).toBe(1);
    expect(delivery.latency.p50).toBeCloseTo(5.5, 2);
    // b arrived before its request left: the two ends were not on one clock.
    expect(delivery.latency.failed).toEqual({ [NEGATIVE]: 1, [NEVER_ARRIVED]: 1, [NOT_TIMED]: 1 });
    expect(latency('Dispatch → agent', 'p50', delivery.latency, undefined, 3).met).toBe('no');
  });

  it("counts an event whose receipt was never recorded as a failed measurement of the trail's latency", () => {
    const arrivals: Receipts = new Map([
      ['a', [1]],
      ['b', [2]],
    ]);
    const { trail } = deliveryOf(arrivals, [event('a', 2.5), event('b', null, 1_000, null)]);
    expect(trail.count).toBe(1);
    expect(trail.failed).toEqual({ [NO_RECEIPT]: 1 });
    expect(measuredOrWhy(trail)).toBe(`1 of 2 ${NO_RECEIPT}`);
  });
});

describe("the pipeline's rate at saturation, on the database's clock", () => {
  it('counts each event and each of its receipts, from the first event to the last receipt', () => {
    expect(pipelineRate([event('a', 1, 1_000, 1_500), event('b', 1, 1_200, 3_000)])).toEqual({
      messages: 6,
      windowMs: 2_000,
    });
  });

  it('is not measured when a receipt is missing or the window is not positive', () => {
    expect(pipelineRate([event('a', 1), event('b', null, 1_000, null)])).toMatchObject({
      windowMs: null,
      unmeasured: `1 of 2 events ${NO_RECEIPT}`,
    });
    expect(pipelineRate([event('a', 1, 2_000, 1_000)])).toMatchObject({ windowMs: null });
    expect(pipelineRate([])).toMatchObject({ windowMs: null, unmeasured: 'no events' });
  });
});

describe('the live streams a server holds at a memory', () => {
  const steps: [number, number][] = [
    [500, 155],
    [1000, 160],
    [1500, 165],
  ];

  it('costs a stream the slope of memory over the steps, in KB', () => {
    expect(slopeKb(steps)).toBeCloseTo(10.24, 6);
    expect(slopeKb([[500, 155]])).toBeNaN();
  });

  it('is measured between the two readings around the memory when the steps reached it', () => {
    expect(streamsAt(162, 150, steps, slopeKb(steps))).toEqual({ streams: 1200, measured: true });
    expect(streamsAt(152, 150, steps, slopeKb(steps))).toEqual({ streams: 200, measured: true });
    expect(streamsAt(140, 150, steps, slopeKb(steps))).toEqual({ streams: 0, measured: true });
  });

  it('is extrapolated from the last reading along the slope when they did not, and not at all without a slope', () => {
    expect(streamsAt(200, 150, steps, slopeKb(steps))).toEqual({ streams: 5000, measured: false });
    expect(streamsAt(200, 150, [[500, 150]], 0)).toEqual({ streams: null, measured: false });
  });
});
