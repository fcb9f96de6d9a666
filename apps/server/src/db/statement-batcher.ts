export interface StatementBatcherOptions {
  /** Statements of this kind at once; the rest of the pool stays free for everything else. */
  concurrency: number;
  /** Items in one statement at most, and their summed `weight` (a statement's lines, say). */
  maxItems: number;
  maxWeight?: number;
}

export interface StatementBatcherParts<Item, Result> {
  /** Does the work of several items in one statement: one result per item, in the order given. */
  run: (items: Item[]) => Promise<Result[]>;
  /** Whether an item of a batch was left undecided by the others, and must run alone. */
  alone?: (result: Result) => boolean;
  /** How much of `maxWeight` an item takes; 1 unless given. */
  weight?: (item: Item) => number;
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Items that arrive while `concurrency` statements are already running wait, and go together in
 * the next statement as soon as one of those ends: at rush hour, one round trip, one execution of
 * the plan and one commit for several. An item that arrives with a slot free runs at once, alone,
 * so nothing waits that would not have waited for a connection anyway.
 *
 * One item's fault is never another's: if a batch's statement fails, or leaves an item undecided
 * (`alone`), those items run again one by one and meet their own fate.
 */
export function createStatementBatcher<Item, Result>(
  parts: StatementBatcherParts<Item, Result>,
  options: StatementBatcherOptions,
) {
  const queue: Pending<Item, Result>[] = [];
  const weight = parts.weight ?? (() => 1);
  const maxWeight = options.maxWeight ?? Infinity;
  let running = 0;

  async function runAlone(pending: Pending<Item, Result>): Promise<void> {
    try {
      pending.resolve((await parts.run([pending.item]))[0]!);
    } catch (error) {
      pending.reject(error);
    }
  }

  async function runTogether(batch: Pending<Item, Result>[]): Promise<void> {
    if (batch.length === 1) {
      return runAlone(batch[0]!);
    }
    const results = await parts.run(batch.map((pending) => pending.item)).catch(() => undefined);
    const again = results
      ? batch.filter((pending, index) => {
          const result = results[index]!;
          if (parts.alone?.(result)) {
            return true;
          }
          pending.resolve(result);
          return false;
        })
      : batch;
    for (const pending of again) {
      await runAlone(pending);
    }
  }

  /** The oldest waiting items, as many as one statement takes (always at least one). */
  function nextBatch(): Pending<Item, Result>[] {
    let total = weight(queue[0]!.item);
    let size = 1;
    while (size < queue.length && size < options.maxItems && total + weight(queue[size]!.item) <= maxWeight) {
      total += weight(queue[size]!.item);
      size += 1;
    }
    return queue.splice(0, size);
  }

  function pump(): void {
    while (running < options.concurrency && queue.length > 0) {
      running += 1;
      void runTogether(nextBatch()).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  return {
    run: (item: Item) =>
      new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      }),
  };
}
