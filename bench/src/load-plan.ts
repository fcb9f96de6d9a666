import type { LatencySummary } from './stats';

/** What each request of a load run is; the loader process turns it into autocannon requests. */
export type RequestPlan =
  /** GET one of `paths`, picked at random for each request. */
  | { kind: 'get'; paths: string[] }
  /** POST /api/v1/orders with `lines` distinct products picked at random, one unit each. */
  | { kind: 'order'; merchantSlug: string; productIds: string[]; lines: number }
  /** POST each of `paths` exactly once, in order (dispatching a list of orders); not autocannon, see load-worker. */
  | { kind: 'post-each'; paths: string[] };

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
}
