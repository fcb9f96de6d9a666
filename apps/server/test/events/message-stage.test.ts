import { randomUUID } from 'node:crypto';
import type { DeliveryReceiptV1, DeliveryStage, MessageLogEntry, NotTaken, Order, SupplierMessage } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventsRepository } from '../../src/modules/events/events.repository';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

/** What each of the three screens that show a message says of it. */
interface Seen {
  stage: DeliveryStage;
  notTaken: NotTaken | null;
}

describe.each(engines())('one message, one stage, wherever it is read (%s)', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let customer: SignedInUser;
  let supplierPerson: SignedInUser;

  const inject = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, who: SignedInUser, payload?: object) => {
    const response = await testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: { cookie: who.cookie } });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json<T>();
  };

  beforeAll(async () => {
    testApp = await buildTestApp(engine, { notTakenWarningSeconds: 60 });
    shop = await createShop(testApp, { suppliers: 1, products: 1 });
    customer = await signUpUser(testApp);
    const admin = await signUpUser(testApp, { admin: true });
    supplierPerson = await signUpUser(testApp);
    await inject('PUT', `/admin/users/${supplierPerson.id}/suppliers/${shop.supplierIds[0]}`, admin);
  });

  afterAll(() => testApp?.close());

  async function dispatchAnOrder(): Promise<{ order: Order; eventId: string }> {
    const placed = await inject<Order>('POST', '/orders', customer, {
      merchantSlug: shop.slug,
      items: [{ productId: shop.productIds[0], quantity: 1 }],
    });
    const order = await inject<Order>('POST', `/merchants/${shop.slug}/orders/${placed.id}/dispatch`, shop.owner);
    return { order, eventId: order.deliveries[0]!.eventId };
  }

  /** The order page's delivery, the shop's Messages and the supplier's inbox, for one message. */
  async function readEverywhere(orderId: string, eventId: string) {
    const order = await inject<Order>('GET', `/merchants/${shop.slug}/orders/${orderId}`, shop.owner);
    const { messages } = await inject<{ messages: MessageLogEntry[] }>('GET', `/merchants/${shop.slug}/messages`, shop.owner);
    const inbox = await inject<{ messages: SupplierMessage[] }>('GET', '/me/supplier-messages', supplierPerson);
    const onOrderPage = order.deliveries.find((delivery) => delivery.eventId === eventId)!;
    const inLog = messages.find((message) => message.eventId === eventId)!;
    const inInbox = inbox.messages.find((message) => message.id === eventId)!;
    const seen = (entry: Seen): Seen => ({ stage: entry.stage, notTaken: entry.notTaken });
    return { orderPage: seen(onOrderPage), messages: seen(inLog), supplierInbox: seen(inInbox), inboxOrder: inInbox.order };
  }

  const receipt = (eventId: string, stage: DeliveryReceiptV1['stage']): DeliveryReceiptV1 => ({
    id: randomUUID(),
    type: 'delivery.receipt',
    version: 1,
    occurredAt: new Date().toISOString(),
    eventId,
    merchant: shop.slug,
    supplier: 'supplier-0',
    stage,
    recipients: stage === 'delivered' ? [] : ['a0@supplier0.example'],
    reason: stage === 'failed' ? 'mail server refused: 550 no such mailbox' : null,
    agent: 'test-agent',
  });

  it('reads the same stage on the order page, in Messages and in the supplier inbox at every step, and the inbox names the order', async () => {
    const { order, eventId } = await dispatchAnOrder();
    const deliveries = createEventsRepository(testApp.database.db);
    const steps: [string, () => Promise<unknown>, DeliveryStage][] = [
      ['dispatched', async () => undefined, 'queued'],
      ['published by the relay', () => createEventsRepository(testApp.database.db).markPublished([eventId]), 'published'],
      ['delivered to the agent', () => deliveries.recordReceipt(receipt(eventId, 'delivered')), 'delivered'],
      ['e-mailed', () => deliveries.recordReceipt(receipt(eventId, 'emailed')), 'emailed'],
      ['failed on a retry', () => deliveries.recordReceipt(receipt(eventId, 'failed')), 'failed'],
    ];
    for (const [step, happen, stage] of steps) {
      await happen();
      const read = await readEverywhere(order.id, eventId);
      const want: Seen = { stage, notTaken: null };
      expect({ step, ...read }).toEqual({
        step,
        orderPage: want,
        messages: want,
        supplierInbox: want,
        inboxOrder: { id: order.id, number: order.number },
      });
    }
  });

  it('warns, everywhere, of a message published longer ago than the threshold that no device has taken', async () => {
    const { order, eventId } = await dispatchAnOrder();
    await createEventsRepository(testApp.database.db).markPublished([eventId]);
    expect((await readEverywhere(order.id, eventId)).orderPage).toEqual({ stage: 'published', notTaken: null });

    // Published two minutes ago by the database's clock, and nothing since.
    await testApp.database.db
      .updateTable('delivery_steps')
      .set({ at: sql<Date>`now() - interval '2 minutes'` })
      .where('event_id', '=', eventId)
      .execute();
    const read = await readEverywhere(order.id, eventId);
    const warned: Seen = {
      stage: 'published',
      notTaken: {
        since: expect.any(String) as unknown as string,
        seconds: expect.any(Number) as unknown as number,
        message: "No device has taken this message for 2 minutes: is the supplier's agent running?",
      },
    };
    expect(read).toMatchObject({ orderPage: warned, messages: warned, supplierInbox: warned });
    expect(read.orderPage.notTaken!.seconds).toBeGreaterThanOrEqual(120);
    expect(read.orderPage.notTaken!.seconds).toBeLessThan(180);

    // It may be retried (published again under its own id), which it could not be while merely published.
    const retried = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/merchants/${shop.slug}/messages/${eventId}/retry`,
      headers: { cookie: shop.owner.cookie },
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json<MessageLogEntry>()).toMatchObject({ status: 'pending', notTaken: null });

    // Once an agent takes it, the warning goes.
    await createEventsRepository(testApp.database.db).recordReceipt(receipt(eventId, 'delivered'));
    expect((await readEverywhere(order.id, eventId)).orderPage).toEqual({ stage: 'delivered', notTaken: null });
  });
});
