import {
  reorderQuantity,
  type LowStockQuery,
  type OrderNowResult,
  type ReorderRule,
  type StockPosition,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, DomainError, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { EventsService, EventWriter } from '../events/events.service';
import type { PurchasingService } from '../purchasing/purchasing.service';
import type { PositionRow, ReorderRepository } from './reorder.repository';

/** Products evaluated in one transaction, at most. */
export const REORDER_BATCH = 100;

const needOf = (row: PositionRow) =>
  reorderQuantity({
    onHand: row.stock,
    onOrder: row.on_order,
    minimum: row.minimum,
    maximum: row.maximum,
    packSize: row.pack_size ?? 1,
    minOrderQuantity: row.min_order_quantity ?? 1,
  });

/** Why a product under its rule cannot be ordered, or null if it can. */
function blockedBecause(row: PositionRow): string | null {
  if (row.archived_at) {
    return `${row.name} is archived.`;
  }
  if (!row.supplier_id) {
    return `${row.name} has no preferred supplier: choose one in the catalogue.`;
  }
  if (row.supplier_archived_at) {
    return `${row.name}'s preferred supplier, ${row.supplier_name}, is archived: restore it or prefer another.`;
  }
  return null;
}

export interface ReorderOptions {
  events: Pick<EventsService, 'transaction'>;
  purchasing: Pick<PurchasingService, 'reorderWithin'>;
}

/**
 * Reorder rules and their evaluation. A product is evaluated once queued (by the triggers of
 * migration 0034 as movements take it under its minimum, by its rule being set, by the nightly
 * sweep) and taken off the queue by a worker, or at once by "order now": its need
 * (`reorderQuantity`) goes into its preferred supplier's draft from the rules.
 */
export function createReorderService(
  db: Kysely<Database>,
  { reorder }: { reorder: ReorderRepository },
  { events, purchasing }: ReorderOptions,
) {
  /**
   * Evaluates the products in the caller's transaction: the needs of each supplier go into its
   * draft. Answers the purchase orders written to and the products that could not be ordered.
   */
  async function evaluate(
    trx: Kysely<Database>,
    write: EventWriter,
    productIds: string[],
  ): Promise<OrderNowResult> {
    const rows = await reorder.within(trx).positionsOf(productIds);
    const bySupplier = new Map<string, PositionRow[]>();
    const skipped: OrderNowResult['skipped'] = [];
    for (const row of rows) {
      const blocked = blockedBecause(row);
      if (blocked) {
        skipped.push({ productId: row.product_id, reason: blocked });
        continue;
      }
      if (needOf(row) === 0) {
        skipped.push({
          productId: row.product_id,
          reason: `${row.name} is not below its minimum of ${row.minimum} with what is on hand and on order.`,
        });
        continue;
      }
      bySupplier.set(row.supplier_id!, [...(bySupplier.get(row.supplier_id!) ?? []), row]);
    }
    const purchaseOrders: OrderNowResult['purchaseOrders'] = [];
    // Suppliers in one order in every transaction: two evaluations lock their drafts alike.
    for (const supplierId of [...bySupplier.keys()].sort()) {
      const needs = bySupplier.get(supplierId)!;
      const [first] = needs;
      const written = await purchasing.reorderWithin(
        trx,
        write,
        {
          id: first!.merchant_id,
          slug: first!.merchant_slug,
          name: first!.merchant_name,
          currency: first!.currency,
        },
        { id: supplierId, sendAutomatically: first!.send_automatically ?? false },
        needs.map((row) => ({
          productId: row.product_id,
          quantity: needOf(row),
          costMinor: Number(row.cost_minor ?? row.average_cost_minor ?? 0),
          supplierSku: row.supplier_sku,
        })),
      );
      purchaseOrders.push({
        id: written.id,
        number: written.number,
        supplier: { id: supplierId, name: first!.supplier_name! },
      });
    }
    return { purchaseOrders, skipped };
  }

  async function positionsOf(rows: PositionRow[]): Promise<StockPosition[]> {
    const sales = await reorder.averageDailySales(rows.map((row) => row.product_id));
    return rows.map((row) => {
      const averageDailySales = sales.get(row.product_id) ?? 0;
      return {
        product: { id: row.product_id, sku: row.sku, name: row.name },
        rule: { minimum: row.minimum, maximum: row.maximum },
        onHand: row.stock,
        onOrder: row.on_order,
        inDraft: row.in_draft,
        averageDailySales: Math.round(averageDailySales * 100) / 100,
        daysOfCover:
          averageDailySales > 0 ? Math.round((Math.max(0, row.stock) / averageDailySales) * 10) / 10 : null,
        supplier: row.supplier_id
          ? { id: row.supplier_id, slug: row.supplier_slug!, name: row.supplier_name! }
          : null,
        needed: blockedBecause(row) ? 0 : needOf(row),
      };
    });
  }

  async function productOf(merchantId: string, productId: string) {
    const product = await reorder.product(merchantId, productId);
    if (!product) {
      throw notFound('product');
    }
    return product;
  }

  return {
    async list({ shop }: ShopCaller, query: LowStockQuery): Promise<StockPosition[]> {
      return positionsOf(await reorder.shopPositions(shop.id, query.show === 'all'));
    },

    /** Sets the rule, and evaluates the product at once if it is under its new minimum. */
    async set(
      { shop, actor }: ShopCaller,
      productId: string,
      rule: { minimum: number; maximum: number },
    ): Promise<ReorderRule> {
      const product = await productOf(shop.id, productId);
      if (product.archived_at) {
        throw badRequest(`${product.name} is archived: restore it in the catalogue to reorder it.`);
      }
      await db.transaction().execute(async (trx) => {
        const repository = reorder.within(trx);
        await repository.setRule({ merchantId: shop.id, productId, ...rule, updatedBy: actor.userId });
        if (product.stock < rule.minimum) {
          await repository.queue(shop.id, [productId]);
        }
      });
      const row = (await reorder.rule(productId))!;
      return {
        product: { id: row.product_id, sku: row.sku, name: row.name },
        minimum: row.minimum,
        maximum: row.maximum,
        updatedBy: { id: row.updated_by, name: row.updated_by_name },
        updatedAt: row.updated_at.toISOString(),
      };
    },

    async remove({ shop }: ShopCaller, productId: string): Promise<void> {
      const product = await productOf(shop.id, productId);
      if (!(await reorder.removeRule(shop.id, productId))) {
        throw new DomainError(404, `${product.name} has no reorder rule to remove.`);
      }
    },

    /** "Order now": the products' rules evaluated in the request, their needs in the drafts when it answers. */
    async orderNow({ shop }: ShopCaller, productIds: string[]): Promise<OrderNowResult> {
      const unique = [...new Set(productIds)];
      const ruled = new Set(
        (await reorder.positionsOf(unique))
          .filter((row) => row.merchant_id === shop.id)
          .map((row) => row.product_id),
      );
      const unknown = unique.filter((id) => !ruled.has(id));
      if (unknown.length > 0) {
        throw notFound(unknown.length === 1 ? 'product with a reorder rule' : 'products with a reorder rule');
      }
      return events.transaction(db, (trx, write) => evaluate(trx, write, unique));
    },

    /**
     * Takes one batch off the queue, then evaluates it in a transaction of its own; a failure puts
     * the batch back. Taken first, in a statement of its own, so no sale ever waits on an evaluation:
     * a sale that queues a product being evaluated queues it anew. Answers how many products it took
     * (0: the queue was empty).
     */
    async evaluateQueued(): Promise<number> {
      const claimed = await reorder.claim(REORDER_BATCH);
      if (!claimed) {
        return 0;
      }
      try {
        await events.transaction(db, (trx, write) => evaluate(trx, write, claimed.productIds));
      } catch (error) {
        await reorder.queue(claimed.merchantId, claimed.productIds);
        throw error;
      }
      return claimed.productIds.length;
    },

    /** Queues every product under its minimum (the nightly sweep); answers how many were queued anew. */
    sweep: () => reorder.queueAllLow(),
  };
}
export type ReorderService = ReturnType<typeof createReorderService>;
