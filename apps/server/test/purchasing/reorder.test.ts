import { randomUUID } from 'node:crypto';
import type {
  OrderNowResult,
  PurchaseOrder,
  PurchaseOrderSummary,
  ReorderRule,
  StockPosition,
} from '@myb/contracts';
import { hasServices } from '@myb/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

/** What the tests of both files ask of a shop: its calls, as its owner unless said. */
function shopCalls(testApp: () => TestApp) {
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    as: SignedInUser,
    payload?: object,
  ) => testApp().app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });

  /** The shop's drafts written by its reorder rules, each with its lines. */
  const reorderDrafts = async (shop: ShopFixture): Promise<PurchaseOrder[]> => {
    const list = await call('GET', `/merchants/${shop.slug}/purchase-orders?status=draft`, shop.owner);
    expect(list.statusCode, list.body).toBe(200);
    const drafts = list
      .json<{ purchaseOrders: PurchaseOrderSummary[] }>()
      .purchaseOrders.filter((order) => order.origin === 'reorder');
    return Promise.all(
      drafts.map(async (draft) =>
        (
          await call('GET', `/merchants/${shop.slug}/purchase-orders/${draft.id}`, shop.owner)
        ).json<PurchaseOrder>(),
      ),
    );
  };
  /** Each reorder draft's lines as [product id, quantity], once the queue is empty. */
  const settledDraftLines = async (shop: ShopFixture, expected: [string, number][][]) => {
    await expect
      .poll(async () => {
        const waiting = await testApp()
          .database.db.selectFrom('reorder_checks')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow();
        const drafts = await reorderDrafts(shop);
        return {
          waiting: Number(waiting.count),
          lines: drafts.map((draft) => draft.lines.map((line) => [line.product.id, line.quantity])),
        };
      })
      .toEqual({ waiting: 0, lines: expected });
  };
  return { call, reorderDrafts, settledDraftLines };
}

