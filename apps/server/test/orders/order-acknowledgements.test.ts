import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import {
  receiptTopic,
  type MessageLogEntry,
  type Order,
  type OrderAcknowledgedV1,
  type OrderDispatchedV1,
  type Supplier,
  type SupplierMessage,
} from '@myb/contracts';
import { hasServices, requireServiceUrl, startSmtpServer, type LoopbackSmtpServer } from '@myb/testing';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/modules/auth/tokens';
import { startEventPipeline, type EventPipeline } from '../../src/modules/events/pipeline';
import { createOrderAcknowledgementsRepository } from '../../src/modules/order-acknowledgements/order-acknowledgements.repository';
import {
  createOrderAcknowledgementHandler,
  createOrderAcknowledgementRecorder,
} from '../../src/modules/order-acknowledgements/order-acknowledgements.service';
import { acknowledgementDueAt } from '../../src/modules/purchasing/acknowledgement-deadline';
import {
  buildAnotherInstance,
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
const TIME_ZONE = 'Europe/Lisbon';
const MAIL = { kind: 'smtp' as const, from: 'Shop <shop@meetyourbusiness.local>' };

describe.each(engines())("acknowledgement of dispatched orders' messages on %s", (engine: Engine) => {
  let smtp: LoopbackSmtpServer;
  let testApp: TestApp;
  /** Suppliers 0 and 1 are asked to acknowledge; supplier 2 is not. Product i is supplier i's. */
  let shop: ShopFixture;
  let other: ShopFixture;
  let manager: SignedInUser;
  /** A member of supplier 0, not of supplier 1. */
  let supplierPerson: SignedInUser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await buildTestApp(engine, { publicUrl: PUBLIC_URL, mail: { ...MAIL, url: smtp.url } });
    [shop, other, manager, supplierPerson] = await Promise.all([
      createShop(testApp, { suppliers: 3, products: 3, stock: 1000 }),
      createShop(testApp, { suppliers: 1, products: 1, stock: 1000 }),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    const added = await call('POST', `/merchants/${shop.slug}/staff`, {
      email: manager.email,
      role: 'manager',
    });
    expect(added.statusCode, added.body).toBe(200);
    const { version } = (await call('GET', `/merchants/${shop.slug}/settings`)).json<{ version: number }>();
    const zoned = await call('PATCH', `/merchants/${shop.slug}`, { version, timeZone: TIME_ZONE });
    expect(zoned.statusCode, zoned.body).toBe(200);
    for (const supplier of [0, 1]) {
      const asked = await patchSupplier(supplier, { ordersNeedAcknowledgement: true });
      expect(asked.statusCode, asked.body).toBe(200);
    }
    const otherAsked = await call(
      'PATCH',
      `/merchants/${other.slug}/suppliers/${other.supplierIds[0]}`,
      { ordersNeedAcknowledgement: true },
      other.owner,
    );
    expect(otherAsked.statusCode, otherAsked.body).toBe(200);
    const admin = await signUpUser(testApp, { admin: true });
    const joined = await call(
      'PUT',
      `/admin/users/${supplierPerson.id}/suppliers/${shop.supplierIds[0]}`,
      undefined,
      admin,
    );
    expect(joined.statusCode, joined.body).toBeLessThan(300);
  });
  afterAll(async () => {
    await testApp?.close();
    await smtp?.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    as: SignedInUser | null = shop.owner,
  ) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: as ? { cookie: as.cookie } : {}, payload });
  const patchSupplier = (supplier: number, body: object) =>
    call('PATCH', `/merchants/${shop.slug}/suppliers/${shop.supplierIds[supplier]}`, body);
  const db = () => testApp.database.db;
  const runOnce = () => testApp.app.escalation.runOnce();

  /** An order of one of each of `products` (of `fixture`), placed by a customer and dispatched. */
  const dispatched = async (products: number[], fixture: ShopFixture = shop): Promise<Order> => {
    const customer = await signUpUser(testApp);
    const placed = await call(
      'POST',
      '/orders',
      {
        merchantSlug: fixture.slug,
        items: products.map((i) => ({ productId: fixture.productIds[i], quantity: 1 })),
      },
      customer,
    );
    expect(placed.statusCode, placed.body).toBe(201);
    const closed = await call(
      'POST',
      `/merchants/${fixture.slug}/orders/${placed.json<Order>().id}/dispatch`,
      undefined,
      fixture.owner,
    );
    expect(closed.statusCode, closed.body).toBe(200);
    return closed.json<Order>();
  };
  /** The `order.dispatched` messages of the order to the supplier, oldest first, with the note of their first step. */
  const messagesTo = async (order: Order, supplierId: string) =>
    (
      await db()
        .selectFrom('outbox_events')
        .innerJoin('delivery_steps', 'delivery_steps.event_id', 'outbox_events.id')
        .select(['outbox_events.id', 'outbox_events.payload', 'delivery_steps.reason'])
        .where('outbox_events.subject_id', '=', order.id)
        .where('outbox_events.supplier_id', '=', supplierId)
        .where('outbox_events.type', '=', 'order.dispatched')
        .where('delivery_steps.stage', '=', 'queued')
        .orderBy('outbox_events.created_at')
        .execute()
    ).map((row) => ({
      id: row.id,
      note: row.reason,
      payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as OrderDispatchedV1,
    }));
  const firstMessage = async (order: Order, supplier = 0) =>
    (await messagesTo(order, shop.supplierIds[supplier]!))[0]!;
  const tokenOf = (message: { payload: OrderDispatchedV1 }) =>
    message.payload.acknowledgeUrl!.split('/').pop()!;
  const shopLog = async (query = '') => {
    const response = await call('GET', `/merchants/${shop.slug}/messages${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ messages: MessageLogEntry[] }>().messages;
  };
  const logEntry = async (eventId: string) => (await shopLog()).find((entry) => entry.eventId === eventId)!;
  const acknowledgementRows = (eventId: string) =>
    db().selectFrom('order_message_acknowledgements').selectAll().where('event_id', '=', eventId).execute();
  const portalAcknowledge = (messageId: string, as: SignedInUser = supplierPerson) =>
    call('POST', `/me/supplier-messages/${messageId}/acknowledgement`, undefined, as);
  /** Makes time pass: the deadline a minute ago, and the second one too if `second`, else an hour from now. */
  const pastDeadline = (eventId: string, { second = false } = {}) =>
    db()
      .updateTable('order_message_deadlines')
      .set({
        acknowledgement_due_at: sql<Date>`now() - interval '1 minute'`,
        tell_shop_at: second ? sql<Date>`now() - interval '1 second'` : sql<Date>`now() + interval '1 hour'`,
      })
      .where('event_id', '=', eventId)
      .execute();
  const stepsOf = (eventId: string) =>
    db()
      .selectFrom('order_message_escalations')
      .select('step')
      .where('event_id', '=', eventId)
      .orderBy('step')
      .execute();
  const mailsAbout = (order: Order) =>
    smtp.received.filter((mail) => mail.parsed.subject?.startsWith(`order ${order.number} `));

  describe("the supplier's setting", () => {
    it('is off unless set, and is set with the other supplier fields; anything but true or false is refused', async () => {
      const listed = (await call('GET', `/merchants/${shop.slug}/suppliers`)).json<{
        suppliers: Supplier[];
      }>();
      expect(listed.suppliers.map((supplier) => supplier.ordersNeedAcknowledgement)).toEqual([
        true,
        true,
        false,
      ]);
      const refused = await patchSupplier(2, { ordersNeedAcknowledgement: 'yes' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        issues: [
          {
            path: 'body.ordersNeedAcknowledgement',
            message: "Say whether its dispatched orders' messages need acknowledgement: true or false.",
          },
        ],
      });
    });
  });

  describe('a dispatch', () => {
    it("asks only the suppliers it should to acknowledge, with a link and the supplier's deadline in working hours", async () => {
      const before = new Date();
      const order = await dispatched([0, 2]);
      const after = new Date();
      const asked = await firstMessage(order, 0);
      const notAsked = await firstMessage(order, 2);
      expect(asked.payload.acknowledgeUrl).toMatch(
        new RegExp(`^${PUBLIC_URL}/order-messages/acknowledge/[A-Za-z0-9_-]{43}$`),
      );
      expect(notAsked.payload).not.toHaveProperty('acknowledgeUrl');
      const deadline = await db()
        .selectFrom('order_message_deadlines')
        .selectAll()
        .where('order_id', '=', order.id)
        .execute();
      expect(deadline).toHaveLength(1);
      expect(deadline[0]!.event_id).toBe(asked.id);
      // Only the token's hash is kept.
      expect(deadline[0]!.link_hash).toBe(hashToken(tokenOf(asked)));
      const dueAt = deadline[0]!.acknowledgement_due_at!;
      expect(dueAt.getTime()).toBeGreaterThanOrEqual(acknowledgementDueAt(before, 4, TIME_ZONE).getTime());
      expect(dueAt.getTime()).toBeLessThanOrEqual(acknowledgementDueAt(after, 4, TIME_ZONE).getTime());
      expect(deadline[0]!.tell_shop_at!.toISOString()).toBe(
        acknowledgementDueAt(dueAt, 4, TIME_ZONE).toISOString(),
      );

      expect((await logEntry(asked.id)).acknowledgement).toEqual({
        dueAt: dueAt.toISOString(),
        overdue: false,
        resentAt: null,
        merchantToldAt: null,
        acknowledged: null,
      });
      expect((await logEntry(notAsked.id)).acknowledgement).toBeNull();
    });
  });

  describe('in the supplier portal', () => {
    it('acknowledges once; the shop sees by whom, how and when; a second answer is refused', async () => {
      const order = await dispatched([0]);
      const message = await firstMessage(order);
      const inbox = (await call('GET', '/me/supplier-messages', undefined, supplierPerson)).json<{
        messages: SupplierMessage[];
      }>();
      expect(inbox.messages.find((entry) => entry.id === message.id)?.acknowledgement).toMatchObject({
        acknowledged: null,
      });

      const answered = await portalAcknowledge(message.id);
      expect(answered.statusCode, answered.body).toBe(200);
      expect(answered.json<SupplierMessage>().acknowledgement?.acknowledged).toMatchObject({
        how: 'portal',
        by: { id: supplierPerson.id },
      });
      const seen = (await logEntry(message.id)).acknowledgement!;
      expect(seen.acknowledged).toEqual({
        how: 'portal',
        by: { id: supplierPerson.id, name: expect.any(String) },
        agent: null,
        at: expect.any(String),
      });
      expect(seen.overdue).toBe(false);

      const again = await portalAcknowledge(message.id);
      expect(again.statusCode).toBe(409);
      expect(again.json<{ message: string }>().message).toMatch(
        new RegExp(
          `^Shop ${shop.slug}'s order ${order.number} was already acknowledged on \\d{4}-\\d{2}-\\d{2}: nothing more to do\\.$`,
        ),
      );
      expect(await acknowledgementRows(message.id)).toHaveLength(1);
    });

    it("answers another supplier's or another shop's message as unknown (404), a message needing none 409, a malformed id 400", async () => {
      const order = await dispatched([1]);
      const notMine = await firstMessage(order, 1);
      const otherOrder = await dispatched([0], other);
      const [otherShops] = await messagesTo(otherOrder, other.supplierIds[0]!);
      const unknown = await portalAcknowledge(randomUUID());
      expect(unknown.statusCode).toBe(404);
      for (const id of [notMine.id, otherShops!.id]) {
        const response = await portalAcknowledge(id);
        expect(response.statusCode).toBe(404);
        expect(response.json<{ message: string }>().message).toBe(
          unknown.json<{ message: string }>().message,
        );
        expect(await acknowledgementRows(id)).toEqual([]);
      }

      // Sent before supplier 0 was asked to acknowledge.
      expect((await patchSupplier(0, { ordersNeedAcknowledgement: false })).statusCode).toBe(200);
      const earlier = await firstMessage(await dispatched([0]));
      expect((await patchSupplier(0, { ordersNeedAcknowledgement: true })).statusCode).toBe(200);
      const needsNone = await portalAcknowledge(earlier.id);
      expect(needsNone.statusCode).toBe(409);
      expect(needsNone.json<{ message: string }>().message).toBe(
        `This message needs no acknowledgement: Shop ${shop.slug} did not ask for one.`,
      );

      const malformed = await portalAcknowledge('not-a-message');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ issues: [{ path: 'params.messageId' }] });
      // Only the supplier role opens the portal.
      expect((await portalAcknowledge(earlier.id, shop.owner)).statusCode).toBe(403);
    });
  });

  describe('through the e-mailed link', () => {
    it('shows the message without sign-in and acknowledges it once; used, it answers 410', async () => {
      const order = await dispatched([0]);
      const message = await firstMessage(order);
      const token = tokenOf(message);
      const opened = await call('GET', `/order-message-links/${token}`, undefined, null);
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json<SupplierMessage>()).toMatchObject({
        id: message.id,
        order: { id: order.id, number: order.number },
        acknowledgement: { acknowledged: null },
      });
      const answered = await call('POST', `/order-message-links/${token}/acknowledgement`, undefined, null);
      expect(answered.statusCode, answered.body).toBe(200);
      expect((await logEntry(message.id)).acknowledgement?.acknowledged).toMatchObject({
        how: 'link',
        by: null,
      });
      for (const method of ['GET', 'POST'] as const) {
        const used = await call(
          method,
          `/order-message-links/${token}${method === 'POST' ? '/acknowledgement' : ''}`,
          undefined,
          null,
        );
        expect(used.statusCode).toBe(410);
        expect(used.json<{ message: string }>().message).toMatch(
          new RegExp(`was used on .* to acknowledge order ${order.number}, and works only once`),
        );
      }
      expect(await acknowledgementRows(message.id)).toHaveLength(1);
    });

    it('refuses an unknown link (404) and an expired one (410), with sentences', async () => {
      const message = await firstMessage(await dispatched([0]));
      const token = tokenOf(message);
      const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const wrong of [tampered, 'not-a-token']) {
        const response = await call('GET', `/order-message-links/${wrong}`, undefined, null);
        expect(response.statusCode).toBe(404);
        expect(response.json<{ message: string }>().message).toMatch(
          /^This link is not known: open the link/,
        );
      }
      await db()
        .updateTable('order_message_deadlines')
        .set({ link_expires_at: sql<Date>`now() - interval '1 minute'` })
        .where('event_id', '=', message.id)
        .execute();
      const answered = await call('POST', `/order-message-links/${token}/acknowledgement`, undefined, null);
      expect(answered.statusCode).toBe(410);
      expect(answered.json<{ message: string }>().message).toMatch(
        /^This link has expired \(links work for 14 days\)/,
      );
      expect(await acknowledgementRows(message.id)).toEqual([]);
    });
  });

  describe('escalation', () => {
    it('past the deadline sends the message again once, with one resendOf; the shop sees it late', async () => {
      const order = await dispatched([0]);
      const first = await firstMessage(order);
      await pastDeadline(first.id);
      await runOnce();
      await runOnce();
      const sent = await messagesTo(order, shop.supplierIds[0]!);
      expect(sent).toHaveLength(2);
      const again = sent[1]!;
      expect(again.note).toBe(`resend of ${first.id}`);
      expect(again.payload).toEqual({ ...first.payload, id: again.id });
      expect(await stepsOf(first.id)).toEqual([{ step: 'resent' }]);
      expect(mailsAbout(order)).toEqual([]);

      const late = (await shopLog('?overdue=true')).map((entry) => entry.eventId);
      expect(late).toContain(first.id);
      const seen = (await logEntry(first.id)).acknowledgement!;
      expect(seen).toMatchObject({ overdue: true, acknowledged: null, merchantToldAt: null });
      expect(seen.resentAt).not.toBeNull();
      // The copy shows the same, and acknowledging it acknowledges the message.
      expect((await logEntry(again.id)).acknowledgement).toEqual(seen);
      expect((await portalAcknowledge(again.id)).statusCode).toBe(200);
      expect(await acknowledgementRows(first.id)).toHaveLength(1);
      expect((await shopLog('?overdue=true')).map((entry) => entry.eventId)).not.toContain(first.id);

      const refused = await call('GET', `/merchants/${shop.slug}/messages?overdue=maybe`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        issues: [{ path: 'querystring.overdue', message: expect.stringMatching(/overdue=true/) }],
      });
    });

    it("past twice the deadline e-mails the shop's owner and managers once", async () => {
      const order = await dispatched([0]);
      const first = await firstMessage(order);
      await pastDeadline(first.id, { second: true });
      await runOnce();
      await runOnce();
      const mails = mailsAbout(order);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.envelopeTo.sort()).toEqual([shop.owner.email, manager.email].sort());
      expect(mails[0]!.parsed.subject).toBe(`order ${order.number} is not acknowledged by Supplier 0`);
      expect(mails[0]!.parsed.text).toContain(
        `Supplier 0 has not acknowledged order ${order.number} (1 line)`,
      );
      expect(mails[0]!.parsed.text).toContain(`/back-office/${shop.slug}/messages?order=${order.number}`);
      expect(await messagesTo(order, shop.supplierIds[0]!)).toHaveLength(2);
      expect(await stepsOf(first.id)).toEqual([{ step: 'merchant_told' }, { step: 'resent' }]);
      expect((await logEntry(first.id)).acknowledgement?.merchantToldAt).not.toBeNull();
    });

    it('takes each step once with two app instances on one database, and never escalates an acknowledged message', async () => {
      const second = await buildAnotherInstance(testApp, {
        mail: { ...MAIL, url: smtp.url },
        publicUrl: PUBLIC_URL,
      });
      try {
        await second.ready();
        const orders = await Promise.all([dispatched([0]), dispatched([1]), dispatched([0])]);
        const acknowledged = await dispatched([0]);
        const firsts = await Promise.all(
          orders.map(async (order, index) => firstMessage(order, index === 1 ? 1 : 0)),
        );
        const done = await firstMessage(acknowledged);
        expect((await portalAcknowledge(done.id)).statusCode).toBe(200);
        for (const message of [...firsts, done]) {
          await pastDeadline(message.id, { second: true });
        }
        await Promise.all([runOnce(), second.escalation.runOnce(), runOnce(), second.escalation.runOnce()]);
        for (const [index, order] of orders.entries()) {
          expect(await messagesTo(order, shop.supplierIds[index === 1 ? 1 : 0]!)).toHaveLength(2);
          expect(mailsAbout(order)).toHaveLength(1);
          expect(await stepsOf(firsts[index]!.id)).toHaveLength(2);
        }
        expect(await messagesTo(acknowledged, shop.supplierIds[0]!)).toHaveLength(1);
        expect(await stepsOf(done.id)).toEqual([]);
        expect(mailsAbout(acknowledged)).toEqual([]);
      } finally {
        await second.close();
      }
    });
  });
});

