import { randomUUID } from 'node:crypto';
import {
  activeSince,
  customerSegment,
  type ConsentEntry,
  type Customer,
  type CustomerDetail,
  type CustomerWithFigures,
  type Order,
  type Register,
  type Sale,
  type ShiftReport,
} from '@myb/contracts';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
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

describe('segments', () => {
  const today = '2026-12-07';
  it(`are one rule: lapsed when the last visit is before today's ${'90'}-day window, else new or repeat by visits`, () => {
    expect(activeSince(today)).toBe('2026-09-09');
    expect(customerSegment({ visits: 0, lastPurchaseOn: null }, today)).toBe('none');
    expect(customerSegment({ visits: 1, lastPurchaseOn: today }, today)).toBe('new');
    expect(customerSegment({ visits: 2, lastPurchaseOn: '2026-09-09' }, today)).toBe('repeat');
    expect(customerSegment({ visits: 5, lastPurchaseOn: '2026-09-08' }, today)).toBe('lapsed');
    expect(customerSegment({ visits: 1, lastPurchaseOn: '2026-09-08' }, today)).toBe('lapsed');
  });
});

describe.each(engines())("a shop's customer list, figures, consent and merges on %s", (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let manager: SignedInUser;
  let shopper: SignedInUser;
  let registerId: string;
  let shiftId: string;
  const ids: Record<'ana' | 'bo' | 'cy' | 'dee' | 'theirs', string> = {
    ana: '',
    bo: '',
    cy: '',
    dee: '',
    theirs: '',
  };
  /** Today in New York, where the shop is: the shop's day. */
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    as: SignedInUser = shop.owner,
  ) => testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const at = (path = '', of: ShopFixture = shop) => `/merchants/${of.slug}${path}`;
  const ok = async <T>(response: Awaited<ReturnType<typeof call>>, status = 200) => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json<T>();
  };
  const addCustomer = async (name: string, of = shop) =>
    (await ok<Customer>(await call('POST', at('/customers', of), { id: randomUUID(), name }, of.owner), 201))
      .id;
  const sell = async (customerId: string, productIndex: number, quantity: number, totalMinor: number) =>
    ok<Sale>(
      await call(
        'POST',
        at(`/registers/${registerId}/sales`),
        {
          id: randomUUID(),
          shiftId,
          customerId,
          lines: [{ productId: shop.productIds[productIndex], quantity }],
          tenders: [{ method: 'card', amountMinor: totalMinor }],
          totalMinor,
        },
        cashier,
      ),
      201,
    );
  const order = async (productIndex: number, quantity: number) =>
    ok<Order>(
      await call(
        'POST',
        '/orders',
        { merchantSlug: shop.slug, items: [{ productId: shop.productIds[productIndex], quantity }] },
        shopper,
      ),
      201,
    );
  const list = async (query = '', as = manager) =>
    ok<{ today: string; customers: CustomerWithFigures[] }>(
      await call('GET', at(`/customers/figures${query}`), undefined, as),
    );
  const detail = async (customerId: string, as = manager) =>
    ok<CustomerDetail>(await call('GET', at(`/customers/${customerId}`), undefined, as));
  const figuresOf = async (customerId: string) => (await detail(customerId)).figures;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop, cashier, manager, shopper] = await Promise.all([
      createShop(testApp, { suppliers: 0, products: 3, stock: 100 }),
      createShop(testApp, { suppliers: 0, products: 1 }),
      signUpUser(testApp),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    for (const [person, role] of [
      [cashier, 'cashier'],
      [manager, 'manager'],
    ] as const) {
      await ok(await call('POST', at('/staff'), { email: person.email, role }));
    }
    await ok(await call('PATCH', at(), { version: 1, timeZone: 'America/New_York' }));
    const register = await ok<Register>(
      await call('POST', at('/registers'), { name: 'Till', receiptPrefix: 'T1' }),
      201,
    );
    registerId = register.id;
    shiftId = (
      await ok<ShiftReport>(
        await call(
          'POST',
          at(`/registers/${registerId}/shifts`),
          { openingFloatMinor: 0, idempotencyKey: randomUUID() },
          cashier,
        ),
        201,
      )
    ).id;

    // Ana at the counter: 2 × €2.00 and 1 × €3.00, then one of the €2.00 brought back.
    ids.ana = await addCustomer('Ana Counter');
    const first = await sell(ids.ana, 1, 2, 400);
    await sell(ids.ana, 2, 1, 300);
    await ok(
      await call(
        'POST',
        at(`/registers/${registerId}/returns`),
        {
          id: randomUUID(),
          shiftId,
          saleId: first.id,
          lines: [{ position: 1, quantity: 1, restock: true }],
          reason: 'Changed mind',
          refunds: [{ method: 'card', amountMinor: 200 }],
          totalMinor: 200,
        },
        cashier,
      ),
      201,
    );
    // Bo online: 3 × €1.00 kept, 1 × €2.00 cancelled by the shop.
    await order(0, 3);
    const cancelled = await order(1, 1);
    await ok(await call('POST', at(`/orders/${cancelled.id}/cancel`), { reason: 'Out of season' }));
    ids.bo = (
      await ok<{ customers: Customer[] }>(
        await call('GET', at(`/customers?q=${encodeURIComponent(shopper.email)}`)),
      )
    ).customers[0]!.id;
    // Cy's one sale was rung up at 23:30 on 14 March in New York: 03:30 on the 15th in UTC.
    ids.cy = await addCustomer('Cy Late');
    await sql`INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
        prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest, kind,
        customer_id, created_at)
      SELECT ${randomUUID()}, merchant_id, register_id, shift_id, 'T1-LATE', cashier_id, currency, prices_include_tax,
        300, 0, 0, 300, 0, 'late', 'sale', ${ids.cy}, '2026-03-15T03:30:00Z'
      FROM register_sales WHERE id = ${first.id}`.execute(testApp.database.db);
    ids.dee = await addCustomer('Dee Browsing');
    ids.theirs = await addCustomer('Not yours', otherShop);
  });
  afterAll(() => closeCheckingStock(testApp));

  describe('figures', () => {
    it('are worked out as sales, returns, orders and cancellations are written, on the shop’s days', async () => {
      expect(await figuresOf(ids.ana)).toEqual({
        visits: 2,
        netSpendMinor: 400 + 300 - 200,
        averageTicketMinor: 250,
        lifetimeValueMinor: 500,
        firstPurchaseOn: today,
        lastPurchaseOn: today,
        segment: 'repeat',
      });
      expect(await figuresOf(ids.bo)).toEqual({
        visits: 1,
        netSpendMinor: 300,
        averageTicketMinor: 300,
        lifetimeValueMinor: 300,
        firstPurchaseOn: today,
        lastPurchaseOn: today,
        segment: 'new',
      });
      expect(await figuresOf(ids.cy)).toMatchObject({
        visits: 1,
        netSpendMinor: 300,
        firstPurchaseOn: '2026-03-14',
        lastPurchaseOn: '2026-03-14',
        segment: 'lapsed',
      });
      expect(await figuresOf(ids.dee)).toEqual({
        visits: 0,
        netSpendMinor: 0,
        averageTicketMinor: null,
        lifetimeValueMinor: 0,
        firstPurchaseOn: null,
        lastPurchaseOn: null,
        segment: 'none',
      });
    });

    it('are the summary a count from the sales and orders gives again', async () => {
      const summary = () =>
        testApp.database.db
          .selectFrom('customer_figures')
          .selectAll()
          .where('visits', '>', 0)
          .orderBy('customer_id')
          .execute();
      const kept = await summary();
      expect(kept).toHaveLength(3);
      await sql`SELECT customer_figures_recount(id) FROM shop_customers WHERE merged_into IS NULL`.execute(
        testApp.database.db,
      );
      expect(await summary()).toEqual(kept);
    });

    it('are listed by segment and search, a page at a time, for managers and not for cashiers', async () => {
      const names = (page: { customers: CustomerWithFigures[] }) =>
        page.customers.map((customer) => customer.name);
      const bo = (await detail(ids.bo)).customer.name;
      const all = await list();
      expect(all.today).toBe(today);
      expect(names(all)).toEqual(['Dee Browsing', 'Cy Late', bo, 'Ana Counter']);
      expect(names(await list('?segment=repeat'))).toEqual(['Ana Counter']);
      expect(names(await list('?segment=new'))).toEqual([bo]);
      expect(names(await list('?segment=lapsed'))).toEqual(['Cy Late']);
      expect(names(await list('?segment=none'))).toEqual(['Dee Browsing']);
      expect(names(await list('?q=counter&segment=repeat'))).toEqual(['Ana Counter']);
      expect(names(await list('?q=counter&segment=new'))).toEqual([]);

      const first = await list('?limit=2');
      const rest = await list(`?limit=2&before=${first.customers[1]!.id}`);
      expect([...names(first), ...names(rest)]).toEqual(names(all));

      expect((await call('GET', at('/customers/figures'), undefined, cashier)).statusCode).toBe(403);
      expect((await call('GET', at('/customers/export'), undefined, cashier)).statusCode).toBe(403);
      expect((await detail(ids.ana, cashier)).figures).toBeNull();
      expect((await detail(ids.ana, cashier)).purchases).toHaveLength(3);
    });

    it('refuse a bad segment, page or limit with what to send', async () => {
      for (const [query, message] of [
        ['?segment=vip', 'Choose a segment: new, repeat, lapsed or none.'],
        ['?before=nope', 'Start the page before a customer of the list'],
        ['?limit=0', 'Ask for at least 1 customer.'],
      ] as const) {
        const refused = await call('GET', at(`/customers/figures${query}`), undefined, manager);
        expect(refused.statusCode).toBe(400);
        expect(refused.body).toContain(message);
      }
    });

    it('export as CSV: the list as filtered, row for row', async () => {
      for (const query of ['', '?segment=repeat', '?q=late']) {
        const exported = await call('GET', at(`/customers/export${query}`), undefined, manager);
        expect(exported.statusCode).toBe(200);
        expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
        const rows = parse<Record<string, string>>(exported.body.replace(/^\uFEFF/, ''), { columns: true });
        const listed = (await list(query)).customers;
        expect(rows.map((row) => row.customer_id)).toEqual(listed.map((customer) => customer.id));
      }
      const [ana] = parse<Record<string, string>>(
        (await call('GET', at('/customers/export?segment=repeat'), undefined, manager)).body.replace(
          /^\uFEFF/,
          '',
        ),
        { columns: true },
      );
      expect(ana).toMatchObject({
        name: 'Ana Counter',
        segment: 'Repeat',
        first_purchase: today,
        visits: '2',
        net_spend: '5',
        average_ticket: '2.5',
        lifetime_value: '5',
      });
    });
  });

  describe('consent', () => {
    it('is recorded given and withdrawn, how and by whom, once per id; the latest is the consent now', async () => {
      const given = { id: randomUUID(), given: true, channel: 'register', note: 'Asked at the till' };
      const first = await ok<ConsentEntry>(
        await call('POST', at(`/customers/${ids.bo}/consent`), given, cashier),
        201,
      );
      const again = await ok<ConsentEntry>(
        await call('POST', at(`/customers/${ids.bo}/consent`), given, cashier),
        201,
      );
      expect(again).toEqual(first);
      const clash = await call(
        'POST',
        at(`/customers/${ids.bo}/consent`),
        { ...given, given: false },
        cashier,
      );
      expect(clash.statusCode).toBe(409);
      await ok(
        await call(
          'POST',
          at(`/customers/${ids.bo}/consent`),
          { id: randomUUID(), given: false, channel: 'phone' },
          manager,
        ),
        201,
      );
      const { consent } = await detail(ids.bo);
      expect(consent.map((entry) => [entry.given, entry.channel, entry.note])).toEqual([
        [false, 'phone', ''],
        [true, 'register', 'Asked at the till'],
      ]);
      expect(consent[1]!.by.id).toBe(cashier.id);
      const stored = await testApp.database.db
        .selectFrom('customer_consents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('customer_id', '=', ids.bo)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(2);
    });

    it('refuses a bad entry with what to send, and another shop’s customer as unknown', async () => {
      const bad = await call(
        'POST',
        at(`/customers/${ids.bo}/consent`),
        { id: randomUUID(), given: true, channel: 'pigeon' },
        cashier,
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Say how: register, online, phone, email or in_writing.');
      const missing = await call(
        'POST',
        at(`/customers/${ids.bo}/consent`),
        { id: randomUUID(), channel: 'phone' },
        cashier,
      );
      expect(missing.statusCode).toBe(400);
      const body = { id: randomUUID(), given: true, channel: 'phone' };
      const theirs = await call('POST', at(`/customers/${ids.theirs}/consent`), body, cashier);
      const nowhere = await call('POST', at(`/customers/${randomUUID()}/consent`), body, cashier);
      expect([theirs.statusCode, theirs.json().message]).toEqual([404, nowhere.json().message]);
    });
  });

  describe('merging', () => {
    it('refuses the record itself, another shop’s, a cashier, and bad input', async () => {
      const merge = (into: string, duplicateId: unknown, as = manager) =>
        call('POST', at(`/customers/${into}/merge`), { duplicateId }, as);
      const itself = await merge(ids.ana, ids.ana);
      expect(itself.statusCode).toBe(400);
      expect(itself.json().message).toContain('cannot be merged into itself');
      const theirs = await merge(ids.ana, ids.theirs);
      expect(theirs.statusCode).toBe(400);
      expect(theirs.json().message).toContain('no such customer');
      expect((await merge(ids.ana, randomUUID())).json()).toEqual(theirs.json());
      expect((await merge(ids.theirs, ids.ana)).statusCode).toBe(404);
      expect((await merge(ids.ana, ids.bo, cashier)).statusCode).toBe(403);
      expect((await merge(ids.ana, 'bo')).statusCode).toBe(400);
    });

    it('keeps both records, adds up the figures, shows both histories and moves store credit by entries, once', async () => {
      await ok(
        await call(
          'POST',
          at(`/customers/${ids.bo}/store-credit`),
          { id: randomUUID(), amountMinor: 150, reason: 'Goodwill' },
          manager,
        ),
        201,
      );
      const merged = await ok<CustomerDetail>(
        await call('POST', at(`/customers/${ids.ana}/merge`), { duplicateId: ids.bo }, manager),
      );
      const again = await ok<CustomerDetail>(
        await call('POST', at(`/customers/${ids.ana}/merge`), { duplicateId: ids.bo }, manager),
      );
      expect(again).toEqual(merged);

      expect(merged.figures).toEqual({
        visits: 3,
        netSpendMinor: 800,
        averageTicketMinor: 267,
        lifetimeValueMinor: 800,
        firstPurchaseOn: today,
        lastPurchaseOn: today,
        segment: 'repeat',
      });
      expect(
        merged.purchases.map((purchase) => [
          purchase.channel,
          purchase.kind,
          purchase.status,
          purchase.totalMinor,
        ]),
      ).toEqual([
        ['online', 'order', 'cancelled', 200],
        ['online', 'order', 'open', 300],
        ['register', 'return', null, -200],
        ['register', 'sale', null, 300],
        ['register', 'sale', null, 400],
      ]);
      expect(merged.customer.storeCreditMinor).toBe(150);
      expect(
        merged.storeCredit.map((entry) => [entry.kind, entry.amountMinor, entry.balanceMinor, entry.reason]),
      ).toEqual(
        expect.arrayContaining([
          ['manual', 150, 150, 'merged'],
          ['manual', -150, 0, 'merged'],
          ['manual', 150, 150, 'Goodwill'],
        ]),
      );
      expect(merged.storeCredit).toHaveLength(3);
      expect(merged.consent).toHaveLength(2);
      expect(merged.absorbed).toEqual([
        {
          id: ids.bo,
          name: expect.any(String),
          at: expect.any(String),
          by: { id: manager.id, name: expect.any(String) },
        },
      ]);

      const absorbed = await detail(ids.bo);
      expect(absorbed.mergedInto).toMatchObject({ id: ids.ana, name: 'Ana Counter', by: { id: manager.id } });
      expect(absorbed.customer.storeCreditMinor).toBe(0);
      expect(absorbed.figures).toBeNull();
      expect((await list()).customers.map((customer) => customer.id)).not.toContain(ids.bo);
      expect(
        (await call('GET', at(`/customers?q=${encodeURIComponent(shopper.email)}`))).json().customers,
      ).toEqual([]);

      const audited = await testApp.database.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'customer.merged')
        .where('merchant_id', 'is not', null)
        .execute();
      expect(audited).toHaveLength(1);

      // The shopper's next order counts for the kept record; so would its cancellation.
      await order(0, 1);
      expect(await figuresOf(ids.ana)).toMatchObject({ visits: 4, netSpendMinor: 900 });

      const into = await call('POST', at(`/customers/${ids.bo}/merge`), { duplicateId: ids.dee }, manager);
      expect(into.statusCode).toBe(409);
      expect(into.json().message).toContain('merged into another');
      const deeInto = await call('POST', at(`/customers/${ids.dee}/merge`), { duplicateId: ids.bo }, manager);
      expect(deeInto.statusCode).toBe(409);
      expect(deeInto.json().message).toContain('merged into another already');
      const consentOnAbsorbed = await call(
        'POST',
        at(`/customers/${ids.bo}/consent`),
        { id: randomUUID(), given: true, channel: 'phone' },
        cashier,
      );
      expect(consentOnAbsorbed.statusCode).toBe(409);
    });
  });
  describe('figures under concurrent writes', () => {
    it('count every sale, order and cancellation written at once, as a count from them gives', async () => {
      const eve = await addCustomer('Eve Busy');
      const [orders] = await Promise.all([
        Promise.all([order(0, 1), order(0, 2), order(1, 1), order(2, 1)]),
        Promise.all([
          sell(eve, 0, 1, 100),
          sell(eve, 1, 1, 200),
          sell(eve, 2, 2, 600),
          sell(ids.ana, 0, 1, 100),
        ]),
      ]);
      await Promise.all(
        orders
          .slice(0, 2)
          .map(async (placed) =>
            ok(await call('POST', at(`/orders/${placed.id}/cancel`), { reason: 'Changed mind' })),
          ),
      );
      expect(await figuresOf(eve)).toMatchObject({ visits: 3, netSpendMinor: 900 });
      const summary = () =>
        testApp.database.db
          .selectFrom('customer_figures')
          .selectAll()
          .where('visits', '>', 0)
          .orderBy('customer_id')
          .execute();
      const kept = await summary();
      await sql`SELECT customer_figures_recount(id) FROM shop_customers WHERE merged_into IS NULL`.execute(
        testApp.database.db,
      );
      expect(await summary()).toEqual(kept);
    });
  });
});
