import * as hdr from 'hdr-histogram-js';

/** Percentiles the report and the chart use; the chart draws the whole curve, the table p50 and p99. */
export const CURVE_PERCENTILES = [1, 10, 25, 50, 75, 90, 97.5, 99, 99.9] as const;

/** A latency distribution in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** [percentile, milliseconds] at CURVE_PERCENTILES. */
  curve: [number, number][];
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Records latencies in microseconds (3 significant digits) and summarises them in milliseconds. */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });

  recordMs(ms: number): void {
    // A clock step or a timestamp taken a hair before its cause must not crash the recorder.
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const at = (percentile: number) => this.histogram.getValueAtPercentile(percentile) / 1000;
    return {
      count: this.histogram.totalCount,
      mean: this.histogram.mean / 1000,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      max: this.histogram.maxValue / 1000,
      curve: CURVE_PERCENTILES.map((percentile) => [percentile, at(percentile)]),
    };
  }
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
