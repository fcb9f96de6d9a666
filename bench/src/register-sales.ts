import { randomBytes, randomUUID } from 'node:crypto';
import { createScratchDatabase } from '@myb/testing';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database';
import { createStockRepository } from '../../apps/server/src/modules/stock/stock.repository';
import { startCpuMeter } from './cpu';
import { runLoad } from './load';
import type { SaleTally } from './load-plan';
import { runPgbench } from './pgbench';
import { sessionHash, signUp, startProductServer } from './product';
import { salePgbenchScript, saleStepsPgbenchScript } from './sale-transaction';
import { pgQuery, rounds, type Measured, type Services } from './scenarios';
import type { Settings } from './settings';
import { PRODUCT_PRICE_MINOR, seedShop } from './shop';
import type { LatencySummary } from './stats';

const log = (message: string) => process.stdout.write(`  · ${message}\n`);

/** Receipt prefixes: the HTTP side's registers are H0, H1…, pgbench's P0, P1… (client n on Pn). */
const HTTP_PREFIX = 'H';
const RAW_PREFIX = 'P';

export interface RegisterSalesResult {
  registers: number;
  /** Sales per second (distinct sales answered 201; a sale sent twice counts once) and their latency. */
  http: Measured;
  /** The sale as one statement (the target's reference). */
  pgbench: Measured;
  /** The sale in 16 statements, one per round trip, as the server sent it before they were merged into 6. */
  pgbenchSteps: Measured;
  /** The sales sent a second time with the same id, over every run (warm-ups included); their latency, of one run. */
  retries: { after: number; atOnce: number; answeredSame: number; latency: LatencySummary };
  /** Checked once every run is over. */
  check: {
    /** Distinct sales answered 201, and the sales the HTTP side's registers hold. */
    answered: number;
    recorded: number;
    /** pgbench's sales, on its own registers. */
    rawRecorded: number;
    /** Registers whose receipt numbers are not 1…n without a gap, or whose next number is not n + 1. */
    gapped: string[];
    /** Products whose stock is not the sum of their movements (`createStockRepository(db).unbalanced()`). */
    unbalanced: number;
    /** Sale lines, and the `sale` movements they wrote (one each: a sale's lines are distinct products). */
    saleLines: number;
    saleMovements: number;
  };
}

/** A register's receipts: how many, how many distinct numbers, the lowest and highest sequence, and the next one. */
const RECEIPTS_SQL = `
  SELECT r.receipt_prefix AS prefix, r.next_receipt, count(s.id) AS sales, count(DISTINCT s.receipt_number) AS numbers,
    min(split_part(s.receipt_number, '-', 2)::int) AS lowest, max(split_part(s.receipt_number, '-', 2)::int) AS highest
  FROM registers r LEFT JOIN register_sales s ON s.register_id = r.id
  WHERE r.merchant_id = $1
  GROUP BY r.id ORDER BY r.receipt_prefix`;

/**
 * Register sales on PostgreSQL through the real server, beside pgbench -M prepared running the same
 * sale as one statement: a shop of `settings.products` products (written as the order scenario writes
 * its own), `settings.registers` registers for each side added and opened through the API, one client
 * per register. Then the sales recorded must be the sales answered, every register's receipts
 * numbered without a gap, and every product's stock the sum of its movements.
 */
