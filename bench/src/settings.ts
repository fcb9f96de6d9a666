/** How long and how hard each part runs; `--quick` is the smoke run CI executes. */
export interface Settings {
  quick: boolean;
  rounds: number;
  warmupSec: number;
  /** One round of order placement, per engine. */
  orderRoundSec: number;
  /** One round of catalogue reads, per route and side. */
  readRoundSec: number;
  /** The server's pool (config default), pgbench's clients and the raw pool: the same number. */
  dbConnections: number;
  /** Concurrent HTTP connections of the loader. */
  httpConnections: number;
  /** Distinct products per order. */
  lines: number;
  products: number;
  stock: number;
  suppliers: number;
  /** Dispatches per second at the steady rate, and for how long. */
  steadyRate: number;
  steadySec: number;
  /** Dispatches sent as fast as the server takes them, to find the rate at saturation. */
  saturationDispatches: number;
  /** Dispatches per second for the e-mail measurement, and for how long. */
  smtpRate: number;
  smtpSec: number;
  /** Raw messaging: unconfirmed messages at most, like the relay's batch. */
  rawWindow: number;
  rawSaturationMessages: number;
  /** Rows of the catalogue import (created, then changed). */
  importRows: number;
  /** Registers selling at once, each on its own open shift: the register sales' HTTP clients and pgbench's. */
  registers: number;
  /** Live streams opened at most, when the server stays under 200 MB (live-streams.ts). */
  liveStreamsCap: number;
  /** One round of register sales, per side. */
  saleRoundSec: number;
  /** The share of register sales sent a second time with the same id, as a register does after a lost answer. */
  saleRetryShare: number;
  /** Order lines (register and online) of the reports' two-year sales history. */
  historyLines: number;
  /** Requests measured per sales report and span, and of the dashboard. */
  reportRequests: number;
  dashboardRequests: number;
  logLevel: string;
  profile: boolean;
  /** `--only=<scenario>`: that scenario alone. */
  only: Only | null;
}

/** The scenarios that run alone with `--only=`. */
export const ONLY = ['catalogue-import', 'register-sales', 'live-streams', 'reports'] as const;
export type Only = (typeof ONLY)[number];

export function settingsFor(args: string[]): Settings {
  const quick = args.includes('--quick');
  const logLevel = args.find((arg) => arg.startsWith('--log-level='))?.split('=')[1] ?? 'info';
  const only = args.find((arg) => arg.startsWith('--only='))?.split('=')[1];
  if (only !== undefined && !(ONLY as readonly string[]).includes(only)) {
    throw new Error(`--only=${only}: the scenarios that run alone are ${ONLY.join(', ')}`);
  }
  const common = {
    dbConnections: 10,
    httpConnections: 20,
    lines: 2,
    products: 1000,
    stock: 1_000_000,
    suppliers: 4,
    steadyRate: 100,
    smtpRate: 20,
    rawWindow: 100,
    registers: 4,
    saleRetryShare: 0.05,
    logLevel,
    profile: args.includes('--profile'),
    only: only === undefined ? null : (only as Only),
  };
  return quick
    ? {
        ...common,
        quick,
        rounds: 1,
        warmupSec: 1,
        orderRoundSec: 3,
        readRoundSec: 2,
        steadySec: 3,
        saturationDispatches: 300,
        smtpSec: 2,
        rawSaturationMessages: 1000,
        importRows: 5_000,
        liveStreamsCap: 1_500,
        saleRoundSec: 3,
        historyLines: 100_000,
        reportRequests: 8,
        dashboardRequests: 20,
      }
    : {
        ...common,
        quick,
        rounds: 3,
        warmupSec: 5,
        orderRoundSec: 10,
        readRoundSec: 5,
        steadySec: 10,
        saturationDispatches: 3000,
        smtpSec: 10,
        rawSaturationMessages: 10_000,
        importRows: 50_000,
        liveStreamsCap: 15_000,
        saleRoundSec: 10,
        historyLines: 1_000_000,
        reportRequests: 20,
        dashboardRequests: 50,
      };
}
