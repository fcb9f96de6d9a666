import { randomUUID } from 'node:crypto';
import { purchaseOrderNumber, type PurchaseOrderStatus } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../db/repository';
import type { Database } from '../db/schema';
import type { MerchantRow } from '../modules/merchants/merchants.repository';

/**
 * A purchase order of the demo's past, as it went: sent, perhaps acknowledged, received in one or more
 * deliveries, perhaps closed short. Times are local (`YYYY-MM-DD HH:MM` in the shop's time zone).
 */
export interface PastPurchaseOrder {
  supplierId: string;
  sentAt: string;
  expectedOn: string | null;
  lines: { productId: string; quantity: number; unitCostMinor: number }[];
  /** The supplier confirmed every line in full, for delivery on the expected day (or the day sent). */
  acknowledgedAt?: string;
  /** Each delivery: the quantity of each line, in the lines' order (0: none of it). */
  receipts: { at: string; quantities: number[] }[];
  /** Closed on what came, after its deliveries. */
  closedAt?: string;
}

/**
 * The demo's writes of past purchase orders, with their own dates: the purchasing service's statements
 * date what they write now. Their goods are part of the stock the demo opens with, so the deliveries
 * move no stock here; a product's first delivery gives it its average cost. What they are written for
 * is the history the supplier reports read.
 */
export const createPurchaseHistoryRepository = repository((db: Kysely<Database>) => ({
  async write(shop: MerchantRow, actorId: string, order: PastPurchaseOrder): Promise<string> {
    const local = (at: string) => sql<Date>`(${at}::timestamp AT TIME ZONE ${shop.time_zone})`;
    const received = order.lines.map((_, index) =>
      order.receipts.reduce((sum, receipt) => sum + (receipt.quantities[index] ?? 0), 0),
    );
    const transitions: { to: PurchaseOrderStatus; at: string }[] = [
      { to: 'draft', at: order.sentAt },
      { to: 'sent', at: order.sentAt },
      ...(order.acknowledgedAt ? [{ to: 'acknowledged' as const, at: order.acknowledgedAt }] : []),
    ];
    const soFar = order.lines.map(() => 0);
    const receipts = order.receipts.map((receipt) => {
      receipt.quantities.forEach((quantity, index) => (soFar[index]! += quantity));
      const status = order.lines.every((line, index) => soFar[index]! >= line.quantity)
        ? ('received' as const)
        : ('partially_received' as const);
      transitions.push({ to: status, at: receipt.at });
      return { ...receipt, id: randomUUID(), status };
    });
    if (order.closedAt) {
      transitions.push({ to: 'closed', at: order.closedAt });
    }
    const status = transitions.at(-1)!.to;
    const id = randomUUID();

    await db.transaction().execute(async (trx) => {
      // Our SKU and name as they are now, as a line written now would have them.
      const products = new Map(
        (
          await trx
            .selectFrom('products')
            .select(['id', 'sku', 'name'])
            .where(
              'id',
              'in',
              order.lines.map((line) => line.productId),
            )
            .execute()
        ).map((product) => [product.id, product]),
      );
      await trx
        .insertInto('purchase_order_counters')
        .values({ merchant_id: shop.id })
        .onConflict((conflict) => conflict.column('merchant_id').doNothing())
        .execute();
      const { next_sequence: sequence } = await trx
        .updateTable('purchase_order_counters')
        .set({ next_sequence: sql`next_sequence + 1` })
        .where('merchant_id', '=', shop.id)
        .returning(sql<number>`next_sequence - 1`.as('next_sequence'))
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('purchase_orders')
        .values({
          id,
          merchant_id: shop.id,
          supplier_id: order.supplierId,
          sequence,
          number: purchaseOrderNumber(sequence),
          status,
          currency: shop.currency,
          expected_on: order.expectedOn,
          created_by: actorId,
          created_at: local(order.sentAt),
          request_digest: 'demo history',
        })
        .execute();
      await trx
        .insertInto('purchase_order_lines')
        .values(
          order.lines.map((line, index) => ({
            purchase_order_id: id,
            position: index + 1,
            product_id: line.productId,
            sku: products.get(line.productId)!.sku,
            name: products.get(line.productId)!.name,
            quantity: line.quantity,
            quantity_received: received[index]!,
            quantity_confirmed: order.acknowledgedAt ? line.quantity : null,
            unit_cost_minor: line.unitCostMinor,
          })),
        )
        .execute();
      await trx
        .insertInto('purchase_order_transitions')
        .values(
          transitions.map((transition, index) => ({
            purchase_order_id: id,
            from_status: index === 0 ? null : transitions[index - 1]!.to,
            to_status: transition.to,
            actor_id: actorId,
            created_at: local(transition.at),
          })),
        )
        .execute();
      if (order.acknowledgedAt) {
        const { id: acknowledgementId } = await trx
          .insertInto('purchase_order_acknowledgements')
          .values({
            purchase_order_id: id,
            how: 'link',
            delivery_on: order.expectedOn ?? order.sentAt.slice(0, 10),
            acknowledged_at: local(order.acknowledgedAt),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('purchase_order_acknowledgement_lines')
          .values(
            order.lines.map((line) => ({
              acknowledgement_id: acknowledgementId,
              product_id: line.productId,
              quantity: line.quantity,
            })),
          )
          .execute();
      }
      for (const receipt of receipts) {
        await trx
          .insertInto('purchase_receipts')
          .values({
            id: receipt.id,
            merchant_id: shop.id,
            purchase_order_id: id,
            received_by: actorId,
            received_at: local(receipt.at),
            over_receipt: false,
            status_after: receipt.status,
            request_digest: 'demo history',
          })
          .execute();
        const delivered = order.lines
          .map((line, index) => ({ line, quantity: receipt.quantities[index] ?? 0 }))
          .filter(({ quantity }) => quantity > 0);
        // A product's first goods received give it its average cost, as a receipt made now would.
        const averages = new Map<string, number>();
        for (const { line } of delivered) {
          const { average_cost_minor } = await trx
            .updateTable('products')
            .set({
              average_cost_minor: sql<number>`coalesce(average_cost_minor, ${line.unitCostMinor}::bigint)`,
            })
            .where('id', '=', line.productId)
            .returning('average_cost_minor')
            .executeTakeFirstOrThrow();
          averages.set(line.productId, Number(average_cost_minor));
        }
        await trx
          .insertInto('purchase_receipt_lines')
          .values(
            delivered.map(({ line, quantity }, index) => ({
              receipt_id: receipt.id,
              position: index + 1,
              product_id: line.productId,
              quantity,
              unit_cost_minor: line.unitCostMinor,
              average_cost_after_minor: averages.get(line.productId)!,
            })),
          )
          .execute();
      }
    });
    return id;
  },
}));