const mosquitto = hasServices('order acknowledgements over Mosquitto', 'mosquitto');

describe.skipIf(!mosquitto).each(engines())(
  'order.acknowledged over Mosquitto, from mosquitto_pub, on %s',
  (engine: Engine) => {
    let testApp: TestApp;
    let shop: ShopFixture;
    let other: ShopFixture;
    let pipeline: EventPipeline;
    const clientId = `myb-test-receipts-${randomBytes(4).toString('hex')}`;
    /** What the receipts consumer logged, as JSON lines. */
    const logged: { level: number; msg: string; reason?: string; messageId?: string }[] = [];

    beforeAll(async () => {
      testApp = await buildTestApp(engine, { publicUrl: PUBLIC_URL });
      [shop, other] = await Promise.all([
        createShop(testApp, { suppliers: 1, products: 1, stock: 1000 }),
        createShop(testApp, { suppliers: 1, products: 1, stock: 1000 }),
      ]);
      for (const fixture of [shop, other]) {
        const asked = await testApp.app.inject({
          method: 'PATCH',
          url: `/api/v1/merchants/${fixture.slug}/suppliers/${fixture.supplierIds[0]}`,
          headers: { cookie: fixture.owner.cookie },
          payload: { ordersNeedAcknowledgement: true },
        });
        expect(asked.statusCode, asked.body).toBe(200);
      }
      const logger = pino(
        { level: 'debug' },
        { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) },
      );
      const { db } = testApp.database;
      // The server's receipts consumer as server.ts builds it, on Mosquitto.
      pipeline = await startEventPipeline({
        database: testApp.database,
        logger,
        broker: {
          config: { kind: 'mqtt', url: requireServiceUrl('mosquitto') },
          receipts: { queue: undefined, clientId },
          acknowledgements: {
            'order.acknowledged': createOrderAcknowledgementHandler(
              createOrderAcknowledgementRecorder(db, {
                acknowledgements: createOrderAcknowledgementsRepository(db),
              }),
              logger,
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

    /** An order of the fixture's product, dispatched, and its message to the supplier. */
    const dispatchedMessage = async (fixture: ShopFixture = shop) => {
      const customer = await signUpUser(testApp);
      const placed = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: customer.cookie },
        payload: { merchantSlug: fixture.slug, items: [{ productId: fixture.productIds[0], quantity: 2 }] },
      });
      expect(placed.statusCode, placed.body).toBe(201);
      const order = placed.json<Order>();
      const closed = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${fixture.slug}/orders/${order.id}/dispatch`,
        headers: { cookie: fixture.owner.cookie },
      });
      expect(closed.statusCode, closed.body).toBe(200);
      const { id } = await testApp.database.db
        .selectFrom('outbox_events')
        .select('id')
        .where('subject_id', '=', order.id)
        .executeTakeFirstOrThrow();
      return { order, eventId: id };
    };
    const messageFor = (
      { order, eventId }: { order: Order; eventId: string },
      change: Partial<OrderAcknowledgedV1> = {},
    ): OrderAcknowledgedV1 => ({
      id: randomUUID(),
      type: 'order.acknowledged',
      version: 1,
      occurredAt: new Date().toISOString(),
      eventId,
      order: { id: order.id, number: order.number },
      merchant: shop.slug,
      supplier: 'supplier-0',
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
    const acknowledgedBy = async (eventId: string) =>
      testApp.database.db
        .selectFrom('order_message_acknowledgements')
        .selectAll()
        .where('event_id', '=', eventId)
        .execute();

    it('records the message once however often it comes, and drops with its reason what is unreadable or not for us', async () => {
      const sent = await dispatchedMessage();
      const message = messageFor(sent);
      // Published until the consumer's subscription is in place and it is recorded: each copy after the first is a duplicate.
      await expect
        .poll(
          async () => {
            await publish(JSON.stringify(message));
            return (await acknowledgedBy(sent.eventId)).length;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBe(1);
      await publish(JSON.stringify(message));

      const forged = await dispatchedMessage();
      const othersShop = await dispatchedMessage(other);
      await publish(JSON.stringify(messageFor(forged, { eventId: randomUUID() })));
      await publish(JSON.stringify(messageFor(othersShop)));
      await publish(JSON.stringify(messageFor(forged, { merchant: other.slug })));
      await publish('{"type":"order.acknowledged","version":1');
      const { eventId: _, ...withoutEventId } = messageFor(forged);
      await publish(JSON.stringify(withoutEventId));

      // Messages on one topic arrive in order, and are recorded one after the other: once this one is
      // in, everything published before it has been handled.
      const last = await dispatchedMessage();
      await publish(JSON.stringify(messageFor(last, { agent: undefined })));
      await expect.poll(async () => (await acknowledgedBy(last.eventId)).length, { timeout: 20_000 }).toBe(1);

      const [recorded] = await acknowledgedBy(sent.eventId);
      expect(recorded).toMatchObject({
        how: 'message',
        message_id: message.id,
        agent: 'myb-agent-test',
        acknowledged_by: null,
      });
      const copies = await testApp.database.db
        .selectFrom('order_message_acknowledgements')
        .select('event_id')
        .where('message_id', '=', message.id)
        .execute();
      expect(copies).toHaveLength(1);
      expect((await acknowledgedBy(last.eventId))[0]!.agent).toBe("supplier-0's agent");
      expect(await acknowledgedBy(forged.eventId)).toEqual([]);
      expect(await acknowledgedBy(othersShop.eventId)).toEqual([]);

      const warnings = logged.filter((line) => line.level === 40);
      expect(warnings.filter((line) => /never asked them to acknowledge/.test(line.msg))).toHaveLength(3);
      expect(warnings.map((line) => line.reason)).toEqual(
        expect.arrayContaining([
          'body is not UTF-8 JSON',
          expect.stringMatching(/^body is not an order acknowledgement: eventId: /),
        ]),
      );
    });
  },
);
