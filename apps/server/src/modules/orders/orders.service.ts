import { randomUUID } from 'node:crypto';
import {
  parseOrderNumber,
  saleTotals,
  taxTotalsOf,
  type CustomerCancelOrder,
  type MyOrderSearch,
  type Order,
  type OrderPage,
  type OrderStatus,
  type PlaceOrder,
  type ShopCancelOrder,
  type ShopOrderSearch,
} from '@myb/contracts';
import { createStatementBatcher } from '../../db/statement-batcher';
import { conflict, notFound, unauthorized } from '../../http/errors';
import { authorize, type ShopCaller, type ShopCallerToCheck } from '../access/access';
import type { AccessRepository, Credential } from '../access/access.repository';
import { requireActor, type Actor } from '../auth/actor';
import type { NewEvent } from '../events/event';
import { queuedDelivery, type EventsService, type WrittenEvent } from '../events/events.service';
import type { NewOrderMessageDeadline } from '../order-acknowledgements/order-acknowledgements.repository';
import type { OrderAcknowledgementsService } from '../order-acknowledgements/order-acknowledgements.service';
import { orderDispatchedEvents, type DispatchedLine } from './dispatch-event';
import { orderNumberPrefix } from './order-numbers';
import { createPriceBook } from './price-book';
import {
  contended,
  type OrderItemRow,
  type OrdersRepository,
  type PlaceOrderInput,
} from './orders.repository';

export interface OrdersServiceOptions {
  /** Where a dispatch's events are written, and its deliveries read. */
  events: Pick<EventsService, 'write' | 'deliveriesOf'>;
  /** The links and deadlines of the messages suppliers are asked to acknowledge, written with them. */
  acknowledgements: Pick<OrderAcknowledgementsService, 'forDispatch' | 'alongside'>;
  /** Statements placing orders, and closing dispatched ones, at once (`createStatementBatcher`). */
  orderStatements: number;
}

/** Fresh reads of an order's prices while they change under it, before it is refused (409). */
const PRICING_READS = 3;
/**
 * Products whose prices one server keeps for orders, over all shops (a few hundred bytes each), and
 * how many a shop's first order reads.
 */
const PRICE_BOOK = { capacity: 100_000, firstRead: 5_000 };

export interface OrdersRepositories {
  orders: OrdersRepository;
  access: AccessRepository;
}

