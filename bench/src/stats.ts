import * as hdr from 'hdr-histogram-js';

/** Percentiles the report and the chart use; the chart draws the whole curve, the table p50 and p99. */
export const CURVE_PERCENTILES = [1, 10, 25, 50, 75, 90, 97.5, 99, 99.9] as const;

/** A latency distribution in milliseconds. */
export interface LatencySummary {
  /** Measurements in the distribution; failed ones are not among them. */
  count: number;
  /**
   * Measurements that could not be taken, by reason: an end before its start (two clocks, or a
   * clock stepped back), a missing end. A figure with any is not a measurement: see `measuredOrWhy`.
   */
  failed: Record<string, number>;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  /** [percentile, milliseconds] at CURVE_PERCENTILES. */
  curve: [number, number][];
}

/**
 * Wall-clock milliseconds with sub-millisecond precision, for windows of CPU accounting between this
 * process and a loader's. Never for a latency: two processes' wall clocks, or one process's wall and
 * monotonic clocks, drift apart (a latency takes both ends from one clock; see LatencyRecorder).
 */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

export const NEGATIVE = 'ended before it started';

/**
 * Records latencies in microseconds (3 significant digits) and summarises them in milliseconds.
 * Both ends of a latency must come from one clock: this process's monotonic clock
 * (`performance.now()`), or the database's. A negative value is not clamped into the histogram:
 * it is counted as a failed measurement, as is any other the caller reports with `fail`.
 */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });

  private readonly failures: Record<string, number> = {};

  recordMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      this.fail(NEGATIVE);
      return;
    }
    this.histogram.recordValue(Math.round(ms * 1000));
  }

  fail(reason: string): void {
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const at = (percentile: number) => this.histogram.getValueAtPercentile(percentile) / 1000;
    return {
      count: this.histogram.totalCount,
      failed: { ...this.failures },
      mean: this.histogram.mean / 1000,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      max: this.histogram.maxValue / 1000,
      curve: CURVE_PERCENTILES.map((percentile) => [percentile, at(percentile)]),
    };
  }
}

/**
 * Null when a distribution is a measurement, else why it is not: some of its values could not be
 * measured (a single negative one means the two ends did not share a clock, so none of the others
 * can be trusted either), or there were none. A target is never met on a figure that is not one.
 */
export function measuredOrWhy(latency: LatencySummary): string | null {
  const failed = Object.entries(latency.failed ?? {}).filter(([, count]) => count > 0);
  const total = latency.count + failed.reduce((sum, [, count]) => sum + count, 0);
  if (failed.length > 0) {
    return failed.map(([reason, count]) => `${count} of ${total} ${reason}`).join(', ');
  }
  return latency.count === 0 ? 'no values' : null;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Of several rounds, the one with the median rate: its latencies are reported with it. */
export function medianRound<T extends { rate: number }>(rounds: T[]): T {
  const sorted = [...rounds].sort((a, b) => a.rate - b.rate);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