describe.each(engines())('reorder rules on %s', (engine: Engine) => {
  let testApp: TestApp;
  let customer: SignedInUser;
  let cashier: SignedInUser;
  const { call, reorderDrafts, settledDraftLines } = shopCalls(() => testApp);

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [customer, cashier] = await Promise.all([signUpUser(testApp), signUpUser(testApp)]);
  });
  afterAll(() => closeCheckingStock(testApp));

  /** A shop of one supplier and `products` products with 10 each, its terms: packs of 6, at least 12, at 2.50. */
  const shopWithTerms = async (products = 1) => {
    const shop = await createShop(testApp, { suppliers: 1, products, stock: 10 });
    for (const productId of shop.productIds) {
      const terms = await call(
        'PUT',
        `/merchants/${shop.slug}/products/${productId}/suppliers/${shop.supplierIds[0]}`,
        shop.owner,
        {
          supplierSku: `SUP-${productId.slice(0, 4)}`,
          costMinor: 250,
          packSize: 6,
          minOrderQuantity: 12,
          leadTimeDays: 3,
          preferred: true,
        },
      );
      expect(terms.statusCode, terms.body).toBe(200);
    }
    return shop;
  };
  const setRule = async (shop: ShopFixture, productId: string, minimum: number, maximum: number) => {
    const answer = await call(
      'PUT',
      `/merchants/${shop.slug}/products/${productId}/reorder-rule`,
      shop.owner,
      { minimum, maximum },
    );
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json<ReorderRule>();
  };
  const buy = async (shop: ShopFixture, productId: string, quantity: number) => {
    const answer = await call('POST', '/orders', customer, {
      merchantSlug: shop.slug,
      items: [{ productId, quantity }],
    });
    expect(answer.statusCode, answer.body).toBe(201);
  };
  const positions = async (shop: ShopFixture, show: 'low' | 'all' = 'low') => {
    const answer = await call('GET', `/merchants/${shop.slug}/reorder-rules?show=${show}`, shop.owner);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json<{ rules: StockPosition[] }>().rules;
  };

  it("writes a product's need into its preferred supplier's draft as sales take it under its minimum: raised, never written twice", async () => {
    const shop = await shopWithTerms();
    const [productId] = shop.productIds as [string];
    const rule = await setRule(shop, productId, 5, 20);
    expect(rule).toMatchObject({ minimum: 5, maximum: 20, product: { id: productId, sku: 'SKU-0' } });

    await buy(shop, productId, 5);
    // 5 on hand is not under the minimum of 5.
    await settledDraftLines(shop, []);

    await buy(shop, productId, 1);
    // 4 on hand: 16 to reach 20, at least 12, in packs of 6 → 18.
    await settledDraftLines(shop, [[[productId, 18]]]);
    const [draft] = await reorderDrafts(shop);
    expect(draft).toMatchObject({
      status: 'draft',
      origin: 'reorder',
      createdBy: null,
      supplier: { id: shop.supplierIds[0] },
    });
    expect(draft!.lines[0]).toMatchObject({ costMinor: 250, supplierSku: `SUP-${productId.slice(0, 4)}` });
    expect(draft!.transitions).toEqual([expect.objectContaining({ from: null, to: 'draft', by: null })]);

    await buy(shop, productId, 2);
    await buy(shop, productId, 2);
    // 0 on hand: 20 → 24; the same draft, the same line.
    await settledDraftLines(shop, [[[productId, 24]]]);
  });

  it('counts what is on order: a sent purchase order covers the need until it is cancelled', async () => {
    const shop = await shopWithTerms();
    const [productId] = shop.productIds as [string];
    await setRule(shop, productId, 5, 20);
    await buy(shop, productId, 7);
    await settledDraftLines(shop, [[[productId, 18]]]);
    const [draft] = await reorderDrafts(shop);
    const sent = await call('POST', `/merchants/${shop.slug}/purchase-orders/${draft!.id}/send`, shop.owner);
    expect(sent.statusCode, sent.body).toBe(200);

    // 3 on hand + 18 on order = 21: nothing more is needed, however much more is sold meanwhile.
    await buy(shop, productId, 3);
    await settledDraftLines(shop, []);
    expect((await positions(shop))[0]).toMatchObject({ onHand: 0, onOrder: 18, inDraft: 0, needed: 0 });

    // Cancelled, nothing is on order: the rules write a new draft.
    const cancelled = await call(
      'POST',
      `/merchants/${shop.slug}/purchase-orders/${draft!.id}/cancel`,
      shop.owner,
      {
        reason: 'The supplier is closed this week',
      },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await settledDraftLines(shop, [[[productId, 24]]]);
    const [second] = await reorderDrafts(shop);
    expect(second!.id).not.toBe(draft!.id);
    expect(second!.number).not.toBe(draft!.number);
  });

  it('lists low stock with days of cover, and orders now what a rule needs', async () => {
    const shop = await shopWithTerms(2);
    const [first, second] = shop.productIds as [string, string];
    await buy(shop, first, 7);
    // Under the minimum already when the rule is set: evaluated at once.
    await setRule(shop, first, 5, 20);
    await settledDraftLines(shop, [[[first, 18]]]);
    await setRule(shop, second, 2, 30);

    expect(await positions(shop)).toEqual([
      {
        product: { id: first, sku: 'SKU-0', name: 'Product 0' },
        rule: { minimum: 5, maximum: 20 },
        onHand: 3,
        onOrder: 0,
        inDraft: 18,
        averageDailySales: 0.25,
        daysOfCover: 12,
        supplier: { id: shop.supplierIds[0], slug: 'supplier-0', name: 'Supplier 0' },
        needed: 18,
      },
    ]);
    expect(
      (await positions(shop, 'all')).map((position) => [position.product.id, position.daysOfCover]),
    ).toEqual([
      [first, 12],
      [second, null],
    ]);

    // "Order now" for a product not under its minimum says why nothing was ordered.
    const now = await call('POST', `/merchants/${shop.slug}/reorder-rules/order-now`, shop.owner, {
      productIds: [first, second],
    });
    expect(now.statusCode, now.body).toBe(200);
    const result = now.json<OrderNowResult>();
    expect(result.purchaseOrders).toEqual([
      {
        id: expect.any(String),
        number: expect.stringMatching(/^PO-\d{4}$/),
        supplier: { id: shop.supplierIds[0], name: 'Supplier 0' },
      },
    ]);
    expect(result.skipped).toEqual([
      {
        productId: second,
        reason: 'Product 1 is not below its minimum of 2 with what is on hand and on order.',
      },
    ]);
    await settledDraftLines(shop, [[[first, 18]]]);
  });

  it('says why a product without a preferred supplier cannot be ordered', async () => {
    const shop = await createShop(testApp, { suppliers: 0, products: 1, stock: 1 });
    const [productId] = shop.productIds as [string];
    await setRule(shop, productId, 5, 10);
    expect((await positions(shop))[0]).toMatchObject({ supplier: null, needed: 0 });
    const now = await call('POST', `/merchants/${shop.slug}/reorder-rules/order-now`, shop.owner, {
      productIds: [productId],
    });
    expect(now.json<OrderNowResult>()).toEqual({
      purchaseOrders: [],
      skipped: [{ productId, reason: 'Product 0 has no preferred supplier: choose one in the catalogue.' }],
    });
    await settledDraftLines(shop, []);
  });

  it('sends the draft at once to a supplier set to send automatically', async () => {
    const shop = await shopWithTerms();
    const [productId] = shop.productIds as [string];
    const set = await call('PATCH', `/merchants/${shop.slug}/suppliers/${shop.supplierIds[0]}`, shop.owner, {
      sendAutomatically: true,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ sendAutomatically: true });
    await setRule(shop, productId, 5, 20);
    await buy(shop, productId, 8);

    await expect
      .poll(async () => {
        const list = await call('GET', `/merchants/${shop.slug}/purchase-orders?status=sent`, shop.owner);
        return list
          .json<{ purchaseOrders: PurchaseOrderSummary[] }>()
          .purchaseOrders.map((order) => [order.origin, order.totalMinor]);
      })
      .toEqual([['reorder', 18 * 250]]);
    const [sent] = (
      await call('GET', `/merchants/${shop.slug}/purchase-orders?status=sent`, shop.owner)
    ).json<{
      purchaseOrders: PurchaseOrderSummary[];
    }>().purchaseOrders;
    const order = (
      await call('GET', `/merchants/${shop.slug}/purchase-orders/${sent!.id}`, shop.owner)
    ).json<PurchaseOrder>();
    expect(order.transitions.map((step) => [step.from, step.to, step.by])).toEqual([
      [null, 'draft', null],
      ['draft', 'sent', null],
    ]);
    const events = await testApp.database.db
      .selectFrom('outbox_events')
      .select(['type', 'routing_key'])
      .where('subject_id', '=', sent!.id)
      .execute();
    expect(events).toEqual([{ type: 'purchase_order.sent', routing_key: `${shop.slug}.supplier-0` }]);
  });

  it("refuses bad rules with a sentence, and answers another shop's product as unknown", async () => {
    const shop = await shopWithTerms();
    const other = await createShop(testApp, { suppliers: 0, products: 1 });
    const [productId] = shop.productIds as [string];
    const rule = (id: string, payload: object, as = shop.owner) =>
      call('PUT', `/merchants/${shop.slug}/products/${id}/reorder-rule`, as, payload);

    for (const [payload, message] of [
      [{ minimum: 10, maximum: 5 }, 'make it at least the minimum'],
      [{ minimum: -1, maximum: 5 }, 'cannot be negative'],
      [{ minimum: 1.5, maximum: 5 }, 'whole number'],
      [{ minimum: 0, maximum: 0 }, 'at least 1'],
      [{ minimum: 1, maximum: 1e12 }, 'at most'],
      [{ minimum: '1', maximum: 5 }, 'whole number'],
    ] as const) {
      const answer = await rule(productId, payload);
      expect(answer.statusCode, JSON.stringify(payload)).toBe(400);
      expect(answer.json<{ message: string }>().message).toContain(message);
    }
    const unknown = await rule(randomUUID(), { minimum: 1, maximum: 5 });
    const others = await rule(other.productIds[0]!, { minimum: 1, maximum: 5 });
    expect([unknown.statusCode, others.statusCode]).toEqual([404, 404]);
    expect(others.json()).toEqual(unknown.json());

    const removedWithout = await call(
      'DELETE',
      `/merchants/${shop.slug}/products/${productId}/reorder-rule`,
      shop.owner,
    );
    expect(removedWithout.statusCode).toBe(404);
    expect(removedWithout.json<{ message: string }>().message).toBe(
      'Product 0 has no reorder rule to remove.',
    );

    const unruled = await call('POST', `/merchants/${shop.slug}/reorder-rules/order-now`, shop.owner, {
      productIds: [productId],
    });
    expect(unruled.statusCode).toBe(404);

    const staffed = await call('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
      email: cashier.email,
      role: 'cashier',
    });
    expect(staffed.statusCode, staffed.body).toBe(200);
    expect((await rule(productId, { minimum: 1, maximum: 5 }, cashier)).statusCode).toBe(403);

    await setRule(shop, productId, 1, 5);
    const removed = await call(
      'DELETE',
      `/merchants/${shop.slug}/products/${productId}/reorder-rule`,
      shop.owner,
    );
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await positions(shop, 'all')).toEqual([]);
  });
});

