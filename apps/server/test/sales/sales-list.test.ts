import { randomUUID } from 'node:crypto';
import {
  encodeSalesCursor,
  type Order,
  type Register,
  type Sale,
  type SalesEntry,
  type SalesPage,
  type ShiftReport,
} from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

interface Made {
  id: string;
  number: string;
  /** When it was made, to the microsecond. */
  at: string;
}

describe.each(engines())("the shop's sales list on %s", (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let customer: SignedInUser;
  let register: Register;
  /** Every entry of the shop, newest first, as the list must give them. */
  let expected: Made[];
  let firstOrder: Order;
  let firstSale: Sale;
  let saleReturn: Sale;
  let otherShopSale: Sale;
  let otherShopOrder: Order;

  const call = (method: 'GET' | 'POST', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const salesOf = (slug: string, query = '', as = shop.owner) =>
    call('GET', `/merchants/${slug}/sales${query}`, as);
  /** The numbers the shop's list gives for `query`, in order. */
  const numbers = async (query: string) => {
    const response = await salesOf(shop.slug, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SalesPage>().sales.map((entry) => entry.number);
  };
  const issuesOf = (response: { json: <T>() => T }) =>
    response.json<{ issues: { path: string; message: string }[] }>().issues;

  const place = async (on: ShopFixture, quantity: number) => {
    const response = await call('POST', '/orders', customer, {
      merchantSlug: on.slug,
      items: [{ productId: on.productIds[0]!, quantity }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Order>();
  };
  const openRegister = async (on: ShopFixture, prefix: string, as: SignedInUser) => {
    const created = await call('POST', `/merchants/${on.slug}/registers`, on.owner, {
      name: `Counter ${prefix}`,
      receiptPrefix: prefix,
    });
    expect(created.statusCode, created.body).toBe(201);
    const opened = await call(
      'POST',
      `/merchants/${on.slug}/registers/${created.json<Register>().id}/shifts`,
      as,
      {
        openingFloatMinor: 0,
        idempotencyKey: randomUUID(),
      },
    );
    expect(opened.statusCode, opened.body).toBe(201);
    return { register: created.json<Register>(), shift: opened.json<ShiftReport>() };
  };
  /** Sells `quantity` of the shop's second product (2.00 each), paid in cash. */
  const sell = async (
    on: ShopFixture,
    till: { register: Register; shift: ShiftReport },
    quantity: number,
    as: SignedInUser,
  ) => {
    const totalMinor = 200 * quantity;
    const response = await call('POST', `/merchants/${on.slug}/registers/${till.register.id}/sales`, as, {
      id: randomUUID(),
      shiftId: till.shift.id,
      lines: [{ productId: on.productIds[1]!, quantity }],
      tenders: [{ method: 'cash', amountMinor: totalMinor }],
      totalMinor,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Sale>();
  };
  /**
   * Moves an order or a register sale to `at`. Register sales are never changed (a trigger refuses):
   * the test's own database lifts the trigger for this one update.
   */
  const backdate = (entry: { id: string }, table: 'orders' | 'register_sales', at: string) =>
    testApp.database.db.transaction().execute(async (trx) => {
      if (table === 'register_sales') {
        await sql`ALTER TABLE register_sales DISABLE TRIGGER register_sales_append_only`.execute(trx);
      }
      await sql`UPDATE ${sql.table(table)} SET created_at = ${at}::timestamptz WHERE id = ${entry.id}`.execute(
        trx,
      );
      if (table === 'register_sales') {
        await sql`ALTER TABLE register_sales ENABLE TRIGGER register_sales_append_only`.execute(trx);
      }
    });

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop, cashier, customer] = await Promise.all([
      createShop(testApp, { suppliers: 0, products: 2, stock: 100 }),
      createShop(testApp, { suppliers: 0, products: 2, stock: 100 }),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    await testApp.database.db
      .updateTable('users')
      .set({ name: 'Ann Lovelace' })
      .where('id', '=', customer.id)
      .execute();
    await testApp.database.db
      .updateTable('users')
      .set({ name: 'Cyril Cashier' })
      .where('id', '=', cashier.id)
      .execute();
    expect(
      (
        await call('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
          email: cashier.email,
          role: 'cashier',
        })
      ).statusCode,
    ).toBe(200);
    const till = await openRegister(shop, 'R9', cashier);
    register = till.register;

    firstOrder = await place(shop, 1);
    firstSale = await sell(shop, till, 3, cashier);
    const tiedOrder = await place(shop, 2);
    const tiedSale = await sell(shop, till, 1, cashier);
    const returned = await call('POST', `/merchants/${shop.slug}/registers/${register.id}/returns`, cashier, {
      id: randomUUID(),
      shiftId: till.shift.id,
      saleId: firstSale.id,
      lines: [{ position: 1, quantity: 2, restock: true }],
      reason: 'Two too many',
      refunds: [{ method: 'cash', amountMinor: 400 }],
      totalMinor: 400,
    });
    expect(returned.statusCode, returned.body).toBe(201);
    saleReturn = returned.json<Sale>();
    const cancelledOrder = await place(shop, 1);
    expect(
      (
        await call('POST', `/merchants/${shop.slug}/orders/${cancelledOrder.id}/cancel`, shop.owner, {
          reason: 'Out of stock',
        })
      ).statusCode,
    ).toBe(200);
    const microSale = await sell(shop, till, 1, cashier);
    const microOrder = await place(shop, 1);

    // Days apart in early December 2026 (UTC); two entries of different channels at the same instant;
    // two a microsecond apart, which a cursor kept to the millisecond would lose between two pages.
    const made: [
      { id: string; number?: string; receiptNumber?: string },
      'orders' | 'register_sales',
      string,
    ][] = [
      [firstOrder, 'orders', '2026-12-01T09:00:00.000000Z'],
      [firstSale, 'register_sales', '2026-12-01T10:00:00.000000Z'],
      [tiedOrder, 'orders', '2026-12-02T09:00:00.000000Z'],
      [tiedSale, 'register_sales', '2026-12-02T09:00:00.000000Z'],
      [saleReturn, 'register_sales', '2026-12-03T11:00:00.000000Z'],
      [cancelledOrder, 'orders', '2026-12-03T12:00:00.000000Z'],
      [microSale, 'register_sales', '2026-12-04T08:00:00.000001Z'],
      [microOrder, 'orders', '2026-12-04T08:00:00.000002Z'],
    ];
    for (const [entry, table, at] of made) {
      await backdate(entry, table, at);
    }
    expected = made
      .map(([entry, , at]) => ({ id: entry.id, number: (entry.number ?? entry.receiptNumber)!, at }))
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));

    const otherTill = await openRegister(otherShop, 'Q7', otherShop.owner);
    otherShopSale = await sell(otherShop, otherTill, 1, otherShop.owner);
    otherShopOrder = await place(otherShop, 1);
  });
  afterAll(() => closeCheckingStock(testApp));

  it('lists online orders and register sales together, newest first, each as it happened', async () => {
    const response = await salesOf(shop.slug);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<SalesPage>();
    expect(page.sales.map((entry) => entry.id)).toEqual(expected.map((entry) => entry.id));
    expect(page.next).toBeNull();
    const byId = (id: string) => page.sales.find((entry) => entry.id === id)!;
    expect(byId(firstOrder.id)).toEqual({
      channel: 'online',
      id: firstOrder.id,
      number: firstOrder.number,
      at: '2026-12-01T09:00:00.000Z',
      kind: 'order',
      status: 'open',
      placeOf: null,
      staff: null,
      // The shop's record of its shopper, made by her first order there.
      customer: {
        id: (
          await testApp.database.db
            .selectFrom('shop_customers')
            .innerJoin('merchants', 'merchants.id', 'shop_customers.merchant_id')
            .select('shop_customers.id')
            .where('merchants.slug', '=', shop.slug)
            .where('shop_customers.user_id', '=', customer.id)
            .executeTakeFirstOrThrow()
        ).id,
        name: 'Ann Lovelace',
      },
      itemCount: 1,
      taxMinor: firstOrder.taxMinor,
      totalMinor: firstOrder.totalMinor,
      currency: 'EUR',
    } satisfies SalesEntry);
    expect(byId(firstSale.id)).toEqual({
      channel: 'register',
      id: firstSale.id,
      number: firstSale.receiptNumber,
      at: '2026-12-01T10:00:00.000Z',
      kind: 'sale',
      status: null,
      placeOf: { registerId: register.id, registerName: 'Counter R9' },
      staff: { id: cashier.id, name: 'Cyril Cashier' },
      customer: null,
      itemCount: 3,
      taxMinor: firstSale.taxMinor,
      totalMinor: 600,
      currency: 'EUR',
    } satisfies SalesEntry);
    // A return is shown as what it gave back: its items and its total below zero.
    expect(byId(saleReturn.id)).toMatchObject({
      kind: 'return',
      number: saleReturn.receiptNumber,
      itemCount: -2,
      totalMinor: -400,
    });
    expect(page.sales.map((entry) => entry.status).filter(Boolean)).toContain('cancelled');
  });

  it('pages with the cursor across channels and equal instants, without a gap or a repeat', async () => {
    for (const limit of [1, 2, 3, 5]) {
      const seen: string[] = [];
      let before: string | null = null;
      let pages = 0;
      do {
        const response = await salesOf(shop.slug, `?limit=${limit}${before ? `&before=${before}` : ''}`);
        expect(response.statusCode, response.body).toBe(200);
        const page: SalesPage = response.json<SalesPage>();
        expect(page.sales.length).toBeLessThanOrEqual(limit);
        seen.push(...page.sales.map((entry) => entry.id));
        before = page.next;
        pages += 1;
      } while (before !== null && pages < 20);
      expect(seen, `pages of ${limit}`).toEqual(expected.map((entry) => entry.id));
      expect(pages).toBe(Math.ceil(expected.length / limit));
    }
  });

  it('narrows to one channel', async () => {
    const online = (await salesOf(shop.slug, '?channel=online')).json<SalesPage>().sales;
    expect(online.map((entry) => entry.channel)).toEqual(['online', 'online', 'online', 'online']);
    expect(online.map((entry) => entry.id)).toEqual(
      expected.filter((entry) => !entry.number.startsWith('R9-')).map((entry) => entry.id),
    );
    const atRegisters = (await salesOf(shop.slug, '?channel=register&limit=2')).json<SalesPage>();
    expect(atRegisters.sales.map((entry) => entry.channel)).toEqual(['register', 'register']);
    const rest = (await salesOf(shop.slug, `?channel=register&before=${atRegisters.next}`)).json<SalesPage>();
    expect([...atRegisters.sales, ...rest.sales].map((entry) => entry.id)).toEqual(
      expected.filter((entry) => entry.number.startsWith('R9-')).map((entry) => entry.id),
    );
  });

  it('lists what was made from one instant until before another', async () => {
    // The 2nd and the 3rd of December as a viewer an hour east of UTC picks them.
    const range = `?from=${encodeURIComponent('2026-12-02T00:00:00+01:00')}&to=${encodeURIComponent('2026-12-04T00:00:00+01:00')}`;
    const inRange = expected
      .filter((entry) => entry.at >= '2026-12-01T23' && entry.at < '2026-12-03T23')
      .map((entry) => entry.number);
    expect(inRange).toHaveLength(4);
    expect(await numbers(range)).toEqual(inRange);
    expect(await numbers(`${range}&channel=register`)).toEqual(
      inRange.filter((number) => number.startsWith('R9-')),
    );
    // `to` alone: what came before it.
    expect(await numbers(`?to=${encodeURIComponent('2026-12-01T09:30:00Z')}`)).toEqual([firstOrder.number]);
  });

  it('finds an order by its number or a receipt by its own, whole or begun, in any case', async () => {
    const digits = firstOrder.number.split('-')[1]!;
    expect(await numbers(`?q=${firstOrder.number}`)).toEqual([firstOrder.number]);
    expect(await numbers(`?q=${firstOrder.number.toLowerCase()}`)).toEqual([firstOrder.number]);
    expect(await numbers(`?q=${digits}`)).toEqual([firstOrder.number]);
    expect(await numbers(`?q=${encodeURIComponent(`#${digits}`)}`)).toEqual([firstOrder.number]);
    expect(await numbers(`?q=${saleReturn.receiptNumber}`)).toEqual([saleReturn.receiptNumber]);
    expect(await numbers(`?q=${saleReturn.receiptNumber.toLowerCase()}`)).toEqual([saleReturn.receiptNumber]);
    const receipts = expected.filter((entry) => entry.number.startsWith('R9-')).map((entry) => entry.number);
    expect(await numbers('?q=r9-0000')).toEqual(receipts);
    expect(await numbers(`?q=${saleReturn.receiptNumber.split('-')[1]!}`)).toEqual([
      saleReturn.receiptNumber,
    ]);
    // Begun: the order's number less its last digit finds it among its neighbours.
    expect(await numbers(`?q=${firstOrder.number.slice(0, -1)}&channel=online`)).toContain(firstOrder.number);
    // Wildcards are taken as typed; another shop's numbers are not this shop's.
    expect(await numbers('?q=%25')).toEqual([]);
    expect(await numbers('?q=R_-')).toEqual([]);
    expect(await numbers(`?q=${otherShopOrder.number}`)).toEqual([]);
    expect(await numbers(`?q=${otherShopSale.receiptNumber}`)).toEqual([]);
    expect(
      (await salesOf(otherShop.slug, '', otherShop.owner)).json<SalesPage>().sales.map((entry) => entry.id),
    ).toEqual([otherShopOrder.id, otherShopSale.id]);
  });

  it('refuses a bad channel, cursor, date or limit with a sentence', async () => {
    const refusal = async (query: string) => {
      const response = await salesOf(shop.slug, query);
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      return issuesOf(response);
    };
    expect(await refusal('?channel=shop')).toEqual([
      {
        path: 'querystring.channel',
        message: 'Choose the channel: online or register (leave it out for both).',
      },
    ]);
    const notAPlace = [
      {
        path: 'querystring.before',
        message:
          'The "before" parameter is not a place in this list: send the "next" of the page before, as it came.',
      },
    ];
    for (const before of [
      'garbage!',
      'bm90IGEgY3Vyc29y',
      firstOrder.id,
      encodeSalesCursor({ at: '2026-02-30T10:00:00.000000Z', id: firstOrder.id }),
      encodeSalesCursor({ at: '2026-12-01T10:00:00.000Z', id: firstOrder.id }),
      encodeSalesCursor({ at: '0000-01-01T00:00:00.000000Z', id: firstOrder.id }),
      'x'.repeat(201),
    ]) {
      expect(await refusal(`?before=${encodeURIComponent(before)}`), before).toEqual(notAPlace);
    }
    expect((await refusal('?from=2026-12-05'))[0]!.message).toMatch(/^Give the date as an ISO 8601 instant/);
    expect(await refusal('?from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z')).toEqual([
      { path: 'querystring.to', message: 'The first day must come before the last.' },
    ]);
    for (const limit of ['0', '10000', 'ten', '2.5']) {
      const [issue] = await refusal(`?limit=${limit}`);
      expect(issue!.path).toBe('querystring.limit');
      expect(issue!.message).toMatch(/^The "limit" parameter /);
    }
    expect((await refusal(`?q=${'1'.repeat(201)}`))[0]!.message).toBe('Search for at most 200 characters.');
  });

  it('answers an unknown shop as the orders list does, and refuses a customer and another shop as it does', async () => {
    const answer = (response: Awaited<ReturnType<typeof call>>) => ({
      status: response.statusCode,
      message: response.json<{ message: string }>().message,
    });
    const ordersOf = (slug: string, as: SignedInUser) => call('GET', `/merchants/${slug}/orders`, as);
    expect(answer(await salesOf('no-such-shop'))).toEqual({
      status: 404,
      message: 'Shop "no-such-shop" not found.',
    });
    for (const as of [customer, otherShop.owner]) {
      const refused = answer(await salesOf(shop.slug, '', as));
      expect(refused.status).toBe(403);
      expect(refused).toEqual(answer(await ordersOf(shop.slug, as)));
    }
    expect((await salesOf(shop.slug, '', cashier)).statusCode).toBe(200);
  });
});
