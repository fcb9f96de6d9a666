import { amqpRoutingKey, mqttTopic, type OrderDispatchedV1 } from '@myb/contracts';
import type { NewEvent } from '../events/event';

export interface DispatchedLine {
  supplierId: string;
  supplierSlug: string;
  supplierName: string;
  /** The supplier's `ordersNeedAcknowledgement`, and its deadline in working hours. */
  needsAcknowledgement: boolean;
  acknowledgeWithinHours: number | null;
  sku: string;
  product: string;
  quantity: number;
}

export interface DispatchedOrder {
  id: string;
  number: string;
  merchant: { id: string; slug: string; name: string };
  occurredAt: Date;
}

/**
 * One `order.dispatched` event per supplier concerned, each listing only what that supplier
 * supplies. A product no supplier supplies reaches nobody; a product with two suppliers reaches both.
 * Each is about the order, and written only if the order's close returned its id (`closeIfOpen`). A
 * supplier asked to acknowledge it finds its link in `acknowledgeUrl` (from `acknowledgeUrls`, by supplier id).
 */
export function orderDispatchedEvents(
  order: DispatchedOrder,
  lines: DispatchedLine[],
  newId: () => string,
  acknowledgeUrls: ReadonlyMap<string, string> = new Map(),
): NewEvent[] {
  const bySupplier = new Map<string, DispatchedLine[]>();
  for (const line of lines) {
    bySupplier.set(line.supplierId, [...(bySupplier.get(line.supplierId) ?? []), line]);
  }
  return [...bySupplier.values()].map((supplierLines) => {
    const supplier = supplierLines[0]!;
    const payload: OrderDispatchedV1 = {
      id: newId(),
      type: 'order.dispatched',
      version: 1,
      occurredAt: order.occurredAt.toISOString(),
      merchant: { slug: order.merchant.slug, name: order.merchant.name },
      supplier: { slug: supplier.supplierSlug, name: supplier.supplierName },
      order: { id: order.id, number: order.number },
      items: supplierLines.map((line) => ({ sku: line.sku, product: line.product, quantity: line.quantity })),
    };
    const acknowledgeUrl = acknowledgeUrls.get(supplier.supplierId);
    if (acknowledgeUrl !== undefined) {
      payload.acknowledgeUrl = acknowledgeUrl;
    }
    return {
      id: payload.id,
      type: payload.type,
      merchantId: order.merchant.id,
      supplierId: supplier.supplierId,
      subject: { type: 'order', id: order.id, label: order.number },
      guardKey: order.id,
      routingKey: amqpRoutingKey(order.merchant.slug, supplier.supplierSlug),
      topic: mqttTopic(order.merchant.slug, supplier.supplierSlug),
      payload,
    };
  });
}
