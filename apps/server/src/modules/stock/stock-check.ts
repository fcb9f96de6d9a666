import type { Kysely } from 'kysely';
import type { Database, StockCheckTrigger, UnbalancedProduct } from '../../db/schema';
import { createStockRepository, type StockRepository } from './stock.repository';

interface Logger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * The ledger's check: every product's movements re-summed against its stock. The run is recorded
 * (what started it, who, what differed) and anything that differs is logged as a warning.
 */
export async function checkStockLedger(
  stock: StockRepository,
  run: { trigger: StockCheckTrigger; checkedBy: string | null },
  logger?: Logger,
): Promise<{ id: string; unbalanced: UnbalancedProduct[] }> {
  const unbalanced = await stock.unbalanced();
  const { id } = await stock.recordCheck(run, unbalanced);
  if (unbalanced.length > 0) {
    logger?.warn(
      { products: unbalanced.slice(0, 20), count: unbalanced.length },
      'stock differs from the sum of its movements: run npm run stock:check',
    );
  } else {
    logger?.info({ trigger: run.trigger }, 'every product’s stock is the sum of its movements');
  }
  return { id, unbalanced };
}

/** Milliseconds from `now` to the next `hour`:00 UTC. */
export function untilNextHour(now: Date, hour: number): number {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (next <= now) {
    next.setUTCDate(next.getUTCDate() + 1);
  }
  return next.getTime() - now.getTime();
}

/**
 * Runs the check every night at `hourUtc`:00 UTC, a quiet hour for shops on most of the world's
 * clocks; the timers never keep the process alive on their own. Several server processes each run
 * it: it only reads the ledger, and each run is recorded.
 */
export function scheduleNightlyStockCheck(db: Kysely<Database>, logger: Logger, hourUtc = 3): { stop(): void } {
  const stock = createStockRepository(db);
  let timer: NodeJS.Timeout;
  const plan = () => {
    timer = setTimeout(() => {
      checkStockLedger(stock, { trigger: 'nightly', checkedBy: null }, logger)
        .catch((error: unknown) => logger.warn({ err: error }, 'the nightly stock check failed; it runs again tomorrow'))
        .finally(plan);
    }, untilNextHour(new Date(), hourUtc));
    timer.unref();
  };
  plan();
  return { stop: () => clearTimeout(timer) };
}
