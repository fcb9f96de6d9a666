import { randomUUID } from 'node:crypto';
import type {
  CreatePurchaseOrder,
  PurchaseOrder,
  PurchaseOrderSentV1,
  PurchaseReceipt,
  ReceivePurchaseOrder,
  StockMovement,
} from '@myb/contracts';
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

describe.each(engines())('purchase orders on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let manager: SignedInUser;
  let cashier: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop, manager, cashier] = await Promise.all([
      createShop(testApp, { suppliers: 2, products: 3, stock: 10 }),
      createShop(testApp, { suppliers: 1, products: 1 }),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    for (const [person, role] of [
      [manager, 'manager'],
      [cashier, 'cashier'],
    ] as const) {
      const added = await call('POST', `/merchants/${shop.slug}/staff`, { email: person.email, role });
      expect(added.statusCode, added.body).toBe(200);
    }
  });
  afterAll(() => closeCheckingStock(testApp));

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    as: SignedInUser = shop.owner,
  ) => testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const at = (path = '', fixture = shop) => `/merchants/${fixture.slug}/purchase-orders${path}`;
  const db = () => testApp.database.db;

  const draftOf = (fixture: ShopFixture, body: Partial<CreatePurchaseOrder> = {}): CreatePurchaseOrder => ({
    id: randomUUID(),
    supplierId: fixture.supplierIds[0]!,
    lines: [{ productId: fixture.productIds[0]!, quantity: 10, costMinor: 250 }],
    ...body,
  });
  /** A draft written, and sent unless `sent` is false, in `fixture` (the shared shop unless said). */
  const purchaseOrder = async (
    body: Partial<CreatePurchaseOrder> = {},
    { sent = true, fixture = shop } = {},
  ) => {
    const made = await call('POST', at('', fixture), draftOf(fixture, body), fixture.owner);
    expect(made.statusCode, made.body).toBe(201);
    const order = made.json<PurchaseOrder>();
    if (!sent) {
      return order;
    }
    const sending = await call('POST', at(`/${order.id}/send`, fixture), undefined, fixture.owner);
    expect(sending.statusCode, sending.body).toBe(200);
    return sending.json<PurchaseOrder>();
  };
  const receive = (
    orderId: string,
    body: Omit<ReceivePurchaseOrder, 'id'> & { id?: string },
    as = shop.owner,
    fixture = shop,
  ) => call('POST', at(`/${orderId}/receipts`, fixture), { id: randomUUID(), ...body }, as);
  const productOf = (productId: string) =>
    db()
      .selectFrom('products')
      .select(['stock', 'average_cost_minor'])
      .where('id', '=', productId)
      .executeTakeFirstOrThrow();
  const setAverageCost = (productId: string, averageCostMinor: number | null) =>
    db()
      .updateTable('products')
      .set({ average_cost_minor: averageCostMinor })
      .where('id', '=', productId)
      .execute();
  const transitionsOf = (order: PurchaseOrder) =>
    order.transitions.map((step) => [step.from, step.to, step.note]);

  describe('their whole life', () => {
    it('goes from draft to received: edited, sent with its message, received in two parts with stock, movements and average cost', async () => {
      const fixture = await createShop(testApp, {
        slug: `po-${randomUUID().slice(0, 8)}`,
        suppliers: 1,
        products: 2,
        stock: 10,
      });
      const [first, second] = fixture.productIds as [string, string];
      const made = await call(
        'POST',
        at('', fixture),
        draftOf(fixture, {
          lines: [
            { productId: first, quantity: 10, costMinor: 250, supplierSku: 'BC-0' },
            { productId: second, quantity: 4, costMinor: 1000 },
          ],
          expectedOn: '2026-12-10',
          note: '  Use the side door.  ',
        }),
        fixture.owner,
      );
      expect(made.statusCode, made.body).toBe(201);
      const draft = made.json<PurchaseOrder>();
      expect(draft).toMatchObject({
        number: 'PO-0001',
        status: 'draft',
        supplier: { id: fixture.supplierIds[0], slug: 'supplier-0', name: 'Supplier 0' },
        currency: 'EUR',
        expectedOn: '2026-12-10',
        note: 'Use the side door.',
        lineCount: 2,
        totalMinor: 10 * 250 + 4 * 1000,
        deliveries: [],
        receipts: [],
      });
      expect(draft.lines).toEqual([
        {
          position: 1,
          product: { id: first, sku: 'SKU-0', name: 'Product 0' },
          quantity: 10,
          quantityReceived: 0,
          quantityConfirmed: null,
          costMinor: 250,
          supplierSku: 'BC-0',
          amountMinor: 2500,
        },
        {
          position: 2,
          product: { id: second, sku: 'SKU-1', name: 'Product 1' },
          quantity: 4,
          quantityReceived: 0,
          quantityConfirmed: null,
          costMinor: 1000,
          supplierSku: null,
          amountMinor: 4000,
        },
      ]);

      // Edited as a draft: the lines replaced, the note changed, the date kept.
      const edited = await call(
        'PATCH',
        at(`/${draft.id}`, fixture),
        {
          lines: [
            { productId: first, quantity: 12, costMinor: 250, supplierSku: 'BC-0' },
            { productId: second, quantity: 4, costMinor: 1000, supplierSku: ' ' },
          ],
          note: 'Side door, before noon.',
        },
        fixture.owner,
      );
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json<PurchaseOrder>()).toMatchObject({
        status: 'draft',
        expectedOn: '2026-12-10',
        note: 'Side door, before noon.',
        totalMinor: 12 * 250 + 4 * 1000,
        lines: [
          { quantity: 12, supplierSku: 'BC-0' },
          { quantity: 4, supplierSku: null },
        ],
      });

      // Sent: one message on the supplier's routing key, written with the change of status.
      const sent = await call('POST', at(`/${draft.id}/send`, fixture), undefined, fixture.owner);
      expect(sent.statusCode, sent.body).toBe(200);
      const order = sent.json<PurchaseOrder>();
      expect(order.status).toBe('sent');
      expect(order.deliveries).toHaveLength(1);
      expect(order.deliveries[0]).toMatchObject({
        supplier: { slug: 'supplier-0' },
        routingKey: `${fixture.slug}.supplier-0`,
        status: 'pending',
        stage: 'queued',
      });
      const outbox = await db()
        .selectFrom('outbox_events')
        .selectAll()
        .where('subject_id', '=', draft.id)
        .execute();
      expect(outbox).toHaveLength(1);
      const event = outbox[0]!;
      expect(event).toMatchObject({
        id: order.deliveries[0]!.eventId,
        type: 'purchase_order.sent',
        routing_key: `${fixture.slug}.supplier-0`,
        topic: `${fixture.slug}/supplier-0`,
        subject_type: 'purchase_order',
        subject_label: 'PO-0001',
      });
      const payload = (
        typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload
      ) as PurchaseOrderSentV1;
      expect(payload).toEqual({
        id: event.id,
        type: 'purchase_order.sent',
        version: 1,
        occurredAt: payload.occurredAt,
        merchant: { slug: fixture.slug, name: `Shop ${fixture.slug}` },
        supplier: { slug: 'supplier-0', name: 'Supplier 0' },
        purchaseOrder: {
          id: draft.id,
          number: 'PO-0001',
          expectedOn: '2026-12-10',
          note: 'Side door, before noon.',
        },
        lines: [
          {
            position: 1,
            sku: 'SKU-0',
            supplierSku: 'BC-0',
            product: 'Product 0',
            quantity: 12,
            unitCostMinor: 250,
            currency: 'EUR',
          },
          {
            position: 2,
            sku: 'SKU-1',
            supplierSku: null,
            product: 'Product 1',
            quantity: 4,
            unitCostMinor: 1000,
            currency: 'EUR',
          },
        ],
        replyTo: {
          routingKey: `receipts.${fixture.slug}.supplier-0`,
          topic: `receipts/${fixture.slug}/supplier-0`,
        },
        acknowledgeUrl: expect.stringMatching(/^http:\/\/localhost\/purchase-orders\/acknowledge\/[\w-]{43}$/),
      });
      expect(Number.isNaN(Date.parse(payload.occurredAt))).toBe(false);

      const late = await call('PATCH', at(`/${draft.id}`, fixture), { note: 'Too late' }, fixture.owner);
      expect(late.statusCode).toBe(409);
      expect(late.json().message).toBe(
        'PO-0001 is sent: only a draft can be changed. Cancel it and write a new one to change what was sent.',
      );
      const again = await call('POST', at(`/${draft.id}/send`, fixture), undefined, fixture.owner);
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toBe('PO-0001 is sent: only a draft can be sent.');

      // The first product cost 2.00 on average, the second 8.37; both have 10 in stock.
      await setAverageCost(first, 200);
      await setAverageCost(second, 837);

      // Part of it: 5 of the first. (10 × 200 + 5 × 250) ÷ 15 = 216.67 → 217.
      const part = await receive(
        order.id,
        { lines: [{ productId: first, quantity: 5 }], note: 'First pallet' },
        fixture.owner,
        fixture,
      );
      expect(part.statusCode, part.body).toBe(201);
      expect(part.json<PurchaseReceipt>()).toMatchObject({
        purchaseOrder: { id: order.id, number: 'PO-0001' },
        statusAfter: 'partially_received',
        note: 'First pallet',
        overReceipt: false,
        lines: [
          { product: { id: first, sku: 'SKU-0' }, quantity: 5, costMinor: 250, averageCostAfterMinor: 217 },
        ],
      });
      expect(await productOf(first)).toEqual({ stock: 15, average_cost_minor: 217 });

      // The rest: 7 of the first, (15 × 217 + 7 × 250) ÷ 22 = 227.5 → 228 (half away from zero);
      // 4 of the second, (10 × 837 + 4 × 1000) ÷ 14 = 883.57 → 884.
      const rest = await receive(
        order.id,
        {
          lines: [
            { productId: second, quantity: 4 },
            { productId: first, quantity: 7 },
          ],
        },
        fixture.owner,
        fixture,
      );
      expect(rest.statusCode, rest.body).toBe(201);
      expect(rest.json<PurchaseReceipt>()).toMatchObject({
        statusAfter: 'received',
        lines: [
          { product: { id: second }, quantity: 4, averageCostAfterMinor: 884 },
          { product: { id: first }, quantity: 7, averageCostAfterMinor: 228 },
        ],
      });
      expect(await productOf(first)).toEqual({ stock: 22, average_cost_minor: 228 });
      expect(await productOf(second)).toEqual({ stock: 14, average_cost_minor: 884 });

      const movements = await db()
        .selectFrom('stock_movements')
        .select(['product_id', 'quantity', 'type', 'balance_after', 'document_id', 'actor_id'])
        .where('type', '=', 'receipt')
        .where(
          'merchant_id',
          '=',
          (
            await db()
              .selectFrom('merchants')
              .select('id')
              .where('slug', '=', fixture.slug)
              .executeTakeFirstOrThrow()
          ).id,
        )
        .orderBy('position')
        .execute();
      const [partId, restId] = [part.json<PurchaseReceipt>().id, rest.json<PurchaseReceipt>().id];
      expect(movements).toEqual([
        {
          product_id: first,
          quantity: 5,
          type: 'receipt',
          balance_after: 15,
          document_id: partId,
          actor_id: fixture.owner.id,
        },
        // Within a statement, products are moved in id order.
        ...[
          {
            product_id: first,
            quantity: 7,
            type: 'receipt',
            balance_after: 22,
            document_id: restId,
            actor_id: fixture.owner.id,
          },
          {
            product_id: second,
            quantity: 4,
            type: 'receipt',
            balance_after: 14,
            document_id: restId,
            actor_id: fixture.owner.id,
          },
        ].sort((a, b) => a.product_id.localeCompare(b.product_id)),
      ]);
      // The shop's stock history names the purchase order, and finds the movements by its number.
      const history = await call(
        'GET',
        `/merchants/${fixture.slug}/stock-movements?q=PO-0001`,
        undefined,
        fixture.owner,
      );
      expect(history.statusCode, history.body).toBe(200);
      const listed = history.json<{ movements: StockMovement[] }>().movements;
      expect(listed).toHaveLength(3);
      expect(
        listed.every(
          (movement) => movement.type === 'receipt' && movement.purchaseOrder?.number === 'PO-0001',
        ),
      ).toBe(true);

      const received = (
        await call('GET', at(`/${order.id}`, fixture), undefined, fixture.owner)
      ).json<PurchaseOrder>();
      expect(received.status).toBe('received');
      expect(received.lines.map((line) => [line.quantity, line.quantityReceived])).toEqual([
        [12, 12],
        [4, 4],
      ]);
      expect(received.receipts.map((receipt) => [receipt.id, receipt.statusAfter])).toEqual([
        [partId, 'partially_received'],
        [restId, 'received'],
      ]);
      expect(transitionsOf(received)).toEqual([
        [null, 'draft', null],
        ['draft', 'sent', null],
        ['sent', 'partially_received', null],
        ['partially_received', 'received', null],
      ]);
      expect(received.transitions.every((step) => step.by?.id === fixture.owner.id)).toBe(true);

      const cancelReceived = await call(
        'POST',
        at(`/${order.id}/cancel`, fixture),
        { reason: 'Changed our mind' },
        fixture.owner,
      );
      expect(cancelReceived.statusCode).toBe(409);
      expect(cancelReceived.json().message).toBe(
        'PO-0001 is received: only a draft, or a purchase order against which nothing has been received, can be cancelled.',
      );
      const more = await receive(
        order.id,
        { lines: [{ productId: first, quantity: 1 }] },
        fixture.owner,
        fixture,
      );
      expect(more.statusCode).toBe(409);
      expect(more.json().message).toContain('PO-0001 is received: nothing more is to come against it.');
    });

    it('is closed short once partly received, with the reason, and takes nothing more', async () => {
      const [productId] = shop.productIds as [string];
      const order = await purchaseOrder({ lines: [{ productId, quantity: 6, costMinor: 300 }] });
      const early = await call('POST', at(`/${order.id}/close`), { reason: 'Nothing came' });
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toBe(
        `${order.number} is sent: only a partly received purchase order can be closed short; cancel one against which nothing has come.`,
      );
      const stock = (await productOf(productId)).stock;
      expect((await receive(order.id, { lines: [{ productId, quantity: 4 }] })).statusCode).toBe(201);
      const closed = await call(
        'POST',
        at(`/${order.id}/close`),
        { reason: '  The supplier ran out.  ' },
        manager,
      );
      expect(closed.statusCode, closed.body).toBe(200);
      const body = closed.json<PurchaseOrder>();
      expect(body.status).toBe('closed');
      expect(body.transitions.at(-1)).toMatchObject({
        from: 'partially_received',
        to: 'closed',
        by: { id: manager.id },
        note: 'The supplier ran out.',
      });
      expect((await productOf(productId)).stock).toBe(stock + 4);
      const late = await receive(order.id, { lines: [{ productId, quantity: 2 }] });
      expect(late.statusCode).toBe(409);
      expect(late.json().message).toContain(`${order.number} is closed: nothing more is to come against it.`);
    });

    it('is cancelled from draft or sent with a reason, and then neither sent nor received', async () => {
      const draft = await purchaseOrder({}, { sent: false });
      const cancelledDraft = await call('POST', at(`/${draft.id}/cancel`), {
        reason: 'Ordered by phone instead',
      });
      expect(cancelledDraft.statusCode, cancelledDraft.body).toBe(200);
      expect(transitionsOf(cancelledDraft.json<PurchaseOrder>())).toEqual([
        [null, 'draft', null],
        ['draft', 'cancelled', 'Ordered by phone instead'],
      ]);
      expect((await call('POST', at(`/${draft.id}/send`))).json().message).toBe(
        `${draft.number} is cancelled: only a draft can be sent.`,
      );

      const sent = await purchaseOrder();
      const cancelled = await call(
        'POST',
        at(`/${sent.id}/cancel`),
        { reason: 'Found a cheaper supplier' },
        manager,
      );
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(transitionsOf(cancelled.json<PurchaseOrder>())).toEqual([
        [null, 'draft', null],
        ['draft', 'sent', null],
        ['sent', 'cancelled', 'Found a cheaper supplier'],
      ]);
      const twice = await call('POST', at(`/${sent.id}/cancel`), { reason: 'Again' });
      expect(twice.statusCode).toBe(409);
      const receiving = await receive(sent.id, { lines: [{ productId: shop.productIds[0]!, quantity: 1 }] });
      expect(receiving.statusCode).toBe(409);
      expect(receiving.json().message).toContain(`${sent.number} is cancelled`);
      const noReason = await call('POST', at(`/${sent.id}/cancel`), { reason: '   ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().message).toBe('The reason is required.');
    });
  });

  describe('sent again', () => {
    it('makes one draft of the same id, and refuses the id with another purchase order', async () => {
      const body = draftOf(shop, { note: 'Once' });
      const [first, second] = await Promise.all([call('POST', at(), body), call('POST', at(), body)]);
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect(second.json<PurchaseOrder>().number).toBe(first.json<PurchaseOrder>().number);
      const rows = await db().selectFrom('purchase_orders').select('id').where('id', '=', body.id).execute();
      expect(rows).toHaveLength(1);
      const other = await call('POST', at(), { ...body, note: 'Another' });
      expect(other.statusCode).toBe(409);
      expect(other.json().message).toBe(
        'This id belongs to another purchase order: make a new id for each purchase order.',
      );
      const elsewhere = await call(
        'POST',
        at('', otherShop),
        draftOf(otherShop, { id: body.id }),
        otherShop.owner,
      );
      expect(elsewhere.statusCode).toBe(409);
    });

    it('moves stock once for a receipt of the same id, and answers the first answer', async () => {
      const [productId] = shop.productIds as [string];
      const order = await purchaseOrder({ lines: [{ productId, quantity: 9, costMinor: 100 }] });
      const before = (await productOf(productId)).stock;
      const receipt = { id: randomUUID(), lines: [{ productId, quantity: 3 }], note: 'Box 1' };
      const first = await receive(order.id, receipt);
      const [second, third] = await Promise.all([receive(order.id, receipt), receive(order.id, receipt)]);
      expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([201, 201, 201]);
      expect(second.json()).toEqual(first.json());
      expect(third.json()).toEqual(first.json());
      expect((await productOf(productId)).stock).toBe(before + 3);
      const movements = await db()
        .selectFrom('stock_movements')
        .select('quantity')
        .where('document_id', '=', receipt.id)
        .execute();
      expect(movements).toEqual([{ quantity: 3 }]);
      const changed = await receive(order.id, { ...receipt, lines: [{ productId, quantity: 4 }] });
      expect(changed.statusCode).toBe(409);
      expect(changed.json().message).toBe(
        'This id belongs to another receipt: make a new id for each delivery received.',
      );
      const otherOrder = await purchaseOrder({ lines: [{ productId, quantity: 9, costMinor: 100 }] });
      expect((await receive(otherOrder.id, receipt)).statusCode).toBe(409);
    });
  });

  describe('numbers', () => {
    it('run without gaps per shop', async () => {
      const fixture = await createShop(testApp, { suppliers: 1, products: 1 });
      const first = await purchaseOrder({}, { sent: false, fixture });
      // A draft refused (an unknown product) takes no number.
      const refused = await call(
        'POST',
        at('', fixture),
        draftOf(fixture, { lines: [{ productId: randomUUID(), quantity: 1, costMinor: 1 }] }),
        fixture.owner,
      );
      expect(refused.statusCode).toBe(404);
      const second = await purchaseOrder({}, { sent: false, fixture });
      expect([first.number, second.number]).toEqual(['PO-0001', 'PO-0002']);
    });

    it.skipIf(engine !== 'postgres')(
      'run without gaps or twins when drafts are written at once (PostgreSQL)',
      async () => {
        const fixture = await createShop(testApp, { suppliers: 1, products: 1 });
        const bodies = Array.from({ length: 30 }, () => draftOf(fixture));
        // Five of them sent twice at once, as a client retrying after a lost answer would.
        const requests = [...bodies, ...bodies.slice(0, 5)].map((body) =>
          call('POST', at('', fixture), body, fixture.owner),
        );
        const answers = await Promise.all(requests);
        expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map(() => 201));
        const numbers = new Map(
          answers.map((answer) => [answer.json<PurchaseOrder>().id, answer.json<PurchaseOrder>().number]),
        );
        expect(numbers.size).toBe(30);
        expect([...numbers.values()].sort()).toEqual(
          Array.from({ length: 30 }, (_, i) => `PO-${String(i + 1).padStart(4, '0')}`),
        );
      },
    );
  });

  describe('the list', () => {
    it('lists newest first, by status and by supplier, and pages back', async () => {
      const fixture = await createShop(testApp, { suppliers: 2, products: 1 });
      const a = await purchaseOrder({}, { sent: false, fixture });
      const b = await purchaseOrder({ supplierId: fixture.supplierIds[1] }, { fixture });
      const c = await purchaseOrder({}, { fixture });
      const list = async (query = '') => {
        const response = await call('GET', `${at('', fixture)}${query}`, undefined, fixture.owner);
        expect(response.statusCode, response.body).toBe(200);
        return response
          .json<{ purchaseOrders: PurchaseOrder[] }>()
          .purchaseOrders.map((order) => order.number);
      };
      expect(await list()).toEqual([c.number, b.number, a.number]);
      expect(await list('?status=sent')).toEqual([c.number, b.number]);
      expect(await list(`?supplier=${fixture.supplierIds[1]}`)).toEqual([b.number]);
      expect(await list(`?before=${c.id}&limit=1`)).toEqual([b.number]);
      expect(await list(`?supplier=${otherShop.supplierIds[0]}`)).toEqual([]);
      const bad = await call('GET', `${at('', fixture)}?status=shipped`, undefined, fixture.owner);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('Choose a status: draft, sent, acknowledged');
    });
  });

  describe('refusals', () => {
    it('refuses more than is still to come unless a manager or the owner allows it', async () => {
      const [productId] = shop.productIds as [string];
      const order = await purchaseOrder({ lines: [{ productId, quantity: 5, costMinor: 100 }] });
      expect((await receive(order.id, { lines: [{ productId, quantity: 2 }] })).statusCode).toBe(201);
      const over = await receive(order.id, { lines: [{ productId, quantity: 4 }] });
      expect(over.statusCode).toBe(409);
      expect(over.json().message).toBe(
        `Line 1: 4 of Product 0 is more than the 3 still to come on ${order.number}; send allowOverReceipt: true to take in more than was ordered.`,
      );
      expect(over.json().issues).toEqual([{ path: 'body.lines.0.quantity', message: over.json().message }]);
      const before = (await productOf(productId)).stock;
      const allowed = await receive(order.id, { lines: [{ productId, quantity: 4 }], allowOverReceipt: true }, manager);
      expect(allowed.statusCode, allowed.body).toBe(201);
      expect(allowed.json<PurchaseReceipt>()).toMatchObject({ overReceipt: true, statusAfter: 'received' });
      expect((await productOf(productId)).stock).toBe(before + 4);
      const lines = (await call('GET', at(`/${order.id}`))).json<PurchaseOrder>().lines;
      expect(lines.map((line) => [line.quantity, line.quantityReceived])).toEqual([[5, 6]]);
      const cashierAllows = await receive(order.id, { lines: [{ productId, quantity: 1 }], allowOverReceipt: true }, cashier);
      expect(cashierAllows.statusCode).toBe(403);
    });

    it("takes in up to the shop's over-receipt tolerance unasked, and refuses beyond it", async () => {
      const fixture = await createShop(testApp, { slug: `po-${randomUUID().slice(0, 8)}`, suppliers: 1, products: 1, stock: 10 });
      const [productId] = fixture.productIds as [string];
      const tolerant = await call('PATCH', `/merchants/${fixture.slug}`, { version: 1, overReceiptTolerancePercent: 10 }, fixture.owner);
      expect(tolerant.statusCode, tolerant.body).toBe(200);
      expect(tolerant.json()).toMatchObject({ overReceiptTolerancePercent: 10 });
      const order = await purchaseOrder({ lines: [{ productId, quantity: 25, costMinor: 100 }] }, { fixture });
      expect(order.overReceiptTolerancePercent).toBe(10);

      // 10 % of 25 is 2.5: two more than ordered come in unasked, not three.
      const beyond = await receive(order.id, { lines: [{ productId, quantity: 28 }] }, fixture.owner, fixture);
      expect(beyond.statusCode).toBe(409);
      expect(beyond.json().message).toBe(
        `Line 1: 28 of Product 0 is more than the 25 still to come on ${order.number} and the 2 more the shop's tolerance of 10 % allows; send allowOverReceipt: true to take in more than was ordered.`,
      );
      const within = await receive(order.id, { lines: [{ productId, quantity: 27 }] }, fixture.owner, fixture);
      expect(within.statusCode, within.body).toBe(201);
      expect(within.json<PurchaseReceipt>()).toMatchObject({ overReceipt: true, statusAfter: 'received' });
      expect((await productOf(productId)).stock).toBe(10 + 27);
    });

    it('refuses to receive against a draft, or a product not on the order', async () => {
      const draft = await purchaseOrder({}, { sent: false });
      const early = await receive(draft.id, { lines: [{ productId: shop.productIds[0]!, quantity: 1 }] });
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toBe(
        `${draft.number} is a draft: send it before receiving goods against it.`,
      );
      const sent = await purchaseOrder();
      const notOrdered = await receive(sent.id, {
        lines: [
          { productId: shop.productIds[0]!, quantity: 1 },
          { productId: shop.productIds[2]!, quantity: 1 },
        ],
      });
      expect(notOrdered.statusCode).toBe(409);
      expect(notOrdered.json().issues).toEqual([
        {
          path: 'body.lines.1.productId',
          message: `Line 2: this product is not on ${sent.number}. Take in goods that were not ordered as a stock adjustment, "Received without order".`,
        },
      ]);
    });

    it("answers another shop's supplier, product and purchase order as unknown ones", async () => {
      const unknownSupplier = await call('POST', at(), draftOf(shop, { supplierId: randomUUID() }));
      const otherSupplier = await call(
        'POST',
        at(),
        draftOf(shop, { supplierId: otherShop.supplierIds[0]! }),
      );
      expect([otherSupplier.statusCode, otherSupplier.json().message]).toEqual([404, 'Supplier not found.']);
      expect(otherSupplier.json()).toEqual(unknownSupplier.json());

      const withProduct = (productId: string) =>
        call(
          'POST',
          at(),
          draftOf(shop, {
            lines: [
              { productId: shop.productIds[0]!, quantity: 1, costMinor: 1 },
              { productId, quantity: 1, costMinor: 1 },
            ],
          }),
        );
      const otherProduct = await withProduct(otherShop.productIds[0]!);
      expect(otherProduct.statusCode).toBe(404);
      expect(otherProduct.json().message).toBe('Line 2: no product of this shop has this id.');
      expect(otherProduct.json()).toEqual((await withProduct(randomUUID())).json());

      const theirs = await purchaseOrder({}, { fixture: otherShop });
      for (const [method, path, payload] of [
        ['GET', '', undefined],
        ['PATCH', '', { note: 'Mine now' }],
        ['POST', '/send', undefined],
        ['POST', '/cancel', { reason: 'Mine now' }],
        ['POST', '/close', { reason: 'Mine now' }],
        [
          'POST',
          '/receipts',
          { id: randomUUID(), lines: [{ productId: otherShop.productIds[0], quantity: 1 }] },
        ],
      ] as const) {
        const other = await call(method, at(`/${theirs.id}${path}`), payload);
        const nowhere = await call(method, at(`/${randomUUID()}${path}`), payload);
        expect([method, path, other.statusCode, other.json()]).toEqual([method, path, 404, nowhere.json()]);
        expect(other.json().message).toBe('Purchase order not found.');
      }
    });

    it('is for owners and managers: a cashier is refused', async () => {
      const list = await call('GET', at(), undefined, cashier);
      expect(list.statusCode).toBe(403);
      expect(list.json().message).toBe(
        "a cashier may not write, send and receive the shop's purchase orders",
      );
      expect((await call('POST', at(), draftOf(shop), cashier)).statusCode).toBe(403);
      expect((await call('POST', at(), draftOf(shop), manager)).statusCode).toBe(201);
    });

    it('refuses an archived supplier or product, naming it', async () => {
      const fixture = await createShop(testApp, { suppliers: 2, products: 2 });
      const archive = async (what: 'suppliers' | 'products', id: string) =>
        expect(
          (await call('PUT', `/merchants/${fixture.slug}/${what}/${id}/archived`, undefined, fixture.owner))
            .statusCode,
        ).toBe(200);
      await archive('suppliers', fixture.supplierIds[1]!);
      const archivedSupplier = await call(
        'POST',
        at('', fixture),
        draftOf(fixture, { supplierId: fixture.supplierIds[1] }),
        fixture.owner,
      );
      expect(archivedSupplier.statusCode).toBe(400);
      expect(archivedSupplier.json().message).toBe(
        'Supplier 1 is archived: restore it under Suppliers to order from it.',
      );
      await archive('products', fixture.productIds[1]!);
      const archivedProduct = await call(
        'POST',
        at('', fixture),
        draftOf(fixture, { lines: [{ productId: fixture.productIds[1]!, quantity: 1, costMinor: 1 }] }),
        fixture.owner,
      );
      expect(archivedProduct.statusCode).toBe(400);
      expect(archivedProduct.json().message).toBe(
        'Line 1: Product 1 is archived: restore it in the catalogue to order it.',
      );
    });

    it.each([
      ['no lines', { lines: [] }, 'A purchase order has at least one line.'],
      ['a quantity of 0', { lines: [{ quantity: 0, costMinor: 1 }] }, 'The quantity is at least 1.'],
      [
        'a quantity in parts',
        { lines: [{ quantity: 1.5, costMinor: 1 }] },
        'The quantity is a whole number.',
      ],
      ['a negative cost', { lines: [{ quantity: 1, costMinor: -1 }] }, 'The cost cannot be negative.'],
      [
        'a cost in parts of a cent',
        { lines: [{ quantity: 1, costMinor: 2.5 }] },
        'The cost is a whole number of minor units (cents).',
      ],
      [
        'a product twice',
        {
          lines: [
            { quantity: 1, costMinor: 1 },
            { quantity: 2, costMinor: 1 },
          ],
        },
        'Line 2 names a product already on an earlier line: put its whole quantity on one line.',
      ],
      [
        'a date written another way',
        { expectedOn: '12/10/2026' },
        'Give the expected date as YYYY-MM-DD, such as 2026-12-06.',
      ],
      [
        'an id that is not a UUID',
        { id: 'po-1' },
        "The purchase order's id is a UUID made once for each new purchase order.",
      ],
    ] as const)('refuses %s with a sentence (400)', async (_, change, message) => {
      const body: Record<string, unknown> = { ...draftOf(shop), ...change };
      if ('lines' in change) {
        body.lines = change.lines.map((line) => ({ productId: shop.productIds[0], ...line }));
      }
      const response = await call('POST', at(), body);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe(message);
    });
  });
});