// PGlite has one connection and proves nothing about locking: this runs on PostgreSQL only.
describe.skipIf(!hasServices('reorder rules under concurrency', 'postgres'))(
  'reorder rules under concurrency on PostgreSQL',
  () => {
    let testApp: TestApp;
    const { call, reorderDrafts, settledDraftLines } = shopCalls(() => testApp);
    beforeAll(async () => {
      testApp = await buildTestApp('postgres');
    });
    afterAll(() => closeCheckingStock(testApp));

    it('writes exactly one draft line, of the right quantity, when 100 sales at once take a product under its minimum', async () => {
      const shop = await createShop(testApp, { suppliers: 1, products: 1, stock: 105 });
      const [productId] = shop.productIds as [string];
      const customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
      const ruled = await call(
        'PUT',
        `/merchants/${shop.slug}/products/${productId}/reorder-rule`,
        shop.owner,
        { minimum: 10, maximum: 50 },
      );
      expect(ruled.statusCode, ruled.body).toBe(200);

      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          call('POST', '/orders', customers[i % customers.length]!, {
            merchantSlug: shop.slug,
            items: [{ productId, quantity: 1 }],
          }),
        ),
      );
      expect(answers.map((answer) => answer.statusCode)).toEqual(Array.from({ length: 100 }, () => 201));

      // 5 on hand, nothing on order: 45 to reach 50.
      await settledDraftLines(shop, [[[productId, 45]]]);
      const counts = await sql<{ drafts: number; lines: number }>`
      SELECT count(DISTINCT po.id)::int AS drafts, count(line.*)::int AS lines
      FROM purchase_orders AS po JOIN purchase_order_lines AS line ON line.purchase_order_id = po.id
      WHERE po.merchant_id = (SELECT merchant_id FROM products WHERE id = ${productId})`.execute(
        testApp.database.db,
      );
      expect(counts.rows).toEqual([{ drafts: 1, lines: 1 }]);
      expect((await reorderDrafts(shop))[0]!.number).toBe('PO-0001');
    });
  },
);
