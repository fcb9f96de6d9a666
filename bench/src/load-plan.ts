import type { LatencySummary } from './stats';

/** What each request of a load run is; the loader process turns it into autocannon requests. */
export type RequestPlan =
  /** GET one of `paths`, picked at random for each request. */
  | { kind: 'get'; paths: string[] }
  /** POST /api/v1/orders with `lines` distinct products picked at random, one unit each. */
  | { kind: 'order'; merchantSlug: string; productIds: string[]; lines: number }
  /** POST each of `paths` exactly once, in order (dispatching a list of orders); not autocannon, see load-worker. */
  | { kind: 'post-each'; paths: string[] }
  /**
   * Register sales, one client per register selling on its open shift, each sale under a new id:
   * 2 or 3 distinct products of `priceMinor` picked at random, one unit each, paid by card or in
   * cash (with change). `retryShare` of them are sent twice with the same id, as a register does
   * after an answer it lost: half after the first answer, half at once beside it.
   */
  | {
      kind: 'register-sales';
      merchantSlug: string;
      registers: { id: string; shiftId: string }[];
      productIds: string[];
      priceMinor: number;
      retryShare: number;
    };

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSec: number;
  /** Stop after this many requests. */
  amount?: number;
  /** Requests per second over all connections, open loop; `post-each` plans only. */
  rate?: number;
  cookie?: string;
  plan: RequestPlan;
}

export interface LoadResult {
  /** Answered with 2xx. */
  ok: number;
  non2xx: number;
  errors: number;
  durationSec: number;
  /** 2xx per second. */
  rate: number;
  /** Of the 2xx answers, in microseconds' resolution. */
  latency: LatencySummary;
  startedAt: number;
  finishedAt: number;
  /** CPU the load generator's own process used for the run, in milliseconds. */
  loaderCpuMs: number;
  /** Register sales only: what was recorded, and what the sales sent twice answered. */
  sales?: SaleTally;
}

export interface SaleTally {
  /** Distinct sale ids answered 201 (a sale sent twice counts once). */
  recorded: number;
  /** Sales sent a second time with the same id: after the first answer, and at once beside it. */
  retriedAfter: number;
  retriedAtOnce: number;
  /** Of those, how many answered 201 with the first answer's receipt number. */
  retriesAnsweredSame: number;
  /** The second sends' latency (201 answers). */
  retryLatency: LatencySummary;
  /** The first few answers that were not 201, with their bodies' start. */
  failures: string[];
}