export function createOrdersService({ orders, access }: OrdersRepositories, options: OrdersServiceOptions) {
  const { events, acknowledgements } = options;
  const placement = createStatementBatcher(
    { run: orders.place, alone: contended, weight: (order) => order.lines.length },
    { concurrency: options.orderStatements, maxItems: 32, maxWeight: 400 },
  );

  interface Closing {
    merchantId: string;
    orderId: string;
    at: Date;
    events: NewEvent[];
    /** Of the messages that need acknowledgement, written with them. */
    deadlines: NewOrderMessageDeadline[];
  }
  /**
   * Closes dispatched orders and writes their events, several dispatches in one statement at rush
   * hour. An order twice in one batch (two dispatches at once) goes once; the other finds it closed.
   */
  async function closeOrders(closings: Closing[]): Promise<{ written: boolean; rows: WrittenEvent[] }[]> {
    const first = new Map<string, Closing>();
    for (const closing of closings) {
      if (!first.has(closing.orderId)) {
        first.set(closing.orderId, closing);
      }
    }
    const once = [...first.values()];
    const { keys, rows } = await events.write(
      once.flatMap((closing) => closing.events),
      {
        guard: orders.closeIfOpen(once),
        alongside: acknowledgements.alongside(once.flatMap((closing) => closing.deadlines)),
      },
    );
    const closed = new Set(keys);
    return closings.map((closing) =>
      first.get(closing.orderId) === closing && closed.has(closing.orderId)
        ? { written: true, rows: rows.filter((row) => row.subject_id === closing.orderId) }
        : { written: false, rows: [] },
    );
  }
  const closing = createStatementBatcher(
    { run: closeOrders, weight: (item) => item.events.length },
    { concurrency: options.orderStatements, maxItems: 32, maxWeight: 400 },
  );

  type OrderRow = Awaited<ReturnType<typeof orders.list>>[number];
  /** The suppliers told of a dispatch of these lines, each once, by name. */
  function suppliersOf(lines: DispatchedLine[]): NonNullable<Order['suppliers']> {
    const suppliers = new Map(
      lines.map((line) => [
        line.supplierId,
        { id: line.supplierId, slug: line.supplierSlug, name: line.supplierName },
      ]),
    );
    return [...suppliers.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Who reads the order: a shop's staff see which of them cancelled it, its customer sees the shop. */
  type Viewer = 'customer' | 'shop';

  function cancellationOf(row: OrderRow, viewer: Viewer): Order['cancellation'] {
    if (!row.cancelled_at || !row.cancelled_as) {
      return null;
    }
    const name =
      row.cancelled_as === 'shop' && viewer === 'customer'
        ? row.merchant_name
        : (row.cancelled_by_name ?? '');
    return { at: row.cancelled_at.toISOString(), by: row.cancelled_as, name, reason: row.cancel_reason };
  }

  /** An order's lines as the DTO shows them, from their rows as recorded or as just placed. */
  function itemsOf(items: OrderItemRow[]): Order['items'] {
    return items.map((item) => ({
      productId: item.product_id,
      sku: item.sku,
      name: item.name,
      unitPriceMinor: item.unit_price_minor,
      quantity: item.quantity,
      amountMinor: item.amount_minor,
      taxRate:
        item.tax_rate_id === null
          ? null
          : { id: item.tax_rate_id, name: item.tax_rate_name ?? '', ratePpm: item.tax_rate_ppm ?? 0 },
      taxMinor: item.tax_minor,
      netMinor: item.net_minor,
    }));
  }

  function toOrder(
    row: OrderRow,
    items: OrderItemRow[],
    deliveries: Order['deliveries'],
    viewer: Viewer,
  ): Order {
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      merchant: { slug: row.merchant_slug, name: row.merchant_name },
      customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
      currency: row.currency,
      pricesIncludeTax: row.prices_include_tax,
      taxMinor: row.tax_minor,
      totalMinor: row.total_minor,
      taxes: taxTotalsOf(itemsOf(items)),
      createdAt: row.created_at.toISOString(),
      dispatchedAt: row.dispatched_at?.toISOString() ?? null,
      cancellation: cancellationOf(row, viewer),
      items: itemsOf(items),
      deliveries,
    };
  }

  async function load(filter: Parameters<typeof orders.list>[0], viewer: Viewer): Promise<Order[]> {
    const rows = await orders.list(filter);
    const ids = rows.map((row) => row.id);
    const [items, deliveries] = await Promise.all([orders.itemsOf(ids), events.deliveriesOf(ids)]);
    return rows.map((row) =>
      toOrder(
        row,
        items.filter((item) => item.order_id === row.id),
        deliveries.get(row.id) ?? [],
        viewer,
      ),
    );
  }

  /**
   * One page of a list. The order it starts before must be one of the same list's (the shop's, or
   * the customer's), whatever its status now: another's, or none, is refused rather than taken for
   * the end of the list.
   */
  async function loadPage(
    scope: { merchantId?: string; customerId?: string; status?: OrderStatus },
    { before, limit, q, from, to }: OrderPage & { q?: string; from?: string; to?: string },
  ): Promise<Order[]> {
    if (before) {
      const [known] = await orders.list({
        merchantId: scope.merchantId,
        customerId: scope.customerId,
        orderId: before,
        limit: 1,
      });
      if (!known) {
        throw notFound(`order ${before}`);
      }
    }
    const viewer: Viewer = scope.merchantId ? 'shop' : 'customer';
    const search =
      q && parseOrderNumber(q)
        ? { number: q }
        : q
          ? { text: { in: viewer === 'shop' ? ('customer' as const) : ('shop' as const), value: q } }
          : {};
    return load({ ...scope, ...search, from, to, before, limit }, viewer);
  }

  async function loadOne(filter: Parameters<typeof orders.list>[0], viewer: Viewer): Promise<Order> {
    const [order] = await load(filter, viewer);
    if (!order) {
      throw notFound('order');
    }
    return order;
  }

  /**
   * Cancels an open order of `scope` and gives its stock back, or says why not: 404 when the order
   * is not the scope's (another shop's or customer's order reads as one that does not exist), 409
   * when it was dispatched or cancelled first (the statement decides, so of two at once one wins).
   */
  async function cancel(
    orderId: string,
    scope: { merchantId: string } | { customerId: string },
    by: { userId: string; as: Viewer; reason: string | null },
  ): Promise<Order> {
    const cancelled = await orders.cancelIfOpen(orderId, scope, by);
    const order = await loadOne({ ...scope, orderId }, by.as);
    if (!cancelled) {
      throw order.status === 'closed'
        ? conflict(`Order ${order.number} was already dispatched; it can no longer be cancelled.`)
        : conflict(`Order ${order.number} was already cancelled.`);
    }
    return order;
  }

  /** What orders are priced from, read only when it is not known or has changed (`createPriceBook`). */
  const priceBook = createPriceBook(orders.priceView, PRICE_BOOK);

  /**
   * The order priced as the register prices a sale (`saleTotals`, without a cart discount) at what
   * the price book says: each product's price and rate, the shop's settings. A product it did not find
   * is left at 0 for the placing statement to refuse by name.
   */
  async function priceOrder(
    order: Omit<PlaceOrderInput, 'pricesIncludeTax' | 'taxRounding' | 'taxMinor' | 'totalMinor' | 'lines'>,
    quantities: Map<string, number>,
  ): Promise<PlaceOrderInput> {
    const view = await priceBook.view(order.merchantSlug, [...quantities.keys()]);
    const settings = {
      pricesIncludeTax: view?.prices_include_tax ?? true,
      taxRounding: view?.tax_rounding ?? ('line' as const),
    };
    const products = new Map(view?.products.map((product) => [product.id, product]));
    const lines = [...quantities].map(([productId, quantity]) => {
      const product = products.get(productId);
      return {
        productId,
        quantity,
        unitPriceMinor: product?.price_minor ?? 0,
        discountMinor: 0,
        taxRate:
          !product || product.tax_rate_id === null
            ? null
            : {
                id: product.tax_rate_id,
                name: product.tax_rate_name ?? '',
                ratePpm: product.tax_rate_ppm ?? 0,
              },
      };
    });
    const totals = saleTotals(lines, 0, settings);
    return {
      ...order,
      ...settings,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
      lines: lines.map((line, index) => ({
        ...line,
        amountMinor: totals.lines[index]!.amountMinor,
        taxMinor: totals.lines[index]!.taxMinor,
        netMinor: totals.lines[index]!.netMinor,
      })),
    };
  }

  return {
    /**
     * Takes the stock of every line or of none: the first line short of stock leaves everything as
     * it was and says which product and how many are left. The order's statement checks the
     * request's session itself (`callerCtes`); an API token is looked up only to be refused, as on
     * every customer's route.
     */
    async place(credential: Credential | null, input: PlaceOrder): Promise<Order> {
      if (credential?.kind !== 'session') {
        requireActor(credential && (await access.find(credential)).actor);
        throw unauthorized();
      }
      const quantities = new Map<string, number>();
      for (const item of input.items) {
        quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
      }
      const order = {
        sessionTokenHash: credential.tokenHash,
        merchantSlug: input.merchantSlug,
        numberPrefix: orderNumberPrefix(input.merchantSlug),
      };
      // Priced from the price book, placed only if the locked rows still say the same (see
      // `placeOrdersStatement`): a price, a rate or the shop's setting changed since is read again.
      let lines = await placement.run(await priceOrder(order, quantities));
      for (let read = 0; read < PRICING_READS && lines.some((line) => line.priced === false); read++) {
        priceBook.forget(input.merchantSlug);
        lines = await placement.run(await priceOrder(order, quantities));
      }
      const [first] = lines;
      if (!first?.customer_id) {
        throw unauthorized();
      }
      if (!first.merchant_id) {
        throw notFound(`shop "${input.merchantSlug}"`);
      }
      if (first.merchant_closed_at) {
        throw conflict(`${first.merchant_name} has closed and takes no new orders.`);
      }
      const unknown = lines.filter((line) => line.name === null).map((line) => line.product_id);
      if (unknown.length > 0) {
        throw notFound(`product ${unknown.join(', ')} in the shop "${input.merchantSlug}"`);
      }
      // Lines come in product id order, the order their stock was locked and checked in.
      const short = lines.find((line) => line.stock! < line.quantity);
      if (short) {
        throw conflict(
          `not enough ${short.name} in stock: asked for ${short.quantity}, ${short.stock} left`,
          [
            {
              path: `body.items.${input.items.findIndex((item) => item.productId === short.product_id)}.quantity`,
              message: `${short.stock} left`,
            },
          ],
        );
      }
      if (!first.order_id && lines.some((line) => line.priced === false)) {
        throw conflict(
          `${first.merchant_name} is changing its prices right now: place the order again in a moment.`,
        );
      }
      if (!first.order_id) {
        throw new Error('the order was neither placed nor refused');
      }
      // The reply is built from what the statement wrote rather than read back: a new order
      // has no deliveries yet, and its lines are listed by name as `load` lists them.
      const items = itemsOf(
        lines.map((line) => ({
          product_id: line.product_id,
          sku: line.sku!,
          name: line.name!,
          unit_price_minor: line.price_minor!,
          quantity: line.quantity,
          amount_minor: line.amount_minor,
          tax_rate_id: line.tax_rate_id,
          tax_rate_name: line.tax_rate_name,
          tax_rate_ppm: line.tax_rate_ppm,
          tax_minor: line.line_tax_minor,
          net_minor: line.net_minor,
        })),
      );
      return {
        id: first.order_id,
        number: first.number!,
        status: first.status!,
        merchant: { slug: input.merchantSlug, name: first.merchant_name! },
        customer: {
          id: first.customer_id,
          name: first.customer_name ?? '',
          email: first.customer_email ?? '',
        },
        currency: first.currency!,
        pricesIncludeTax: first.prices_include_tax,
        taxMinor: first.tax_minor!,
        totalMinor: first.total_minor!,
        taxes: taxTotalsOf(items),
        createdAt: first.created_at!.toISOString(),
        dispatchedAt: null,
        cancellation: null,
        items: items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        deliveries: [],
      };
    },

    listMine: (actor: Actor | null, query: MyOrderSearch) =>
      loadPage({ customerId: requireActor(actor).userId }, query),

    getMine: (actor: Actor | null, orderId: string) =>
      loadOne({ customerId: requireActor(actor).userId, orderId }, 'customer'),

    /** The customer cancels their own order while it is open; the reason is theirs to give or not. */
    cancelMine: (actor: Actor | null, orderId: string, input: CustomerCancelOrder) => {
      const { userId } = requireActor(actor);
      return cancel(
        orderId,
        { customerId: userId },
        { userId, as: 'customer', reason: input.reason || null },
      );
    },

    async listForMerchant({ shop: merchant }: ShopCaller, query: ShopOrderSearch): Promise<Order[]> {
      return loadPage({ merchantId: merchant.id, status: query.status }, query);
    },

    /** With the suppliers a dispatch would tell, read as the dispatch reads them, for the shop to confirm. */
    async getForMerchant({ shop: merchant }: ShopCaller, orderId: string): Promise<Order> {
      const [order, view] = await Promise.all([
        loadOne({ merchantId: merchant.id, orderId }, 'shop'),
        orders.dispatchView(merchant.slug, orderId, null),
      ]);
      return { ...order, suppliers: suppliersOf(view.order?.lines ?? []) };
    },

    /** The shop cancels an open order, saying why; anyone who may handle the shop's orders may. */
    async cancelForMerchant(
      { shop: merchant, actor }: ShopCaller,
      orderId: string,
      input: ShopCancelOrder,
    ): Promise<Order> {
      return cancel(
        orderId,
        { merchantId: merchant.id },
        { userId: actor.userId, as: 'shop', reason: input.reason },
      );
    },

    /**
     * Closes the order and, in the same statement, writes one outbox event per supplier concerned:
     * once this commits, the suppliers will hear of it even if the broker is down now. The lines are
     * read first, without a lock: an order's lines never change, and the close itself decides.
     * The read finds the caller of the request's credential (session or API token) at the shop too,
     * and the caller is authorized as the route says before anything else is told.
     */
    async dispatch({ credential, slug, permission }: ShopCallerToCheck, orderId: string): Promise<Order> {
      // No credential is refused before anything is read, as `authorize` would refuse it after.
      const view = credential ? await orders.dispatchView(slug, orderId, credential) : null;
      const { shop: merchant } = authorize(view?.caller ?? { actor: null }, slug, permission);
      const order = view?.order;
      if (!order) {
        throw notFound('order');
      }
      const refusal = (status: OrderStatus) =>
        status === 'cancelled'
          ? conflict(`Order ${order.number} was cancelled; it can no longer be dispatched.`)
          : conflict(`order ${order.number} is already dispatched`);
      if (order.status !== 'open') {
        throw refusal(order.status);
      }
      const dispatchedAt = new Date();
      const asked = acknowledgements.forDispatch(
        orderId,
        order.lines.map((line) => ({
          id: line.supplierId,
          needsAcknowledgement: line.needsAcknowledgement,
          acknowledgeWithinHours: line.acknowledgeWithinHours,
        })),
        dispatchedAt,
        view.timeZone,
      );
      const dispatched = orderDispatchedEvents(
        { id: orderId, number: order.number, merchant, occurredAt: dispatchedAt },
        order.lines,
        randomUUID,
        asked.acknowledgeUrls,
      );
      const { written, rows } = await closing.run({
        merchantId: merchant.id,
        orderId,
        at: dispatchedAt,
        events: dispatched,
        deadlines: asked.deadlinesOf(dispatched),
      });
      if (!written) {
        // Dispatched or cancelled meanwhile: read which, only now that the dispatch lost.
        const [now] = await orders.list({ merchantId: merchant.id, orderId, limit: 1 });
        throw refusal(now?.status ?? 'closed');
      }
      // The reply is what was just written, as a read would find it at the commit: no further round trip.
      const suppliers = new Map(order.lines.map((line) => [line.supplierId, line]));
      const queued = rows.map((row) => {
        const { supplierSlug, supplierName } = suppliers.get(row.supplier_id)!;
        return queuedDelivery(row, { id: row.supplier_id, slug: supplierSlug, name: supplierName });
      });
      queued.sort((a, b) => a.supplier.name.localeCompare(b.supplier.name));
      const closed = { ...order, status: 'closed' as const, dispatched_at: dispatchedAt };
      const notCancelled = {
        cancelled_at: null,
        cancelled_as: null,
        cancel_reason: null,
        cancelled_by_name: null,
      };
      return {
        ...toOrder({ ...closed, ...notCancelled }, order.items, queued, 'shop'),
        suppliers: suppliersOf(order.lines),
      };
    },
  };
}
export type OrdersService = ReturnType<typeof createOrdersService>;
