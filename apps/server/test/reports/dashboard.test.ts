import { randomUUID } from 'node:crypto';
import type { Dashboard, Order, Register, Sale, ShiftReport } from '@myb/contracts';
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

/**
 * A fixed time zone whose hour is about noon now (Etc/GMT+5 is five hours behind UTC), so that what
 * the test does now falls on the shop's today however late it runs.
 */
function zoneAtNoon(): string {
  const behind = new Date().getUTCHours() - 12;
  return behind === 0 ? 'Etc/GMT' : `Etc/GMT${behind > 0 ? '+' : '-'}${Math.abs(behind)}`;
}

describe.each(engines())('the dashboard on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;
  let cashier: SignedInUser;
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const created = async <T>(url: string, as: SignedInUser, payload: object): Promise<T> => {
    const response = await call('POST', url, as, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<T>();
  };
  const dashboard = async (of: ShopFixture = shop, as: SignedInUser = of.owner) => {
    const response = await call('GET', `/merchants/${of.slug}/dashboard`, as);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Dashboard>();
  };
  const countOf = async (table: string) =>
    Number(
      (
        await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.table(table)}`.execute(
          testApp.database.db,
        )
      ).rows[0]!.count,
    );

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop] = await Promise.all([
      createShop(testApp, { stock: 50, suppliers: 1 }),
      createShop(testApp, { stock: 50, suppliers: 1 }),
    ]);
    [customer, cashier] = await Promise.all([signUpUser(testApp), signUpUser(testApp)]);
    const added = await call('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
      email: cashier.email,
      role: 'cashier',
    });
    expect(added.statusCode, added.body).toBe(200);
    await testApp.database.db
      .updateTable('merchants')
      .set({ time_zone: zoneAtNoon() })
      .where('slug', '=', shop.slug)
      .execute();
  });
  afterAll(() => closeCheckingStock(testApp));

  it("adds up today's register and online sales, refunds, voids and what waits, exactly, before and after folding", async () => {
    const [p0, p1, p2] = shop.productIds as [string, string, string]; // 1.00, 2.00, 3.00, no tax
    const at = (path: string) => `/merchants/${shop.slug}${path}`;
    const register = await created<Register>(at('/registers'), shop.owner, {
      name: 'Front',
      receiptPrefix: 'F1',
    });
    const shift = await created<ShiftReport>(at(`/registers/${register.id}/shifts`), cashier, {
      openingFloatMinor: 10_000,
      idempotencyKey: randomUUID(),
    });
    // 1 × 1.00 + 2 × 2.00 = 5.00, paid with 20.00 cash: 15.00 change.
    const first = await created<Sale>(at(`/registers/${register.id}/sales`), cashier, {
      id: randomUUID(),
      shiftId: shift.id,
      lines: [
        { productId: p0, quantity: 1 },
        { productId: p1, quantity: 2 },
      ],
      tenders: [{ method: 'cash', amountMinor: 2_000 }],
      totalMinor: 500,
    });
    // 2.00: 0.50 cash, 1.50 card.
    await created<Sale>(at(`/registers/${register.id}/sales`), cashier, {
      id: randomUUID(),
      shiftId: shift.id,
      lines: [{ productId: p1, quantity: 1 }],
      tenders: [
        { method: 'cash', amountMinor: 50 },
        { method: 'card', amountMinor: 150, reference: 'T-1' },
      ],
      totalMinor: 200,
    });
    // One of the first sale's 2.00 items back, in cash.
    await created<Sale>(at(`/registers/${register.id}/returns`), cashier, {
      id: randomUUID(),
      shiftId: shift.id,
      saleId: first.id,
      lines: [{ position: 2, quantity: 1, restock: true }],
      reason: 'Wrong size',
      refunds: [{ method: 'cash', amountMinor: 200 }],
      totalMinor: 200,
    });
    // A 3.00 line taken off a cart before it was paid.
    await created<ShiftReport>(at(`/register-shifts/${shift.id}/voids`), cashier, {
      cartId: randomUUID(),
      lines: [{ id: randomUUID(), productId: p2, quantity: 1 }],
    });
    // Online: 3 × 1.00 + 2.00 = 5.00, and 3.00 cancelled by its customer.
    await created<Order>('/orders', customer, {
      merchantSlug: shop.slug,
      items: [
        { productId: p0, quantity: 3 },
        { productId: p1, quantity: 1 },
      ],
    });
    const cancelled = await created<Order>('/orders', customer, {
      merchantSlug: shop.slug,
      items: [{ productId: p2, quantity: 1 }],
    });
    const cancel = await call('POST', `/orders/${cancelled.id}/cancel`, customer, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    const rule = await call('PUT', at(`/products/${p2}/reorder-rule`), shop.owner, {
      minimum: 60,
      maximum: 80,
    });
    expect(rule.statusCode, rule.body).toBe(200);

    const day = await dashboard();
    const empty = { netSalesMinor: 0, sales: 0, averageTicketMinor: null, refunds: 0, refundedMinor: 0 };
    expect(day).toMatchObject({
      currency: 'EUR',
      timeZone: zoneAtNoon(),
      sales: {
        // Sold 5.00 + 2.00 + 5.00 + 3.00 = 15.00 in four sales; 2.00 and 3.00 refunded.
        today: { netSalesMinor: 1_000, sales: 4, averageTicketMinor: 375, refunds: 2, refundedMinor: 500 },
        lastWeek: empty,
        lastWeekWholeDay: empty,
      },
      ordersWaiting: 1,
      lowStock: 1,
      purchaseOrders: { overdue: 0, unacknowledged: 0 },
      supplierMessages: { failed: 0, notTaken: 0, overdue: 0 },
      openShifts: 1,
    });
    expect(Date.parse(day.lastWeek) - Date.parse(day.today)).toBe(-7 * 24 * 60 * 60 * 1000);
    expect(day.hourly).toHaveLength(24);
    expect(day.hourly.filter((hour) => hour.todayMinor !== 0)).toEqual([
      { hour: day.hour, todayMinor: 1_000, lastWeekMinor: 0 },
    ]);

    const mine = sql<{ method: string; paid: number; refunded: number }>`
      SELECT method, sum(paid_minor)::int AS paid, sum(refunded_minor)::int AS refunded
      FROM payments_daily_now JOIN merchants ON merchants.id = payments_daily_now.merchant_id
      WHERE merchants.slug = ${shop.slug} GROUP BY method ORDER BY method`;
    const payments = [
      // Cash: 20.00 less 15.00 change, and 0.50; 2.00 given back.
      { method: 'card', paid: 150, refunded: 0 },
      { method: 'cash', paid: 550, refunded: 200 },
      { method: 'online', paid: 800, refunded: 300 },
    ];
    expect((await mine.execute(testApp.database.db)).rows).toEqual(payments);
    const voids = await sql<{ lines: number; amount: number; staff: string }>`
      SELECT sum(voided_lines)::int AS lines, sum(voided_minor)::int AS amount, staff_id AS staff
      FROM sales_hourly_now JOIN merchants ON merchants.id = sales_hourly_now.merchant_id
      WHERE merchants.slug = ${shop.slug} AND voided_lines > 0 GROUP BY staff_id`.execute(
      testApp.database.db,
    );
    expect(voids.rows).toEqual([{ lines: 1, amount: 300, staff: cashier.id }]);

    // Folded into the summaries, the figures are the same, and nothing is left pending.
    await testApp.app.salesSummaries.foldAll();
    for (const table of ['sales_hourly_pending', 'product_sales_daily_pending', 'payments_daily_pending']) {
      expect(await countOf(table), table).toBe(0);
    }
    expect(await dashboard()).toEqual({
      ...day,
      supplierMessages: { ...day.supplierMessages, since: expect.any(String) },
    });
    expect((await mine.execute(testApp.database.db)).rows).toEqual(payments);

    // Another shop sees none of it; a cashier may not open the dashboard.
    expect((await dashboard(otherShop)).sales.today).toEqual(empty);
    const asCashier = await call('GET', `/merchants/${shop.slug}/dashboard`, cashier);
    expect(asCashier.statusCode).toBe(403);
  });

  it('counts a sale at 23:30 on the shop’s clock on that day, and one at 00:30 on the next', async () => {
    const db = testApp.database.db;
    const [sale] = await db
      .selectFrom('register_sales')
      .innerJoin('merchants', 'merchants.id', 'register_sales.merchant_id')
      .select(['register_sales.id'])
      .where('merchants.slug', '=', shop.slug)
      .where('register_sales.kind', '=', 'sale')
      .limit(1)
      .execute();
    await db
      .updateTable('merchants')
      .set({ time_zone: 'America/New_York' })
      .where('slug', '=', shop.slug)
      .execute();
    // In January New York is five hours behind UTC: 04:30Z is 23:30 on the 14th, 05:30Z 00:30 on the 15th.
    for (const [at, receipt] of [
      ['2026-01-15T04:30:00Z', 'OLD-1'],
      ['2026-01-15T05:30:00Z', 'OLD-2'],
    ] as const) {
      const id = randomUUID();
      await sql`
        WITH copied AS (
          INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
            prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest, kind,
            created_at)
          SELECT ${id}::uuid, merchant_id, register_id, shift_id, ${receipt}, cashier_id, currency, prices_include_tax,
            gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest, kind, ${at}::timestamptz
          FROM register_sales WHERE id = ${sale!.id}::uuid
          RETURNING id
        )
        INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
          discount_minor, cart_discount_minor, amount_minor, tax_minor, net_minor)
        SELECT copied.id, position, product_id, sku, name, quantity, unit_price_minor, discount_minor,
          cart_discount_minor, amount_minor, tax_minor, net_minor
        FROM register_sale_lines CROSS JOIN copied WHERE sale_id = ${sale!.id}::uuid`.execute(db);
    }
    await db
      .updateTable('merchants')
      .set({ time_zone: zoneAtNoon() })
      .where('slug', '=', shop.slug)
      .execute();

    const { rows } = await sql<{ day: string; hour: number; sales: number; quantity: number }>`
      SELECT hourly.day::text AS day, hourly.hour, hourly.sales,
        (SELECT sum(sold_quantity)::int FROM product_sales_daily_now AS products
          WHERE products.merchant_id = hourly.merchant_id AND products.day = hourly.day) AS quantity
      FROM sales_hourly_now AS hourly JOIN merchants ON merchants.id = hourly.merchant_id
      WHERE merchants.slug = ${shop.slug} AND hourly.day < '2026-02-01'
      ORDER BY day`.execute(db);
    expect(rows).toEqual([
      { day: '2026-01-14', hour: 23, sales: 1, quantity: expect.any(Number) },
      { day: '2026-01-15', hour: 0, sales: 1, quantity: expect.any(Number) },
    ]);
    expect(rows[0]!.quantity).toBe(rows[1]!.quantity);
    expect(rows[0]!.quantity).toBeGreaterThan(0);
  });
});
