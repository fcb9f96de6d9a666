import {
  addDays,
  type ManagedProduct,
  type MessageLogEntry,
  type PurchaseOrder,
  type PurchaseOrderSummary,
  type StockPosition,
  type Supplier,
  type SupplierReport,
} from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { engines, type Engine } from '../helper';
import { seededDemo } from './seeded-demo';

/**
 * The demo's purchase orders, made through the purchasing service by the seed: Green Grocer has one
 * received in part (with its receipt and the average costs), one sent and one draft, and its
 * reorder rules write another as the server starts; the stock ledger balances after them. Before them,
 * five of the last three weeks, received or closed, give the supplier reports something to show.
 */
describe.each(engines())("the demo's purchase orders on %s", (engine: Engine) => {
  const { app, get, cookieOf } = seededDemo(engine);

  it('has one received in part, one sent, one draft, and one the reorder rules wrote as the server started', async () => {
    const list = async () =>
      (await get<{ purchaseOrders: PurchaseOrderSummary[] }>('/merchants/green-grocer/purchase-orders'))
        .purchaseOrders;
    await expect
      .poll(async () =>
        (await list()).map((order) => [
          order.number,
          order.supplier.name,
          order.status,
          order.createdBy?.name ?? null,
        ]),
      )
      .toEqual([
        ['PO-0009', 'Orchard Direct', 'draft', null],
        ['PO-0008', 'Orchard Direct', 'draft', 'Bob Green'],
        ['PO-0007', 'Fresh Farms', 'sent', 'Bob Green'],
        ['PO-0006', 'Orchard Direct', 'partially_received', 'Bob Green'],
        // The last three weeks' orders, for the supplier reports.
        ['PO-0005', 'Fresh Farms', 'received', 'Bob Green'],
        ['PO-0004', 'Fresh Farms', 'closed', 'Bob Green'],
        ['PO-0003', 'Orchard Direct', 'received', 'Bob Green'],
        ['PO-0002', 'Orchard Direct', 'received', 'Bob Green'],
        ['PO-0001', 'Orchard Direct', 'received', 'Bob Green'],
      ]);
    const purchaseOrders = await list();

    // The pears are under their minimum even with the crate still to come; the potatoes are low, but
    // Fresh Farms' delivery covers them.
    const { rules } = await get<{ rules: StockPosition[] }>('/merchants/green-grocer/reorder-rules');
    const pears = rules.find((position) => position.product.sku === 'F-PEA')!;
    const potatoes = rules.find((position) => position.product.sku === 'V-POT')!;
    expect(pears).toMatchObject({ onOrder: 10, rule: { minimum: 80, maximum: 120 } });
    expect(pears.needed).toBeGreaterThan(0);
    expect(potatoes).toMatchObject({ onOrder: 16, needed: 0 });
    const reordered = await get<PurchaseOrder>(
      `/merchants/green-grocer/purchase-orders/${purchaseOrders[0]!.id}`,
    );
    expect(reordered.lines.map((line) => [line.product.sku, line.quantity])).toEqual([
      ['F-PEA', pears.needed],
    ]);

    const fruit = await get<PurchaseOrder>(
      `/merchants/green-grocer/purchase-orders/${purchaseOrders[3]!.id}`,
    );
    expect(
      fruit.lines.map((line) => [line.product.sku, line.quantity, line.quantityReceived, line.supplierSku]),
    ).toEqual([
      ['F-APL', 40, 40, 'OD-APL-KG'],
      ['F-PEA', 20, 10, 'OD-PEA-KG'],
    ]);
    expect(fruit.transitions.map((step) => step.to)).toEqual(['draft', 'sent', 'partially_received']);
    expect(fruit.receipts).toHaveLength(1);
    expect(fruit.receipts[0]!.lines.map((line) => [line.product.sku, line.averageCostAfterMinor])).toEqual([
      ['F-APL', 190],
      ['F-PEA', 230],
    ]);
    expect(fruit.deliveries.map((delivery) => delivery.supplier.name)).toEqual(['Orchard Direct']);

    const { products } = await get<{ products: ManagedProduct[] }>('/merchants/green-grocer/catalogue');
    const averageOf = (sku: string) => products.find((product) => product.sku === sku)!.averageCostMinor;
    // The vegetables' cost comes from Fresh Farms' deliveries of the past weeks.
    expect([averageOf('F-APL'), averageOf('F-PEA'), averageOf('V-CAR')]).toEqual([190, 230, 90]);
  });

  it('gives the supplier report lead times, on-time and fill rates for both suppliers', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const report = await get<SupplierReport>(
      `/merchants/green-grocer/reports/suppliers/purchase-orders?from=${addDays(today, -27)}&to=${addDays(today, 1)}`,
    );
    const bySupplier = new Map(report.rows.map((row) => [row.supplier, row]));
    // Orchard Direct: three of the past received, one a day late, and today's received in part.
    expect(bySupplier.get('Orchard Direct')).toMatchObject({ sent: 4, received: 4, fillRate: 100 });
    expect(bySupplier.get('Orchard Direct')!.leadTimeAverage).toEqual(expect.any(Number));
    // Fresh Farms: one closed six sacks short (60 of 66), one received in full, today's awaited.
    expect(bySupplier.get('Fresh Farms')).toMatchObject({ sent: 3, received: 2, fillRate: 93.9, onTime: 1 });
  });

  it("asks Green Grocer's suppliers to acknowledge each dispatched order: a newcomer's dispatch shows it waiting in Messages", async () => {
    const { suppliers } = await get<{ suppliers: Supplier[] }>('/merchants/green-grocer/suppliers');
    expect(suppliers.map((supplier) => [supplier.slug, supplier.ordersNeedAcknowledgement])).toEqual([
      ['fresh-farms', true],
      ['orchard-direct', true],
    ]);
    const { products } = await get<{ products: ManagedProduct[] }>('/merchants/green-grocer/catalogue');
    const apples = products.find((product) => product.sku === 'F-APL')!;
    const placed = await app().app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { cookie: await cookieOf({ email: 'carol@example.com', password: 'carol-demo-1' }) },
      payload: { merchantSlug: 'green-grocer', items: [{ productId: apples.id, quantity: 2 }] },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json<{ id: string; number: string }>();
    const dispatched = await app().app.inject({
      method: 'POST',
      url: `/api/v1/merchants/green-grocer/orders/${order.id}/dispatch`,
      headers: { cookie: await cookieOf() },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const { messages } = await get<{ messages: MessageLogEntry[] }>(
      `/merchants/green-grocer/messages?order=${order.number}`,
    );
    expect(messages.map((message) => [message.supplier.slug, message.acknowledgement?.acknowledged])).toEqual(
      [['orchard-direct', null]],
    );
    expect(messages[0]!.acknowledgement?.dueAt).not.toBeNull();
  });
});
