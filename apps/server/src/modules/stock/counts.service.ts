import type { StartStockCount, StockCount, StockCountEntry, StockCountLine, StockCountSummary } from '@myb/contracts';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors';
import type { Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { CountLineRow, CountRow, CountScope, CountsRepository } from './counts.repository';

/** The counts a shop's list shows; older ones are kept, and read by their address. */
const LISTED_COUNTS = 100;

const personOf = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

function toSummary(row: CountRow): StockCountSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    currency: row.currency,
    lines: row.lines,
    countedLines: row.counted_lines,
    startedBy: personOf(row.started_by, row.started_by_name),
    startedAt: row.started_at.toISOString(),
    closedBy: personOf(row.closed_by, row.closed_by_name),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

function toLine(row: CountLineRow): StockCountLine {
  const difference = row.counted === null || row.stock_when_counted === null ? null : row.counted - row.stock_when_counted;
  return {
    product: { id: row.product_id, sku: row.sku, name: row.name, priceMinor: row.price_minor },
    expected: row.expected,
    counted: row.counted,
    stockWhenCounted: row.stock_when_counted,
    movedSinceStart: row.stock_when_counted === null ? null : row.stock_when_counted - row.expected,
    difference,
    differenceValueMinor: difference === null ? null : difference * row.price_minor,
    stock: row.stock,
    countedBy: personOf(row.counted_by, row.counted_by_name),
    countedAt: row.counted_at?.toISOString() ?? null,
  };
}

/** Why a count takes nothing more: who ended it, and how. */
function closedMessage(row: CountRow): string {
  const by = row.closed_by_name ?? 'someone';
  return row.status === 'applied'
    ? `${row.name} was applied by ${by}: it takes no more figures and cannot be applied again.`
    : `${row.name} was cancelled by ${by}: start a new count to count again.`;
}

export function createCountsService(
  db: Kysely<Database>,
  { counts, catalogue }: { counts: CountsRepository; catalogue: CatalogueRepository },
) {
  async function withLines(repository: CountsRepository, row: CountRow): Promise<StockCount> {
    return { ...toSummary(row), lineItems: (await repository.lines(row.id)).map(toLine) };
  }

  async function findOwned(repository: CountsRepository, merchantId: string, countId: string): Promise<CountRow> {
    const row = await repository.find(merchantId, countId);
    if (!row) {
      throw notFound('stock count');
    }
    return row;
  }

  /** What a new count takes, and the name it gets when none is given. */
  async function scopeOf(merchantId: string, body: StartStockCount): Promise<{ scope: CountScope; name: string }> {
    if (body.categoryId) {
      const category = await catalogue.findCategory(merchantId, body.categoryId);
      if (!category) {
        throw badRequest("Unknown category: choose one of this shop's categories.", [
          { path: 'body.categoryId', message: 'Not a category of this shop.' },
        ]);
      }
      return { scope: { categoryId: category.id }, name: `Count of ${category.name}` };
    }
    if (body.productIds) {
      const productIds = [...new Set(body.productIds)];
      if ((await counts.onSale(merchantId, productIds)) < productIds.length) {
        throw badRequest("Some chosen products are not this shop's products on sale: choose among the catalogue's.", [
          { path: 'body.productIds', message: 'Not a product of this shop on sale.' },
        ]);
      }
      return { scope: { productIds }, name: `Count of ${productIds.length} product${productIds.length === 1 ? '' : 's'}` };
    }
    return { scope: 'whole shop', name: 'Count of the whole shop' };
  }

  return {
    list: async ({ shop }: ShopCaller): Promise<StockCountSummary[]> => (await counts.list(shop.id, LISTED_COUNTS)).map(toSummary),

    get: async ({ shop }: ShopCaller, countId: string): Promise<StockCount> =>
      withLines(counts, await findOwned(counts, shop.id, countId)),

    /**
     * Starts a count, or answers with the one this key already started. A chosen product of another
     * shop, or archived, is refused as unknown.
     */
    async start({ shop, actor }: ShopCaller, body: StartStockCount): Promise<StockCount> {
      const key = `${shop.id}:${body.idempotencyKey}`;
      const started = await counts.findByKey(shop.id, key);
      if (started) {
        return withLines(counts, started);
      }
      const { scope, name } = await scopeOf(shop.id, body);
      let countId: string | undefined;
      try {
        countId = await counts.start(shop.id, actor.userId, body.name ?? name, scope, key);
      } catch (error) {
        if (isUniqueViolation(error)) {
          // The same form's start, sent twice at once: the other one started it.
          return withLines(counts, (await counts.findByKey(shop.id, key))!);
        }
        throw error;
      }
      if (!countId) {
        throw badRequest(
          body.categoryId
            ? 'Nothing to count: no product of this category is on sale.'
            : 'Nothing to count: the shop has no product on sale.',
          body.categoryId ? [{ path: 'body.categoryId', message: 'No product of this category is on sale.' }] : undefined,
        );
      }
      return withLines(counts, await findOwned(counts, shop.id, countId));
    },

    /**
     * Enters a figure for one line: the whole count, more of it, or clears it. Sent again with the same key, it
     * changes nothing and answers with the line as it is.
     */
    async enter({ shop, actor }: ShopCaller, countId: string, body: StockCountEntry): Promise<StockCountLine> {
      const key = `${countId}:${body.idempotencyKey}`;
      const enter = () =>
        db.transaction().execute(async (trx) => {
          const repository = counts.within(trx);
          const count = await repository.lockCounting(shop.id, countId);
          if (!count) {
            throw notFound('stock count');
          }
          if (count.status !== 'counting') {
            throw conflict(closedMessage(await findOwned(repository, shop.id, countId)));
          }
          if (await repository.entryExists(key)) {
            return;
          }
          const line = await repository.lockLine(countId, body.productId);
          if (!line) {
            throw notFound('That product is not in this count: start another count to count it.');
          }
          const counted =
            body.mode === 'clear' ? null : body.mode === 'set' ? body.quantity : (line.counted ?? 0) + body.quantity;
          if (counted !== null && counted < 0) {
            throw badRequest(
              body.mode === 'set'
                ? 'A count cannot be below zero: type how many there are.'
                : `Only ${line.counted ?? 0} counted so far: the count cannot go below zero.`,
              [{ path: 'body.quantity', message: 'The count cannot go below zero.' }],
            );
          }
          await repository.enter(countId, body.productId, {
            mode: body.mode,
            quantity: body.quantity,
            counted,
            actorId: actor.userId,
            key,
          });
        });
      try {
        await enter();
      } catch (error) {
        if (!isUniqueViolation(error)) {
          throw error;
        }
        // The same entry, sent twice at once: the other one recorded it.
        await enter();
      }
      return toLine((await counts.line(countId, body.productId))!);
    },

    /**
     * Applies a count in one transaction: it stops taking figures, and each counted line's difference
     * becomes a `count` movement on the product's stock now. Refused whole if one line would take its
     * stock below zero (it sold since it was counted, more than the count says there was).
     */
    apply: ({ shop, actor }: ShopCaller, countId: string): Promise<StockCount> =>
      db.transaction().execute(async (trx) => {
        const repository = counts.within(trx);
        if (!(await repository.close(shop.id, countId, 'applied', actor.userId))) {
          // Not the shop's (404), or ended already: who ended it, and how.
          throw conflict(closedMessage(await findOwned(repository, shop.id, countId)));
        }
        // Read once, closed: its name notes the movements, and the answer shows it applied (posting changes nothing the head shows).
        const count = await findOwned(repository, shop.id, countId);
        const short = await repository.lockDifferences(countId);
        if (short.length > 0) {
          throw conflict(
            `${short
              .map((line) => `${line.name}: ${line.stock} in stock now, and the count takes ${-line.difference}`)
              .join('; ')}. More has sold since it was counted than the count found: count ${short.length === 1 ? 'it' : 'them'} again, then apply.`,
          );
        }
        await repository.post(shop.id, countId, actor.userId, count.name);
        return withLines(repository, count);
      }),

    async cancel({ shop, actor }: ShopCaller, countId: string): Promise<StockCount> {
      await findOwned(counts, shop.id, countId);
      if (!(await counts.close(shop.id, countId, 'cancelled', actor.userId))) {
        throw conflict(closedMessage(await findOwned(counts, shop.id, countId)));
      }
      return withLines(counts, await findOwned(counts, shop.id, countId));
    },
  };
}
export type CountsService = ReturnType<typeof createCountsService>;
