import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import {
  receiptTopic,
  type AcknowledgePurchaseOrder,
  type PurchaseOrder,
  type PurchaseOrderAcknowledgedV1,
  type PurchaseOrderSentV1,
  type SupplierPurchaseOrder,
  type SupplierPurchaseOrderSummary,
} from '@myb/contracts';
import { hasServices, requireServiceUrl } from '@myb/testing';
import mqtt from 'mqtt';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventPipeline, type EventPipeline } from '../../src/modules/events/pipeline';
import { createAcknowledgementsRepository } from '../../src/modules/purchasing/acknowledgements.repository';
import {
  createAcknowledgementHandler,
  createAcknowledgementsService,
} from '../../src/modules/purchasing/acknowledgements.service';
import { createPurchasingRepository } from '../../src/modules/purchasing/purchasing.repository';
import { hashToken } from '../../src/modules/auth/tokens';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

const PUBLIC_URL = 'https://shop.example';
/** A day surely ahead of every shop's today, and one surely behind it. */
const LATER = '2099-03-14';
const EARLIER = '2001-01-01';

describe.each(engines())('supplier acknowledgements of purchase orders on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  /** A member of the shop's first supplier, not of its second. */
  let supplierPerson: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine, { publicUrl: PUBLIC_URL });
    shop = await createShop(testApp, { suppliers: 2, products: 3 });
    supplierPerson = await signUpUser(testApp);
    const admin = await signUpUser(testApp, { admin: true });
    const joined = await call(
      'PUT',
      `/admin/users/${supplierPerson.id}/suppliers/${shop.supplierIds[0]}`,
      undefined,
      admin,
    );
    expect(joined.statusCode, joined.body).toBeLessThan(300);
  });
  afterAll(() => testApp.close());

  const call = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    as: SignedInUser | null = shop.owner,
  ) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: as ? { cookie: as.cookie } : {}, payload });
  const portal = (path = '') => `/me/supplier-purchase-orders${path}`;
  const db = () => testApp.database.db;

  /** A purchase order of 10 × product 0 and 4 × product 1 to `supplier`, sent unless said. */
  const purchaseOrder = async ({ supplier = 0, sent = true } = {}): Promise<PurchaseOrder> => {
    const at = `/merchants/${shop.slug}/purchase-orders`;
    const made = await call('POST', at, {
      id: randomUUID(),
      supplierId: shop.supplierIds[supplier],
      lines: [
        { productId: shop.productIds[0], quantity: 10, costMinor: 250 },
        { productId: shop.productIds[1], quantity: 4, costMinor: 100 },
      ],
      expectedOn: '2099-01-01',
    });
    expect(made.statusCode, made.body).toBe(201);
    const order = made.json<PurchaseOrder>();
    if (!sent) {
      return order;
    }
    const sending = await call('POST', `${at}/${order.id}/send`);
    expect(sending.statusCode, sending.body).toBe(200);
    return sending.json<PurchaseOrder>();
  };
  const merchantView = async (id: string) => {
    const response = await call('GET', `/merchants/${shop.slug}/purchase-orders/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PurchaseOrder>();
  };
  const sentEvent = async (id: string) => {
    const row = await db()
      .selectFrom('outbox_events')
      .select('payload')
      .where('subject_id', '=', id)
      .where('type', '=', 'purchase_order.sent')
      .executeTakeFirstOrThrow();
    return (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as PurchaseOrderSentV1;
  };
  const tokenOf = async (id: string) => (await sentEvent(id)).acknowledgeUrl!.split('/').pop()!;
  const confirmation = (body: Partial<AcknowledgePurchaseOrder> = {}): AcknowledgePurchaseOrder => ({
    lines: [
      { productId: shop.productIds[0]!, quantity: 7 },
      { productId: shop.productIds[1]!, quantity: 4 },
    ],
    deliveryOn: LATER,
    ...body,
  });

  it('lets a supplier confirm fewer than ordered with a day in the portal; the shop sees it, and a second answer is refused', async () => {
    const order = await purchaseOrder();
    const listed = await call('GET', portal(), undefined, supplierPerson);
    expect(listed.statusCode, listed.body).toBe(200);
    const mine = listed.json<{ purchaseOrders: SupplierPurchaseOrderSummary[] }>().purchaseOrders;
    expect(mine.find((entry) => entry.id === order.id)).toMatchObject({
      number: order.number,
      status: 'sent',
      merchant: { slug: shop.slug },
      supplier: { id: shop.supplierIds[0] },
      lineCount: 2,
      totalMinor: 2900,
    });

    const answered = await call(
      'POST',
      portal(`/${order.id}/acknowledgement`),
      confirmation({ note: '  Three short: back-ordered.  ' }),
      supplierPerson,
    );
    expect(answered.statusCode, answered.body).toBe(200);
    const seen = answered.json<SupplierPurchaseOrder>();
    expect(seen.status).toBe('acknowledged');
    expect(seen.expectedOn).toBe(LATER);
    expect(seen.lines.map((line) => [line.quantity, line.quantityConfirmed])).toEqual([
      [10, 7],
      [4, 4],
    ]);

    const shopSees = await merchantView(order.id);
    expect(shopSees.status).toBe('acknowledged');
    expect(shopSees.expectedOn).toBe(LATER);
    expect(shopSees.lines.map((line) => line.quantityConfirmed)).toEqual([7, 4]);
    expect(shopSees.acknowledgements).toEqual([
      {
        how: 'portal',
        by: { id: supplierPerson.id, name: expect.any(String) },
        deliveryOn: LATER,
        note: 'Three short: back-ordered.',
        at: expect.any(String),
        lines: [
          { productId: shop.productIds[0], quantity: 7 },
          { productId: shop.productIds[1], quantity: 4 },
        ],
      },
    ]);
    expect(shopSees.transitions.at(-1)).toMatchObject({
      from: 'sent',
      to: 'acknowledged',
      by: { id: supplierPerson.id },
    });

    const again = await call('POST', portal(`/${order.id}/acknowledgement`), confirmation(), supplierPerson);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toBe(
      `${order.number} is already acknowledged: ask Shop ${shop.slug} to change what was confirmed.`,
    );
    const rows = await db()
      .selectFrom('purchase_order_acknowledgements')
      .select('id')
      .where('purchase_order_id', '=', order.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("shows a supplier's people only what was sent to their suppliers: not drafts, not another supplier's", async () => {
    const draft = await purchaseOrder({ sent: false });
    const otherSupplier = await purchaseOrder({ supplier: 1 });
    const listed = (await call('GET', portal(), undefined, supplierPerson)).json<{
      purchaseOrders: SupplierPurchaseOrderSummary[];
    }>();
    const ids = listed.purchaseOrders.map((entry) => entry.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(otherSupplier.id);

    const unknown = await call('GET', portal(`/${randomUUID()}`), undefined, supplierPerson);
    expect(unknown.statusCode).toBe(404);
    for (const id of [draft.id, otherSupplier.id]) {
      const response = await call('GET', portal(`/${id}`), undefined, supplierPerson);
      expect(response.statusCode).toBe(404);
      expect(response.json<{ message: string }>().message).toBe(unknown.json<{ message: string }>().message);
      const answer = await call('POST', portal(`/${id}/acknowledgement`), confirmation(), supplierPerson);
      expect(answer.statusCode).toBe(404);
    }
    expect((await merchantView(otherSupplier.id)).status).toBe('sent');
    // Only the supplier role opens the portal.
    expect((await call('GET', portal())).statusCode).toBe(403);
  });

  it.each([
    [
      'more than ordered',
      {
        lines: [
          { productId: 0, quantity: 11 },
          { productId: 1, quantity: 4 },
        ],
      },
      400,
      'body.lines.0.quantity',
      /11 of Product 0 is more than the 10 ordered/,
    ],
    [
      'a negative quantity',
      {
        lines: [
          { productId: 0, quantity: -1 },
          { productId: 1, quantity: 4 },
        ],
      },
      400,
      'body.lines.0.quantity',
      /cannot be negative/,
    ],
    [
      'a product not on it',
      {
        lines: [
          { productId: 0, quantity: 1 },
          { productId: 1, quantity: 4 },
          { productId: 2, quantity: 1 },
        ],
      },
      400,
      'body.lines.2.productId',
      /not on PO-/,
    ],
    [
      'a line left out',
      { lines: [{ productId: 0, quantity: 1 }] },
      400,
      'body.lines',
      /Product 1 is on PO-\d+ but not confirmed/,
    ],
    ['no delivery date', { deliveryOn: undefined }, 400, 'body.deliveryOn', /delivery date as YYYY-MM-DD/],
    ['a delivery date in the past', { deliveryOn: EARLIER }, 400, 'body.deliveryOn', /in the past/],
  ] as const)('refuses %s with a sentence, and changes nothing', async (_, change, status, path, message) => {
    const order = await purchaseOrder();
    const body = {
      ...confirmation(),
      ...('lines' in change
        ? {
            lines: change.lines.map((line) => ({
              productId: shop.productIds[line.productId],
              quantity: line.quantity,
            })),
          }
        : change),
    };
    const response = await call('POST', portal(`/${order.id}/acknowledgement`), body, supplierPerson);
    expect(response.statusCode, response.body).toBe(status);
    const error = response.json<{ message: string; issues?: { path: string; message: string }[] }>();
    expect(error.message).toMatch(message);
    expect(error.issues?.map((issue) => issue.path)).toContain(path);
    expect((await merchantView(order.id)).status).toBe('sent');
  });

  it('refuses to acknowledge a cancelled purchase order', async () => {
    const order = await purchaseOrder();
    const cancelled = await call('POST', `/merchants/${shop.slug}/purchase-orders/${order.id}/cancel`, {
      reason: 'Not needed',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const response = await call(
      'POST',
      portal(`/${order.id}/acknowledgement`),
      confirmation(),
      supplierPerson,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json<{ message: string }>().message).toBe(
      `${order.number} is cancelled: only a sent purchase order can be acknowledged.`,
    );
  });

  it('puts a link in purchase_order.sent that shows the order without sign-in and acknowledges it once', async () => {
    const order = await purchaseOrder();
    const event = await sentEvent(order.id);
    expect(event.acknowledgeUrl).toMatch(
      new RegExp(`^${PUBLIC_URL}/purchase-orders/acknowledge/[A-Za-z0-9_-]{43}$`),
    );
    const token = await tokenOf(order.id);
    // Only the token's hash is kept.
    const links = await db()
      .selectFrom('purchase_order_links')
      .selectAll()
      .where('purchase_order_id', '=', order.id)
      .execute();
    expect(links.map((link) => link.token_hash)).toEqual([hashToken(token)]);
    expect(links[0]!.expires_at.getTime() - Date.now()).toBeGreaterThan(13.9 * 24 * 3600 * 1000);

    const opened = await call('GET', `/purchase-order-links/${token}`, undefined, null);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json<SupplierPurchaseOrder>()).toMatchObject({
      id: order.id,
      status: 'sent',
      lines: [{ quantity: 10 }, { quantity: 4 }],
    });

    const answered = await call(
      'POST',
      `/purchase-order-links/${token}/acknowledgement`,
      confirmation(),
      null,
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json<SupplierPurchaseOrder>().status).toBe('acknowledged');
    const shopSees = await merchantView(order.id);
    expect(shopSees.acknowledgements).toMatchObject([{ how: 'link', by: null, deliveryOn: LATER }]);
    expect(shopSees.transitions.at(-1)).toMatchObject({
      from: 'sent',
      to: 'acknowledged',
      by: null,
      note: 'by the e-mailed link',
    });

    for (const [method, path] of [
      ['POST', `/purchase-order-links/${token}/acknowledgement`],
      ['GET', `/purchase-order-links/${token}`],
    ] as const) {
      const used = await call(method, path, method === 'POST' ? confirmation() : undefined, null);
      expect(used.statusCode).toBe(410);
      expect(used.json<{ message: string }>().message).toMatch(
        /was used on .* works only once: sign in to the supplier portal/,
      );
    }
  });

  it('refuses an expired link (410) and a tampered one (404), with sentences', async () => {
    const order = await purchaseOrder();
    const token = await tokenOf(order.id);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [tampered, 'not-a-token']) {
      const response = await call('GET', `/purchase-order-links/${wrong}`, undefined, null);
      expect(response.statusCode).toBe(404);
      expect(response.json<{ message: string }>().message).toMatch(
        /^This link is not known: open the link from the e-mail exactly as it is/,
      );
    }
    await db()
      .updateTable('purchase_order_links')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('purchase_order_id', '=', order.id)
      .execute();
    const opened = await call('GET', `/purchase-order-links/${token}`, undefined, null);
    expect(opened.statusCode).toBe(410);
    expect(opened.json<{ message: string }>().message).toBe(
      `This link has expired (links work for 14 days): sign in to the supplier portal, or ask Shop ${shop.slug} to send ${order.number} again.`,
    );
    const answered = await call(
      'POST',
      `/purchase-order-links/${token}/acknowledgement`,
      confirmation(),
      null,
    );
    expect(answered.statusCode).toBe(410);
    expect((await merchantView(order.id)).status).toBe('sent');
  });
});

const mosquitto = hasServices('purchase order acknowledgements over Mosquitto', 'mosquitto');

describe.skipIf(!mosquitto).each(engines())(
  'purchase_order.acknowledged over Mosquitto, from mosquitto_pub, on %s',
  (engine: Engine) => {
    let testApp: TestApp;
    let shop: ShopFixture;
    let pipeline: EventPipeline;
    const clientId = `myb-test-receipts-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      testApp = await buildTestApp(engine, { publicUrl: PUBLIC_URL });
      shop = await createShop(testApp, { suppliers: 1, products: 2 });
      const { db } = testApp.database;
      // The server's receipts consumer as server.ts builds it, on Mosquitto.
      pipeline = await startEventPipeline({
        database: testApp.database,
        logger: testApp.app.log,
        broker: {
          config: { kind: 'mqtt', url: requireServiceUrl('mosquitto') },
          receipts: { queue: undefined, clientId },
          acknowledgements: {
            'purchase_order.acknowledged': createAcknowledgementHandler(
              createAcknowledgementsService(
                db,
                {
                  acknowledgements: createAcknowledgementsRepository(db),
                  purchasing: createPurchasingRepository(db),
                },
                { publicUrl: PUBLIC_URL },
              ),
              testApp.app.log,
            ),
          },
        },
      });
    });
    afterAll(async () => {
      await pipeline?.close();
      // The consumer's persistent session would otherwise wait on the broker for a client that never returns.
      const forget = await mqtt.connectAsync(requireServiceUrl('mosquitto'), { clientId, clean: true });
      await forget.endAsync();
      await testApp?.close();
    });

    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: shop.owner.cookie }, payload });
    const sentOrder = async () => {
      const at = `/merchants/${shop.slug}/purchase-orders`;
      const made = await call('POST', at, {
        id: randomUUID(),
        supplierId: shop.supplierIds[0],
        lines: [
          { productId: shop.productIds[0], quantity: 12, costMinor: 250 },
          { productId: shop.productIds[1], quantity: 5, costMinor: 100 },
        ],
      });
      expect(made.statusCode, made.body).toBe(201);
      const sent = await call('POST', `${at}/${made.json<PurchaseOrder>().id}/send`);
      expect(sent.statusCode, sent.body).toBe(200);
      return sent.json<PurchaseOrder>();
    };
    const view = async (id: string) =>
      (await call('GET', `/merchants/${shop.slug}/purchase-orders/${id}`)).json<PurchaseOrder>();
    const messageFor = (
      order: PurchaseOrder,
      change: Partial<PurchaseOrderAcknowledgedV1> = {},
    ): PurchaseOrderAcknowledgedV1 => ({
      id: randomUUID(),
      type: 'purchase_order.acknowledged',
      version: 1,
      occurredAt: new Date().toISOString(),
      purchaseOrder: { id: order.id, number: order.number },
      merchant: shop.slug,
      supplier: 'supplier-0',
      deliveryOn: LATER,
      lines: [
        { sku: 'SKU-0', quantity: 9 },
        { sku: 'SKU-1', quantity: 5 },
      ],
      note: 'Nine now, the rest next month.',
      agent: 'myb-agent-test',
      ...change,
    });
    /** Publishes as any stock client would, with the mosquitto_pub CLI, at QoS 1. */
    const publish = async (body: string) => {
      const broker = new URL(requireServiceUrl('mosquitto'));
      await promisify(execFile)('mosquitto_pub', [
        '-h',
        broker.hostname,
        '-p',
        broker.port || '1883',
        '-q',
        '1',
        '-t',
        receiptTopic(shop.slug, 'supplier-0'),
        '-m',
        body,
      ]);
    };
    const acknowledgementRows = (messageId: string) =>
      testApp.database.db
        .selectFrom('purchase_order_acknowledgements')
        .select('id')
        .where('message_id', '=', messageId)
        .execute();

    it('records the message once however often it comes, and drops what is unreadable or not for that purchase order', async () => {
      const order = await sentOrder();
      const message = messageFor(order);
      // Published until the consumer's subscription is in place and it is recorded: each copy after the first is a duplicate.
      await expect
        .poll(
          async () => {
            await publish(JSON.stringify(message));
            return (await view(order.id)).status;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBe('acknowledged');
      await publish(JSON.stringify(message));

      const forged = await sentOrder();
      await publish(JSON.stringify(messageFor(forged, { merchant: 'another-shop' })));
      await publish('{"type":"purchase_order.acknowledged","version":1');
      await publish(JSON.stringify({ ...messageFor(forged), lines: [{ sku: 'SKU-0', quantity: -2 }] }));
      await publish(
        JSON.stringify(
          messageFor(forged, {
            lines: [
              { sku: 'SKU-0', quantity: 13 },
              { sku: 'SKU-1', quantity: 5 },
            ],
          }),
        ),
      );

      // Messages on one topic arrive in order, and are recorded one after the other: once this one is
      // in, everything published before it has been handled.
      const last = await sentOrder();
      await publish(JSON.stringify(messageFor(last, { agent: undefined })));
      await expect.poll(async () => (await view(last.id)).status, { timeout: 20_000 }).toBe('acknowledged');

      expect(await acknowledgementRows(message.id)).toHaveLength(1);
      const recorded = await view(order.id);
      expect(recorded.expectedOn).toBe(LATER);
      expect(recorded.lines.map((line) => line.quantityConfirmed)).toEqual([9, 5]);
      expect(recorded.acknowledgements).toMatchObject([
        {
          how: 'message',
          by: null,
          deliveryOn: LATER,
          note: 'Nine now, the rest next month.',
          lines: [{ quantity: 9 }, { quantity: 5 }],
        },
      ]);
      expect(recorded.transitions.at(-1)).toMatchObject({
        to: 'acknowledged',
        by: null,
        note: 'by message from myb-agent-test',
      });
      expect((await view(last.id)).transitions.at(-1)?.note).toBe("by message from supplier-0's agent");
      expect((await view(forged.id)).status).toBe('sent');
    });
  },
);
