import { randomUUID } from 'node:crypto';
import type { DeliveryStep, Order, OrderStatus, PlaceOrder } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import { createOutboxRepository, type OutboxRow } from '../../outbox/outbox.repository';
import { requireActor, type Actor } from '../auth/actor';
import { createDeliveriesRepository } from '../deliveries/deliveries.repository';
import { currentStage, emailedRecipients, toDeliverySteps } from '../deliveries/trail';
import type { MerchantsService } from '../merchants/merchants.service';
import { orderDispatchedEvents } from './dispatch-event';
import { createOrdersRepository } from './orders.repository';

export interface OrdersServiceOptions {
  /**
   * Called after a dispatch commits, so the outbox relay publishes without waiting for its next
   * poll; with `claimEventsForMs`, given the events, already leased to this process's relay.
   */
  onEventsCommitted: (claimed?: OutboxRow[]) => void;
  claimEventsForMs?: number;
}

/** Order numbers read like the seed's "A-1042": the shop's initial and a number from a sequence. */
const orderNumberPrefix = (merchantSlug: string) => `${merchantSlug[0]!.toUpperCase()}-`;

/** The agent-facing part of a delivery: how far it got, who was e-mailed, and every step. */
function trailOf(trail: DeliveryStep[]) {
  return { stage: currentStage(trail), emailedTo: emailedRecipients(trail), trail };
}

export function createOrdersService(db: Kysely<Database>, merchants: MerchantsService, options: OrdersServiceOptions) {
  const orders = createOrdersRepository(db);
  const outbox = createOutboxRepository(db);
  const deliveries = createDeliveriesRepository(db);

  async function load(filter: Parameters<typeof orders.list>[0]): Promise<Order[]> {
    const rows = await orders.list(filter);
    const ids = rows.map((row) => row.id);
    const [items, events] = await Promise.all([orders.itemsOf(ids), outbox.listForOrders(ids)]);
    const trails = toDeliverySteps(await deliveries.stepsOf(events.map((event) => event.id)));
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      status: row.status,
      merchant: { slug: row.merchant_slug, name: row.merchant_name },
      customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
      currency: row.currency,
      totalMinor: row.total_minor,
      createdAt: row.created_at.toISOString(),
      dispatchedAt: row.dispatched_at?.toISOString() ?? null,
      items: items
        .filter((item) => item.order_id === row.id)
        .map((item) => ({
          productId: item.product_id,
          sku: item.sku,
          name: item.name,
          unitPriceMinor: item.unit_price_minor,
          quantity: item.quantity,
        })),
      deliveries: events
        .filter((delivery) => delivery.order_id === row.id)
        .map((delivery) => ({
          eventId: delivery.id,
          supplier: { id: delivery.supplier_id, slug: delivery.supplier_slug, name: delivery.supplier_name },
          routingKey: delivery.routing_key,
          status: delivery.status,
          attempts: delivery.attempts,
          lastError: delivery.last_error,
          publishedAt: delivery.published_at?.toISOString() ?? null,
          ...trailOf(trails.get(delivery.id) ?? []),
        })),
    }));
  }

  async function loadOne(filter: Parameters<typeof orders.list>[0]): Promise<Order> {
    const [order] = await load(filter);
    if (!order) {
      throw notFound('order');
    }
    return order;
  }

  return {
    /**
     * Takes the stock of every line or of none: the first line short of stock rolls the whole
     * order back and says which product and how many are left.
     */
    async place(actor: Actor | null, input: PlaceOrder): Promise<Order> {
      const customer = requireActor(actor);
      const merchant = await merchants.findOrThrow(input.merchantSlug);
      const quantities = new Map<string, number>();
      for (const item of input.items) {
        quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
      }
      return db.transaction().execute(async (trx): Promise<Order> => {
        const repository = createOrdersRepository(trx);
        const products = await repository.findProducts(merchant.id, [...quantities.keys()]);
        const unknown = [...quantities.keys()].filter((id) => !products.some((product) => product.id === id));
        if (unknown.length > 0) {
          throw notFound(`product ${unknown.join(', ')} in the shop "${merchant.slug}"`);
        }
        // A fixed lock order (by id) keeps two multi-line orders from deadlocking on each other.
        products.sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const product of products) {
          const quantity = quantities.get(product.id)!;
          if (!(await repository.takeStock(product.id, quantity))) {
            throw conflict(`not enough ${product.name} in stock: asked for ${quantity}, ${product.stock} left`, [
              { path: `body.items.${input.items.findIndex((item) => item.productId === product.id)}.quantity`, message: `${product.stock} left` },
            ]);
          }
        }
        const totalMinor = products.reduce((sum, product) => sum + product.price_minor * quantities.get(product.id)!, 0);
        const order = await repository.insertOrder({
          merchantId: merchant.id,
          customerId: customer.userId,
          numberPrefix: orderNumberPrefix(merchant.slug),
          totalMinor,
        });
        const items = products.map((product) => ({
          productId: product.id,
          sku: product.sku,
          name: product.name,
          unitPriceMinor: product.price_minor,
          quantity: quantities.get(product.id)!,
        }));
        await repository.insertItems(items.map((item) => ({ orderId: order.id, ...item })));
        // The reply is built from what this transaction wrote rather than read back: a new order
        // has no deliveries yet, and its lines are listed by name as `load` lists them.
        return {
          id: order.id,
          number: order.number,
          status: order.status,
          merchant: { slug: merchant.slug, name: merchant.name },
          customer: { id: customer.userId, name: order.customer_name ?? '', email: order.customer_email ?? '' },
          currency: merchant.currency,
          totalMinor,
          createdAt: order.created_at.toISOString(),
          dispatchedAt: null,
          items: items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
          deliveries: [],
        };
      });
    },

    listMine: (actor: Actor | null) => load({ customerId: requireActor(actor).userId }),

    getMine: (actor: Actor | null, orderId: string) => loadOne({ customerId: requireActor(actor).userId, orderId }),

    async listForMerchant(actor: Actor | null, merchantSlug: string, status?: OrderStatus): Promise<Order[]> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'orders');
      return load({ merchantId: merchant.id, status });
    },

    async getForMerchant(actor: Actor | null, merchantSlug: string, orderId: string): Promise<Order> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'orders');
      return loadOne({ merchantId: merchant.id, orderId });
    },

    /**
     * Closes the order and, in the same transaction, writes one outbox event per supplier
     * concerned: once this commits, the suppliers will hear of it even if the broker is down now.
     */
    async dispatch(actor: Actor | null, merchantSlug: string, orderId: string): Promise<Order> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'orders');
      const claimed = await db.transaction().execute(async (trx) => {
        const repository = createOrdersRepository(trx);
        const order = await repository.lockForDispatch(merchant.id, orderId);
        if (!order) {
          throw notFound('order');
        }
        if (order.status === 'closed') {
          throw conflict(`order ${order.number} is already dispatched`);
        }
        const { dispatched_at } = await repository.close(orderId);
        const events = orderDispatchedEvents(
          { id: order.id, number: order.number, merchant, occurredAt: dispatched_at ?? new Date() },
          await repository.supplierLines(orderId),
          randomUUID,
        );
        return createOutboxRepository(trx).insert(events, options.claimEventsForMs);
      });
      options.onEventsCommitted(claimed);
      return loadOne({ merchantId: merchant.id, orderId });
    },
  };
}
export type OrdersService = ReturnType<typeof createOrdersService>;