export async function registerSales(settings: Settings, services: Services, profileDir?: string): Promise<RegisterSalesResult> {
  const database = await createScratchDatabase(services.postgresUrl);
  const slug = `bench-${randomBytes(3).toString('hex')}`;
  const server = await startProductServer('register-sales', {
    env: { DATABASE_URL: database.url },
    logLevel: settings.logLevel,
    profileDir,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const meter = startCpuMeter();
  meter.watch('server', server.pid);
  try {
    const owner = await signUp(server.url, 'cashier');
    const shop = await seedShop(pgQuery(pool), { slug, ownerId: owner.id, products: settings.products, suppliers: settings.suppliers, stock: settings.stock });
    const api = async <T>(path: string, body: unknown): Promise<T> => {
      const response = await fetch(`${server.url}/api/v1/merchants/${slug}${path}`, {
        method: 'POST',
        headers: { cookie: owner.cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) {
        throw new Error(`POST ${path}: ${response.status} ${(await response.text()).slice(0, 400)}`);
      }
      return (await response.json()) as T;
    };
    /** Adds register `prefix` and opens its shift with a float, as the back office and the register do. */
    const openRegister = async (prefix: string) => {
      const register = await api<{ id: string }>('/registers', { name: `Till ${prefix}`, receiptPrefix: prefix });
      const shift = await api<{ id: string }>(`/registers/${register.id}/shifts`, { openingFloatMinor: 10_000, idempotencyKey: randomUUID() });
      return { id: register.id, shiftId: shift.id };
    };
    const indexes = Array.from({ length: settings.registers }, (_, i) => i);
    const registers: { id: string; shiftId: string }[] = [];
    for (const i of indexes) {
      registers.push(await openRegister(`${HTTP_PREFIX}${i}`));
    }
    for (const i of indexes) {
      await openRegister(`${RAW_PREFIX}${i}`);
    }

    log(
      `register sales: HTTP (${settings.registers} registers, one client each, ${Math.round(settings.saleRetryShare * 100)} % sent twice) · pgbench -M prepared (${settings.registers} clients, the sale as one statement, and in 16 round trips)`,
    );
    const tallies: SaleTally[] = [];
    const pgbenchRun = {
      binary: services.pgbench,
      url: database.url,
      connections: settings.registers,
      threads: Math.min(2, settings.registers),
      variables: { slug, session: sessionHash(owner) },
      protocol: 'prepared' as const,
    };
    const measured = await rounds(
      settings,
      settings.saleRoundSec,
      {
        http: async (durationSec) => {
          const result = await runLoad({
            url: server.url,
            connections: settings.registers,
            durationSec,
            cookie: owner.cookie,
            plan: {
              kind: 'register-sales',
              merchantSlug: slug,
              registers,
              productIds: shop.productIds,
              priceMinor: PRODUCT_PRICE_MINOR,
              retryShare: settings.saleRetryShare,
            },
          });
          if (result.sales) {
            tallies.push(result.sales);
          }
          if (result.non2xx > 0 || result.errors > 0) {
            throw new Error(
              `register sales over HTTP: ${result.non2xx} answers not 201, ${result.errors} errors: ${result.sales?.failures.join(' | ')}`,
            );
          }
          return result;
        },
        pgbench: (durationSec) => runPgbench({ ...pgbenchRun, script: salePgbenchScript(shop, RAW_PREFIX), durationSec }),
        pgbenchSteps: (durationSec) =>
          runPgbench({ ...pgbenchRun, script: saleStepsPgbenchScript(shop, RAW_PREFIX, PRODUCT_PRICE_MINOR), durationSec }),
      },
      meter,
    );

    log('register sales: sales recorded against answered, receipt numbers, the stock ledger');
    const query = pgQuery(pool);
    const receipts = await query(RECEIPTS_SQL, [shop.merchantId]);
    const gapped = receipts
      .filter((row) => {
        const sales = Number(row.sales);
        const gapless =
          Number(row.numbers) === sales &&
          Number(row.next_receipt) === sales + 1 &&
          (sales === 0 || (Number(row.lowest) === 1 && Number(row.highest) === sales));
        return !gapless;
      })
      .map((row) => `${String(row.prefix)}: ${String(row.sales)} sales, numbers ${String(row.lowest)}–${String(row.highest)}, next ${String(row.next_receipt)}`);
    const salesOf = (prefix: string) =>
      receipts.filter((row) => String(row.prefix).startsWith(prefix)).reduce((sum, row) => sum + Number(row.sales), 0);
    const [counts] = await query(
      `SELECT (SELECT count(*) FROM register_sale_lines) AS lines, (SELECT count(*) FROM stock_movements WHERE type = 'sale') AS movements`,
    );
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 1, preparedStatements: false });
    let unbalanced: number;
    try {
      unbalanced = (await createStockRepository(handle.db).unbalanced()).length;
    } finally {
      await handle.close();
    }

    const sum = (pick: (tally: SaleTally) => number) => tallies.reduce((total, tally) => total + pick(tally), 0);
    return {
      registers: settings.registers,
      http: measured.http!,
      pgbench: measured.pgbench!,
      pgbenchSteps: measured.pgbenchSteps!,
      retries: {
        after: sum((tally) => tally.retriedAfter),
        atOnce: sum((tally) => tally.retriedAtOnce),
        answeredSame: sum((tally) => tally.retriesAnsweredSame),
        // Distributions cannot be added up: the second sends' latency is that of the run with the median sales.
        latency: medianTally(tallies).retryLatency,
      },
      check: {
        answered: sum((tally) => tally.recorded),
        recorded: salesOf(HTTP_PREFIX),
        rawRecorded: salesOf(RAW_PREFIX),
        gapped,
        unbalanced,
        saleLines: Number(counts!.lines),
        saleMovements: Number(counts!.movements),
      },
    };
  } finally {
    meter.stop();
    await pool.end();
    await server.stop();
    await database.drop();
  }
}

/** The run with the median number of sales recorded. */
function medianTally(tallies: SaleTally[]): SaleTally {
  const sorted = [...tallies].sort((a, b) => a.recorded - b.recorded);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
