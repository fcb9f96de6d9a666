import {
  amqpRoutingKey,
  mqttTopic,
  receiptRoutingKey,
  receiptTopic,
  type PurchaseOrderSentV1,
} from '@myb/contracts';
import type { NewEvent } from '../events/event';
import type { PurchaseOrderLineRow, PurchaseOrderRow } from './purchasing.repository';

/**
 * The `purchase_order.sent` event of a purchase order being sent: on its supplier's routing key and
 * topic (`<merchant>.<supplier>`, `<merchant>/<supplier>`), as `order.dispatched` travels, about the
 * purchase order. Answers go where the agents' receipts already go (`replyTo`), or through the page
 * of `acknowledgeUrl`.
 */
export function purchaseOrderSentEvent(
  order: PurchaseOrderRow,
  lines: PurchaseOrderLineRow[],
  merchant: { id: string; slug: string; name: string },
  occurredAt: Date,
  id: string,
  acknowledgeUrl: string,
): NewEvent {
  const payload: PurchaseOrderSentV1 = {
    id,
    type: 'purchase_order.sent',
    version: 1,
    occurredAt: occurredAt.toISOString(),
    merchant: { slug: merchant.slug, name: merchant.name },
    supplier: { slug: order.supplier_slug, name: order.supplier_name },
    purchaseOrder: {
      id: order.id,
      number: order.number,
      expectedOn: order.expected_on,
      note: order.note || null,
    },
    lines: lines.map((line) => ({
      position: line.position,
      sku: line.sku,
      supplierSku: line.supplier_sku,
      product: line.name,
      quantity: line.quantity,
      unitCostMinor: line.unit_cost_minor,
      currency: order.currency,
    })),
    replyTo: {
      routingKey: receiptRoutingKey(merchant.slug, order.supplier_slug),
      topic: receiptTopic(merchant.slug, order.supplier_slug),
    },
    acknowledgeUrl,
  };
  return {
    id,
    type: payload.type,
    merchantId: merchant.id,
    supplierId: order.supplier_id,
    subject: { type: 'purchase_order', id: order.id, label: order.number },
    routingKey: amqpRoutingKey(merchant.slug, order.supplier_slug),
    topic: mqttTopic(merchant.slug, order.supplier_slug),
    payload,
  };
}
