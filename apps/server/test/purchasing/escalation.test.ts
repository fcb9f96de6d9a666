import { randomUUID } from 'node:crypto';
import type {
  CreatePurchaseOrder,
  PurchaseOrder,
  PurchaseOrderBackup,
  PurchaseOrderSentV1,
  PurchaseOrderSummary,
  Supplier,
} from '@myb/contracts';
import { startSmtpServer, type LoopbackSmtpServer } from '@myb/testing';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { shopTime } from '../../src/http/csv';
import { startEventPipeline } from '../../src/modules/events/pipeline';
import { acknowledgementDueAt } from '../../src/modules/purchasing/acknowledgement-deadline';
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

const TIME_ZONE = 'Asia/Kathmandu';
const LATER = '2099-01-15';

describe.each(engines())('escalation of unacknowledged purchase orders on %s', (engine: Engine) => {
  let smtp: LoopbackSmtpServer;
  let testApp: TestApp;
  let shop: ShopFixture;
  let manager: SignedInUser;
  let cashier: SignedInUser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await buildTestApp(engine, {
      mail: { kind: 'smtp', url: smtp.url, from: 'Shop <shop@meetyourbusiness.local>' },
    });
    [shop, manager, cashier] = await Promise.all([
      createShop(testApp, { suppliers: 3, products: 3, stock: 10 }),
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
    const { version } = (await call('GET', `/merchants/${shop.slug}/settings`)).json<{ version: number }>();
    const zoned = await call('PATCH', `/merchants/${shop.slug}`, { version, timeZone: TIME_ZONE });
    expect(zoned.statusCode, zoned.body).toBe(200);
  });
  afterAll(async () => {
    await closeCheckingStock(testApp);
    await smtp.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    as: SignedInUser | null = shop.owner,
  ) =>
    testApp.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: as ? { cookie: as.cookie } : {},
      payload,
    });
  const at = (path = '') => `/merchants/${shop.slug}/purchase-orders${path}`;
  const db = () => testApp.database.db;
  const runOnce = () => testApp.app.escalation.runOnce();

  /** A purchase order written and sent to `supplierId` (the first supplier unless said). */
  const sentOrder = async (body: Partial<CreatePurchaseOrder> = {}) => {
    const made = await call('POST', at(), {
      id: randomUUID(),
      supplierId: shop.supplierIds[0]!,
      lines: [{ productId: shop.productIds[0]!, quantity: 10, costMinor: 250 }],
      ...body,
    });
    expect(made.statusCode, made.body).toBe(201);
    const sending = await call('POST', at(`/${made.json<PurchaseOrder>().id}/send`));
    expect(sending.statusCode, sending.body).toBe(200);
    return sending.json<PurchaseOrder>();
  };
  const get = async (id: string) => {
    const response = await call('GET', at(`/${id}`));
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PurchaseOrder>();
  };
  /** Makes time pass: the deadline a minute ago, and the second one too if `second`, else an hour from now. */
  const pastDeadline = (id: string, { second = false } = {}) =>
    db()
      .updateTable('purchase_orders')
      .set({
        acknowledgement_due_at: sql<Date>`now() - interval '1 minute'`,
        tell_shop_at: second ? sql<Date>`now() - interval '1 second'` : sql<Date>`now() + interval '1 hour'`,
      })
      .where('id', '=', id)
      .execute();
  /** The `purchase_order.sent` events about the purchase order, oldest first. */
  const sentEvents = async (id: string) =>
    (
      await db()
        .selectFrom('outbox_events')
        .innerJoin('delivery_steps', 'delivery_steps.event_id', 'outbox_events.id')
        .select(['outbox_events.id', 'outbox_events.payload', 'delivery_steps.reason'])
        .where('outbox_events.subject_id', '=', id)
        .where('outbox_events.type', '=', 'purchase_order.sent')
        .where('delivery_steps.stage', '=', 'queued')
        .orderBy('outbox_events.created_at')
        .execute()
    ).map((row) => ({
      id: row.id,
      note: row.reason,
      payload: (typeof row.payload === 'string'
        ? JSON.parse(row.payload)
        : row.payload) as PurchaseOrderSentV1,
    }));
  const stepsOf = (id: string) =>
    db()
      .selectFrom('purchase_order_escalations')
      .select('step')
      .where('purchase_order_id', '=', id)
      .orderBy('step')
      .execute();
  /** The e-mails about the purchase order the SMTP server has taken so far. */
  const mailsAbout = (number: string) =>
    smtp.received.filter((mail) => mail.parsed.subject?.startsWith(`${number} `));
  const terms = (productId: string, supplierIndex: number, body: object) =>
    call(
      'PUT',
      `/merchants/${shop.slug}/products/${productId}/suppliers/${shop.supplierIds[supplierIndex]}`,
      body,
    );
  const patchSupplier = (supplierIndex: number, body: object) =>
    call('PATCH', `/merchants/${shop.slug}/suppliers/${shop.supplierIds[supplierIndex]}`, body);

  describe("a supplier's deadline", () => {
    it("is 4 working hours unless changed, 1 to 200 or none, through the supplier's PATCH", async () => {
      const listed = (await call('GET', `/merchants/${shop.slug}/suppliers`)).json<{
        suppliers: Supplier[];
      }>();
      expect(listed.suppliers.map((supplier) => supplier.acknowledgeWithinHours)).toEqual([4, 4, 4]);
      for (const [hours, message] of [
        [0, /at least 1 working hour/],
        [201, /At most 200 working hours/],
        [2.5, /whole number/],
        ['4', /whole number/],
      ] as const) {
        const refused = await patchSupplier(2, { acknowledgeWithinHours: hours });
        expect(refused.statusCode, refused.body).toBe(400);
        expect(refused.json()).toMatchObject({
          issues: [{ path: 'body.acknowledgeWithinHours', message: expect.stringMatching(message) }],
        });
      }
      const none = await patchSupplier(2, { acknowledgeWithinHours: null });
      expect(none.statusCode, none.body).toBe(200);
      expect(none.json<Supplier>().acknowledgeWithinHours).toBeNull();
      const eight = await patchSupplier(2, { acknowledgeWithinHours: 8 });
      expect(eight.json<Supplier>().acknowledgeWithinHours).toBe(8);
      expect((await patchSupplier(2, { acknowledgeWithinHours: 4 })).statusCode).toBe(200);
    });

    it("fixes a purchase order's due time when it is sent, in working hours on the shop's clock, and the second from the first", async () => {
      const draft = await call('POST', at(), {
        id: randomUUID(),
        supplierId: shop.supplierIds[0]!,
        lines: [{ productId: shop.productIds[0]!, quantity: 1, costMinor: 100 }],
      });
      expect(draft.json<PurchaseOrder>().escalation).toEqual({
        dueAt: null,
        resentAt: null,
        merchantToldAt: null,
      });
      const before = new Date();
      const sending = await call('POST', at(`/${draft.json<PurchaseOrder>().id}/send`));
      const after = new Date();
      const order = sending.json<PurchaseOrder>();
      const dueAt = new Date(order.escalation.dueAt!);
      expect(dueAt.getTime()).toBeGreaterThanOrEqual(acknowledgementDueAt(before, 4, TIME_ZONE).getTime());
      expect(dueAt.getTime()).toBeLessThanOrEqual(acknowledgementDueAt(after, 4, TIME_ZONE).getTime());
      expect(order.escalation).toMatchObject({ resentAt: null, merchantToldAt: null });
      const { tell_shop_at } = await db()
        .selectFrom('purchase_orders')
        .select('tell_shop_at')
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      expect(tell_shop_at!.toISOString()).toBe(acknowledgementDueAt(dueAt, 4, TIME_ZONE).toISOString());
    });

    it('leaves the purchase orders of a supplier without a deadline alone', async () => {
      expect((await patchSupplier(2, { acknowledgeWithinHours: null })).statusCode).toBe(200);
      const order = await sentOrder({ supplierId: shop.supplierIds[2]! });
      expect(order.escalation.dueAt).toBeNull();
      await runOnce();
      expect(await sentEvents(order.id)).toHaveLength(1);
      expect((await patchSupplier(2, { acknowledgeWithinHours: 4 })).statusCode).toBe(200);
    });
  });

  describe('past the deadline', () => {
    it('sends the purchase order again, once: the same message under a new id, on its trail', async () => {
      const order = await sentOrder();
      await pastDeadline(order.id);
      const overdue = (await call('GET', at('?overdue=true'))).json<{
        purchaseOrders: PurchaseOrderSummary[];
      }>();
      expect(overdue.purchaseOrders.map((listed) => listed.id)).toContain(order.id);

      await runOnce();
      await runOnce();
      const events = await sentEvents(order.id);
      expect(events).toHaveLength(2);
      const [first, again] = events as [(typeof events)[0], (typeof events)[0]];
      expect(again.note).toBe(`resend of ${first.id}`);
      expect(again.payload).toEqual({ ...first.payload, id: again.id });
      expect(await stepsOf(order.id)).toEqual([{ step: 'resent' }]);
      const seen = await get(order.id);
      expect(seen.escalation.resentAt).not.toBeNull();
      expect(seen.escalation.merchantToldAt).toBeNull();
      expect(seen.deliveries.map((delivery) => delivery.eventId).sort()).toEqual([first.id, again.id].sort());
      expect(mailsAbout(order.number)).toEqual([]);
    });

    it('lists as overdue only the purchase orders sent and past their deadline', async () => {
      const onTime = await sentOrder();
      const late = await sentOrder();
      await pastDeadline(late.id);
      const refused = await call('GET', at('?overdue=maybe'));
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        issues: [{ path: 'querystring.overdue', message: expect.stringMatching(/overdue=true/) }],
      });
      const listed = (await call('GET', at('?overdue=true&limit=200'))).json<{
        purchaseOrders: PurchaseOrderSummary[];
      }>();
      const ids = listed.purchaseOrders.map((order) => order.id);
      expect(ids).toContain(late.id);
      expect(ids).not.toContain(onTime.id);
      expect(listed.purchaseOrders.every((order) => order.status === 'sent')).toBe(true);
      await runOnce();
    });
  });

  describe('past the second deadline', () => {
    it("e-mails the shop's owner and managers once, not its cashiers, and the purchase order shows it", async () => {
      const order = await sentOrder({
        lines: [
          { productId: shop.productIds[0]!, quantity: 10, costMinor: 250 },
          { productId: shop.productIds[1]!, quantity: 2, costMinor: 90 },
        ],
      });
      await pastDeadline(order.id);
      await runOnce();
      await pastDeadline(order.id, { second: true });
      await runOnce();
      await runOnce();

      const mails = mailsAbout(order.number);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.envelopeTo.sort()).toEqual([shop.owner.email, manager.email].sort());
      expect(mail!.envelopeTo).not.toContain(cashier.email);
      expect(mail!.parsed.subject).toBe(`${order.number} is not acknowledged by Supplier 0`);
      expect(mail!.parsed.text).toContain(`Supplier 0 has not acknowledged ${order.number} (2 lines)`);
      expect(mail!.parsed.text).toContain(`/back-office/${shop.slug}/purchase-orders/${order.id}`);
      expect(mail!.parsed.headers.get('x-meetyourbusiness-mail')).toBe('purchasing');

      expect(await sentEvents(order.id)).toHaveLength(2);
      expect(await stepsOf(order.id)).toEqual([{ step: 'merchant_told' }, { step: 'resent' }]);
      const seen = await get(order.id);
      // On the shop's clock: Kathmandu, 5 h 45 ahead of UTC.
      const dueOnShopClock = shopTime(seen.escalation.dueAt!, TIME_ZONE).replace('T', ' ').slice(0, 16);
      expect(mail!.parsed.text).toContain(`It was due by ${dueOnShopClock}, and has been sent again since`);
      expect(seen.escalation.merchantToldAt).not.toBeNull();
      expect(new Date(seen.escalation.merchantToldAt!).getTime()).toBeGreaterThanOrEqual(
        new Date(seen.escalation.resentAt!).getTime(),
      );
    });

    it('takes both steps in one run when both deadlines passed while no server ran', async () => {
      const order = await sentOrder();
      await pastDeadline(order.id, { second: true });
      await runOnce();
      expect(await sentEvents(order.id)).toHaveLength(2);
      expect(mailsAbout(order.number)).toHaveLength(1);
      expect(await stepsOf(order.id)).toEqual([{ step: 'merchant_told' }, { step: 'resent' }]);
    });

    it('takes each step once when two server processes run at the same moment', async () => {
      const second = await buildApp({
        database: testApp.database,
        mailDir: null,
        secureCookies: false,
        events: await startEventPipeline({
          database: testApp.database,
          logger: pino({ enabled: false }),
          broker: null,
        }),
        brokerDescription: 'none (test)',
        mail: { kind: 'smtp', url: smtp.url, from: 'Shop <shop@meetyourbusiness.local>' },
        logger: pino({ level: 'error' }),
      });
      try {
        await second.ready();
        const orders = await Promise.all([sentOrder(), sentOrder(), sentOrder()]);
        for (const order of orders) {
          await pastDeadline(order.id, { second: true });
        }
        await Promise.all([runOnce(), second.escalation.runOnce(), runOnce()]);
        for (const order of orders) {
          expect(await sentEvents(order.id)).toHaveLength(2);
          expect(mailsAbout(order.number)).toHaveLength(1);
        }
      } finally {
        await second.close();
      }
    });
  });

  describe('never escalated', () => {
    it('is a purchase order its supplier acknowledged, or one cancelled', async () => {
      const acknowledged = await sentOrder();
      const [event] = await sentEvents(acknowledged.id);
      const token = event!.payload.acknowledgeUrl!.split('/').pop()!;
      const answer = await call(
        'POST',
        `/purchase-order-links/${token}/acknowledgement`,
        { lines: [{ productId: shop.productIds[0]!, quantity: 10 }], deliveryOn: LATER },
        null,
      );
      expect(answer.statusCode, answer.body).toBe(200);
      const cancelled = await sentOrder();
      expect(
        (await call('POST', at(`/${cancelled.id}/cancel`), { reason: 'Ordered by phone' })).statusCode,
      ).toBe(200);

      for (const order of [acknowledged, cancelled]) {
        await pastDeadline(order.id, { second: true });
      }
      await runOnce();
      for (const order of [acknowledged, cancelled]) {
        expect(await sentEvents(order.id)).toHaveLength(1);
        expect(await stepsOf(order.id)).toEqual([]);
        expect(mailsAbout(order.number)).toEqual([]);
        expect((await get(order.id)).escalation).toMatchObject({ resentAt: null, merchantToldAt: null });
      }
      const overdue = (await call('GET', at('?overdue=true&limit=200'))).json<{
        purchaseOrders: PurchaseOrderSummary[];
      }>();
      expect(overdue.purchaseOrders.map((order) => order.id)).not.toContain(acknowledged.id);
    });
  });

  describe('backup suppliers in one action', () => {
    // A: Supplier 0 preferred, Supplier 1 its backup at €3.00. B: Supplier 2 its backup with no cost, so
    // B's average cost. C: nobody but Supplier 0.
    let p0: string;
    let p1: string;
    let p2: string;
    beforeAll(async () => {
      [p0, p1, p2] = (await Promise.all(
        ['A', 'B', 'C'].map(async (name) => {
          const made = await call('POST', `/merchants/${shop.slug}/products`, {
            sku: `BK-${name}-${randomUUID().slice(0, 6)}`,
            name: `Backup ${name}`,
            priceMinor: 1000,
            stock: 0,
            supplierIds: [shop.supplierIds[0]],
          });
          expect(made.statusCode, made.body).toBe(201);
          return made.json<{ id: string }>().id;
        }),
      )) as [string, string, string];
      await db().updateTable('products').set({ average_cost_minor: 555 }).where('id', '=', p1).execute();
      for (const [product, supplier, body] of [
        [p0, 1, { costMinor: 300, supplierSku: 'S1-A' }],
        [p1, 2, { costMinor: null, supplierSku: 'S2-B' }],
      ] as const) {
        const tied = await terms(product, supplier, {
          ...body,
          packSize: 1,
          minOrderQuantity: 1,
          leadTimeDays: null,
          preferred: false,
        });
        expect(tied.statusCode, tied.body).toBe(200);
      }
    });

    it('sends each line to its backup supplier at its terms, one purchase order each, and cancels the first', async () => {
      const order = await sentOrder({
        lines: [
          { productId: p0, quantity: 10, costMinor: 250 },
          { productId: p1, quantity: 3, costMinor: 500 },
          { productId: p2, quantity: 1, costMinor: 700 },
        ],
        expectedOn: '2099-01-10',
        note: 'Back door',
      });

      const moved = await call('POST', at(`/${order.id}/backup`));
      expect(moved.statusCode, moved.body).toBe(201);
      const answer = moved.json<PurchaseOrderBackup>();
      expect(answer.purchaseOrders.map((made) => [made.supplier.name, made.status])).toEqual([
        ['Supplier 1', 'sent'],
        ['Supplier 2', 'sent'],
      ]);
      const [toOne, toTwo] = answer.purchaseOrders as [PurchaseOrder, PurchaseOrder];
      expect(
        toOne.lines.map((line) => [line.product.id, line.quantity, line.costMinor, line.supplierSku]),
      ).toEqual([[p0, 10, 300, 'S1-A']]);
      expect(
        toTwo.lines.map((line) => [line.product.id, line.quantity, line.costMinor, line.supplierSku]),
      ).toEqual([[p1, 3, 555, 'S2-B']]);
      for (const made of [toOne, toTwo]) {
        expect(made).toMatchObject({
          expectedOn: '2099-01-10',
          note: 'Back door',
          createdBy: { id: shop.owner.id },
        });
        expect(made.escalation.dueAt).not.toBeNull();
        expect(made.deliveries).toHaveLength(1);
        const [sent] = await sentEvents(made.id);
        expect(sent!.payload.acknowledgeUrl).toMatch(/\/purchase-orders\/acknowledge\//);
      }
      expect(answer.keptLines.map((line) => line.product.id)).toEqual([p2]);
      expect(answer.cancelled).toMatchObject({ id: order.id, status: 'cancelled' });
      const original = await get(order.id);
      expect(original.transitions.at(-1)).toMatchObject({
        from: 'sent',
        to: 'cancelled',
        by: { id: shop.owner.id },
        note: 'Sent to Supplier 1 and Supplier 2 instead: not acknowledged in time.',
      });

      const again = await call('POST', at(`/${order.id}/backup`));
      expect(again.statusCode).toBe(409);
      expect(again.json<{ message: string }>().message).toBe(
        `${order.number} is cancelled: only a purchase order sent and not yet acknowledged by its supplier can go to backup suppliers instead.`,
      );
    });

    it('refuses, changing nothing, when no line has a backup supplier that is not archived', async () => {
      const archived = await call('PUT', `/merchants/${shop.slug}/suppliers/${shop.supplierIds[1]}/archived`);
      expect(archived.statusCode, archived.body).toBe(200);
      try {
        const order = await sentOrder({
          lines: [
            { productId: p0, quantity: 1, costMinor: 250 },
            { productId: p2, quantity: 1, costMinor: 700 },
          ],
        });
        const refused = await call('POST', at(`/${order.id}/backup`));
        expect(refused.statusCode).toBe(409);
        expect(refused.json<{ message: string }>().message).toBe(
          `No product on ${order.number} has a supplier other than Supplier 0: add a backup supplier to its products in the catalogue, or call Supplier 0.`,
        );
        expect((await get(order.id)).status).toBe('sent');
      } finally {
        await call('DELETE', `/merchants/${shop.slug}/suppliers/${shop.supplierIds[1]}/archived`);
      }
    });

    it('refuses a draft', async () => {
      const draft = await call('POST', at(), {
        id: randomUUID(),
        supplierId: shop.supplierIds[0]!,
        lines: [{ productId: shop.productIds[0]!, quantity: 1, costMinor: 100 }],
      });
      const refused = await call('POST', at(`/${draft.json<PurchaseOrder>().id}/backup`));
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ message: string }>().message).toMatch(
        /is a draft: only a purchase order sent and not yet acknowledged/,
      );
    });
  });
});
