import type { StockCheck, StockMovement, StockMovementFilter, StockMovementPage } from '@myb/contracts';
import { requireRole, type Actor } from '../auth/actor';
import { checkStockLedger } from './stock-check';
import type { ShopCaller } from '../access/access';
import type { MovementRow, StockRepository } from './stock.repository';

/** Runs of the ledger's check the admin page lists. */
const LISTED_CHECKS = 30;

type CheckRow = Awaited<ReturnType<StockRepository['checks']>>[number];

function toStockCheck(row: CheckRow): StockCheck {
  return {
    id: row.id,
    trigger: row.trigger,
    checkedBy: row.checked_by ? { id: row.checked_by, name: row.checked_by_name ?? '' } : null,
    checkedAt: row.checked_at.toISOString(),
    products: row.products,
    unbalanced: row.unbalanced.map((product) => ({
      shop: { slug: product.shop_slug, name: product.shop_name },
      product: { id: product.product_id, sku: product.sku, name: product.name },
      stock: product.stock,
      movements: product.movements,
    })),
  };
}

/** Movements an export reads at a time: one page in memory, whatever the shop's history. */
const EXPORT_PAGE = 1_000;

export function toStockMovement(row: MovementRow): StockMovement {
  return {
    id: row.id,
    product: { id: row.product_id, sku: row.sku, name: row.product_name },
    quantity: row.quantity,
    type: row.type,
    reason: row.reason,
    note: row.note,
    balanceAfter: row.balance_after,
    order: row.order_id && row.order_number ? { id: row.order_id, number: row.order_number } : null,
    count: row.count_id && row.count_name ? { id: row.count_id, name: row.count_name } : null,
    sale: row.sale_id && row.receipt_number ? { id: row.sale_id, receiptNumber: row.receipt_number } : null,
    purchaseOrder:
      row.purchase_order_id && row.purchase_order_number
        ? { id: row.purchase_order_id, number: row.purchase_order_number }
        : null,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
  };
}

export function createStockService(stock: StockRepository) {
  return {
    /** A page of the shop's movements, newest first. */
    movements: async ({ shop }: ShopCaller, page: StockMovementPage): Promise<StockMovement[]> =>
      (await stock.movements(shop.id, page, { newestFirst: true, before: page.before }, page.limit)).map(toStockMovement),

    /** Every movement `filter` keeps, oldest first, a page at a time. */
    async *movementPages({ shop }: ShopCaller, filter: StockMovementFilter): AsyncGenerator<MovementRow[]> {
      let afterPosition: number | undefined;
      for (;;) {
        const rows = await stock.movements(shop.id, filter, { newestFirst: false, afterPosition }, EXPORT_PAGE);
        yield rows;
        if (rows.length < EXPORT_PAGE) {
          return;
        }
        afterPosition = rows.at(-1)!.position;
      }
    },

    checks: async (actor: Actor | null): Promise<StockCheck[]> => {
      requireRole(actor, 'admin');
      return (await stock.checks(LISTED_CHECKS)).map(toStockCheck);
    },

    /** The check run now, by an admin, and recorded as theirs. */
    async runCheck(actor: Actor | null): Promise<StockCheck> {
      const admin = requireRole(actor, 'admin');
      const { id } = await checkStockLedger(stock, { trigger: 'admin', checkedBy: admin.userId });
      return toStockCheck((await stock.checks(1, id))[0]!);
    },
  };
}
export type StockService = ReturnType<typeof createStockService>;
