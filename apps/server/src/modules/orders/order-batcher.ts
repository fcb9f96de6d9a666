import type { PlacedLine, PlaceOrderInput } from './orders.repository';

/**
 * Statements placing orders at once unless configured. On two cores, with 20 orders in flight, one
 * statement placed 88–99 % of pgbench's rate, two 79–86 %, five 63–73 %: fewer statements gather more
 * orders each. Two, so that one statement slowed by a lock does not hold every shop's orders.
 */
export const DEFAULT_ORDER_STATEMENTS = 2;

export interface OrderBatcherOptions {
  /** Statements placing orders at once; the rest of the pool stays free for everything else. */
  concurrency: number;
  /** Orders, and lines over all of them, in one statement at most. */
  maxOrders: number;
  maxLines: number;
}

export interface OrderBatcherParts {
  /** Places orders in one statement; each order's lines, in the order given. */
  place: (orders: PlaceOrderInput[]) => Promise<PlacedLine[][]>;
  /** Whether an order of a batch was neither placed nor refused, and must be placed alone. */
  contended: (lines: PlacedLine[]) => boolean;
}

interface Pending {
  order: PlaceOrderInput;
  resolve: (lines: PlacedLine[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Orders that arrive while `concurrency` statements are already placing others wait, and go
 * together in the next statement as soon as one of those ends: at rush hour, one round trip, one
 * execution of the plan and one commit for several orders. An order that arrives with a slot free
 * runs at once, alone, so nothing waits that would not have waited for a connection anyway.
 *
 * One order's fault is never another's: if a batch's statement fails, or its stock covers each of
 * its orders but not all of them, those orders are placed again one by one and meet their own fate.
 */
export function createOrderBatcher(parts: OrderBatcherParts, options: OrderBatcherOptions) {
  const queue: Pending[] = [];
  let running = 0;

  async function placeAlone(pending: Pending): Promise<void> {
    try {
      pending.resolve((await parts.place([pending.order]))[0]!);
    } catch (error) {
      pending.reject(error);
    }
  }

  async function placeTogether(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      return placeAlone(batch[0]!);
    }
    // A failed statement, or orders its stock did not cover together, are placed again one by one.
    const placed = await parts.place(batch.map((pending) => pending.order)).catch(() => undefined);
    const again = placed
      ? batch.filter((pending, index) => {
          const lines = placed[index]!;
          if (parts.contended(lines)) {
            return true;
          }
          pending.resolve(lines);
          return false;
        })
      : batch;
    for (const pending of again) {
      await placeAlone(pending);
    }
  }

  /** The oldest waiting orders, as many as one statement takes (always at least one). */
  function nextBatch(): Pending[] {
    let lines = queue[0]!.order.lines.length;
    let size = 1;
    while (
      size < queue.length &&
      size < options.maxOrders &&
      lines + queue[size]!.order.lines.length <= options.maxLines
    ) {
      lines += queue[size]!.order.lines.length;
      size += 1;
    }
    return queue.splice(0, size);
  }

  function pump(): void {
    while (running < options.concurrency && queue.length > 0) {
      running += 1;
      void placeTogether(nextBatch()).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  return {
    place: (order: PlaceOrderInput) =>
      new Promise<PlacedLine[]>((resolve, reject) => {
        queue.push({ order, resolve, reject });
        pump();
      }),
  };
}
