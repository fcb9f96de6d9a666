import { randomUUID } from 'node:crypto';
import type {
  CreateSale,
  Customer,
  CustomerDetail,
  Register,
  Sale,
  ShiftReport,
  StoreCreditEntry,
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

describe.each(engines())("a shop's customers and their store credit on %s", (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let manager: SignedInUser;
  let shopper: SignedInUser;
  let prefixes = 0;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop, cashier, manager, shopper] = await Promise.all([
      createShop(testApp, { suppliers: 0, products: 3, stock: 50 }),
      createShop(testApp, { suppliers: 0, products: 1 }),
      signUpUser(testApp),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    for (const [person, role] of [
      [cashier, 'cashier'],
      [manager, 'manager'],
    ] as const) {
      const added = await call('POST', `/merchants/${shop.slug}/staff`, { email: person.email, role });
      expect(added.statusCode, added.body).toBe(200);
    }
  });
  afterAll(() => closeCheckingStock(testApp));

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    as: SignedInUser = shop.owner,
  ) => testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const at = (path = '', of: ShopFixture = shop) => `/merchants/${of.slug}${path}`;

  const addCustomer = async (fields: { name: string; email?: string; phone?: string }, of = shop) => {
    const response = await call('POST', at('/customers', of), { id: randomUUID(), ...fields }, of.owner);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Customer>();
  };
  const search = async (q: string) =>
    (await call('GET', at(`/customers?q=${encodeURIComponent(q)}`), undefined, cashier))
      .json<{ customers: Customer[] }>()
      .customers.map((customer) => customer.name);
  const detail = async (customerId: string) =>
    (await call('GET', at(`/customers/${customerId}`), undefined, cashier)).json<CustomerDetail>();
  const giveCredit = (customerId: string, amountMinor: number, as = manager, id = randomUUID()) =>
    call('POST', at(`/customers/${customerId}/store-credit`), { id, amountMinor, reason: 'Goodwill' }, as);

  const openRegister = async () => {
    prefixes += 1;
    const made = await call('POST', at('/registers'), {
      name: `Till ${prefixes}`,
      receiptPrefix: `C${prefixes}`,
    });
    expect(made.statusCode, made.body).toBe(201);
    const register = made.json<Register>();
    const opened = await call(
      'POST',
      at(`/registers/${register.id}/shifts`),
      { openingFloatMinor: 0, idempotencyKey: randomUUID() },
      cashier,
    );
    expect(opened.statusCode, opened.body).toBe(201);
    return { register, shift: opened.json<ShiftReport>() };
  };
  const sell = (registerId: string, body: Omit<CreateSale, 'id'>) =>
    call('POST', at(`/registers/${registerId}/sales`), { id: randomUUID(), ...body }, cashier);
  const balanceOf = async (customerId: string) => (await detail(customerId)).customer.storeCreditMinor;

  describe('records', () => {
    it('are made for a shopper by their first online order, tied to their account, once', async () => {
      for (let order = 0; order < 2; order += 1) {
        const placed = await call(
          'POST',
          '/orders',
          { merchantSlug: shop.slug, items: [{ productId: shop.productIds[0], quantity: 1 }] },
          shopper,
        );
        expect(placed.statusCode, placed.body).toBe(201);
      }
      const found = (
        await call('GET', at(`/customers?q=${encodeURIComponent(shopper.email)}`), undefined, cashier)
      ).json<{ customers: Customer[] }>().customers;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ email: shopper.email, hasAccount: true, storeCreditMinor: 0 });
      const { purchases } = await detail(found[0]!.id);
      expect(purchases.map((purchase) => [purchase.channel, purchase.kind, purchase.totalMinor])).toEqual([
        ['online', 'order', 100],
        ['online', 'order', 100],
      ]);
    });

    it('are added at the counter, found by part of a name, e-mail address or phone number, and made once per id', async () => {
      const ana = await addCustomer({
        name: 'Ana Lima',
        email: 'ana.lima@example.com',
        phone: '+44 20 7946 0958',
      });
      expect(ana).toMatchObject({ name: 'Ana Lima', hasAccount: false, storeCreditMinor: 0, note: '' });
      await addCustomer({ name: '100% Bob' });
      expect(await search('lima')).toEqual(['Ana Lima']);
      expect(await search('ANA.LIMA@')).toEqual(['Ana Lima']);
      expect(await search('7946-0958')).toEqual(['Ana Lima']);
      expect(await search('100%')).toEqual(['100% Bob']);
      expect(await search('%')).toEqual(['100% Bob']);

      const body = { id: randomUUID(), name: 'Cleo', phone: '555 0100' };
      const first = await call('POST', at('/customers'), body, cashier);
      const again = await call('POST', at('/customers'), body, cashier);
      expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
      expect(again.json()).toEqual(first.json());
      const other = await call('POST', at('/customers'), { ...body, name: 'Someone else' }, cashier);
      expect(other.statusCode).toBe(409);
      expect(other.json().message).toContain('belongs to another customer');
      const elsewhere = await call('POST', at('/customers', otherShop), body, otherShop.owner);
      expect(elsewhere.statusCode).toBe(409);
      expect(elsewhere.json()).toEqual(other.json());
    });

    it('refuse bad details with what to write, and are edited, an empty detail clearing it', async () => {
      const refusals: [object, string][] = [
        [{ name: '  ' }, 'The name is required.'],
        [{ name: 'Dee', email: 'dee@' }, 'like name@example.com'],
        [{ name: 'Dee', phone: '12' }, 'phone number with its digits'],
        [{ name: 'Dee', phone: 'call me' }, 'phone number with its digits'],
        [{ name: 'Dee', note: 'x'.repeat(1001) }, '1000 characters at most'],
        [{ name: 'Dee', id: 'nope' }, 'UUID'],
      ];
      for (const [fields, message] of refusals) {
        const response = await call('POST', at('/customers'), { id: randomUUID(), ...fields });
        expect(response.statusCode, JSON.stringify(fields)).toBe(400);
        expect(response.json().message).toContain(message);
      }
      const dee = await addCustomer({ name: 'Dee', email: 'dee@example.com' });
      const edited = await call(
        'PATCH',
        at(`/customers/${dee.id}`),
        { email: '', note: 'Likes pears' },
        cashier,
      );
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ name: 'Dee', email: null, note: 'Likes pears' });
      expect((await call('PATCH', at(`/customers/${dee.id}`), {})).statusCode).toBe(400);
    });

    it("answer another shop's customer as one that does not exist", async () => {
      const theirs = await addCustomer({ name: 'Elsewhere' }, otherShop);
      const reads = [
        await call('GET', at(`/customers/${theirs.id}`)),
        await call('GET', at(`/customers/${randomUUID()}`)),
      ];
      expect(reads.map((read) => read.statusCode)).toEqual([404, 404]);
      expect(reads[0]!.json()).toEqual(reads[1]!.json());
      const edits = [
        await call('PATCH', at(`/customers/${theirs.id}`), { name: 'Mine' }),
        await call('PATCH', at(`/customers/${randomUUID()}`), { name: 'Mine' }),
      ];
      expect(edits[0]!.json()).toEqual(edits[1]!.json());
      const credits = [await giveCredit(theirs.id, 100), await giveCredit(randomUUID(), 100)];
      expect(credits.map((credit) => credit.statusCode)).toEqual([404, 404]);
      const { register, shift } = await openRegister();
      const sale = await sell(register.id, {
        shiftId: shift.id,
        customerId: theirs.id,
        lines: [{ productId: shop.productIds[0]!, quantity: 1 }],
        tenders: [{ method: 'cash', amountMinor: 100 }],
        totalMinor: 100,
      });
      expect(sale.statusCode).toBe(400);
      expect(sale.json().message).toContain('no such customer');
    });
  });

  describe('store credit', () => {
    it('is given and taken back by hand by a manager, with a reason, once per id, never below zero', async () => {
      const fay = await addCustomer({ name: 'Fay' });
      expect((await giveCredit(fay.id, 1000, cashier)).statusCode).toBe(403);
      const id = randomUUID();
      const given = await giveCredit(fay.id, 1000, manager, id);
      expect(given.statusCode, given.body).toBe(201);
      expect(given.json<StoreCreditEntry>()).toMatchObject({
        kind: 'manual',
        amountMinor: 1000,
        balanceMinor: 1000,
        reason: 'Goodwill',
        sale: null,
        by: { id: manager.id },
      });
      const again = await giveCredit(fay.id, 1000, manager, id);
      expect(again.json()).toEqual(given.json());
      const tooMuch = await giveCredit(fay.id, -1500);
      expect(tooMuch.statusCode).toBe(409);
      expect(tooMuch.json().message).toBe('Fay has €10.00 of store credit, not the €15.00 asked for.');
      expect((await giveCredit(fay.id, 0)).statusCode).toBe(400);
      expect((await giveCredit(fay.id, -400)).statusCode).toBe(201);
      const { customer, storeCredit } = await detail(fay.id);
      expect(customer.storeCreditMinor).toBe(600);
      expect(storeCredit.map((entry) => [entry.amountMinor, entry.balanceMinor])).toEqual([
        [-400, 600],
        [1000, 1000],
      ]);
    });

    it("pays at the register for the sale's customer, refunds to it, and shows on the shift report", async () => {
      const gus = await addCustomer({ name: 'Gus' });
      expect((await giveCredit(gus.id, 250)).statusCode).toBe(201);
      const { register, shift } = await openRegister();
      const [apple, pear] = shop.productIds as [string, string];
      const line = { productId: pear, quantity: 2 };

      const withoutCustomer = await sell(register.id, {
        shiftId: shift.id,
        lines: [line],
        tenders: [{ method: 'store_credit', amountMinor: 400 }],
        totalMinor: 400,
      });
      expect(withoutCustomer.statusCode).toBe(400);
      expect(withoutCustomer.json().message).toContain('add the customer to the sale first');

      const beyond = await sell(register.id, {
        shiftId: shift.id,
        customerId: gus.id,
        lines: [line],
        tenders: [{ method: 'store_credit', amountMinor: 400 }],
        totalMinor: 400,
      });
      expect(beyond.statusCode).toBe(409);
      expect(beyond.json().message).toBe('Gus has €2.50 of store credit, not the €4.00 asked for.');
      const change = await sell(register.id, {
        shiftId: shift.id,
        customerId: gus.id,
        lines: [line],
        tenders: [{ method: 'store_credit', amountMinor: 500 }],
        totalMinor: 400,
      });
      expect(change.statusCode).toBe(400);
      expect(change.json().message).toContain('Only cash gives change');

      const paid = await sell(register.id, {
        shiftId: shift.id,
        customerId: gus.id,
        lines: [line],
        tenders: [
          { method: 'store_credit', amountMinor: 250 },
          { method: 'cash', amountMinor: 200 },
        ],
        totalMinor: 400,
      });
      expect(paid.statusCode, paid.body).toBe(201);
      const sale = paid.json<Sale>();
      expect(sale).toMatchObject({ customer: { id: gus.id, name: 'Gus' }, changeMinor: 50 });
      expect(sale.receiptNumber).toMatch(/-000001$/);
      expect(await balanceOf(gus.id)).toBe(0);

      // Brought back against the receipt: the sale's customer gets it back as store credit.
      const returned = await call(
        'POST',
        at(`/registers/${register.id}/returns`),
        {
          id: randomUUID(),
          shiftId: shift.id,
          saleId: sale.id,
          lines: [{ position: 1, quantity: 1, restock: true }],
          reason: 'Changed mind',
          refunds: [{ method: 'store_credit', amountMinor: 200 }],
          totalMinor: 200,
        },
        cashier,
      );
      expect(returned.statusCode, returned.body).toBe(201);
      expect(returned.json<Sale>().customer).toEqual({ id: gus.id, name: 'Gus' });
      const after = await detail(gus.id);
      expect(after.customer.storeCreditMinor).toBe(200);
      expect(
        after.storeCredit.map((entry) => [entry.kind, entry.amountMinor, entry.sale?.receiptNumber ?? null]),
      ).toEqual([
        ['refund', 200, returned.json<Sale>().receiptNumber],
        ['sale', -250, sale.receiptNumber],
        ['manual', 250, null],
      ]);
      expect(after.purchases.map((purchase) => [purchase.kind, purchase.totalMinor])).toEqual([
        ['return', -200],
        ['sale', 400],
      ]);

      // A return without a customer cannot be refunded to store credit.
      const nobody = await sell(register.id, {
        shiftId: shift.id,
        lines: [{ productId: apple, quantity: 1 }],
        tenders: [{ method: 'cash', amountMinor: 100 }],
        totalMinor: 100,
      });
      const toNobody = await call(
        'POST',
        at(`/registers/${register.id}/returns`),
        {
          id: randomUUID(),
          shiftId: shift.id,
          saleId: nobody.json<Sale>().id,
          lines: [{ position: 1, quantity: 1, restock: true }],
          reason: 'Changed mind',
          refunds: [{ method: 'store_credit', amountMinor: 100 }],
          totalMinor: 100,
        },
        cashier,
      );
      expect(toNobody.statusCode).toBe(400);

      const report = (await call('GET', at(`/register-shifts/${shift.id}`))).json<ShiftReport>();
      expect(report.tenders.find((tender) => tender.method === 'store_credit')).toMatchObject({
        amountMinor: 50,
        refundedMinor: 200,
      });
      // Store credit is no cash: the drawer holds the cash taken less change.
      expect(report.expectedCashMinor).toBe(200 - 50 + 100);
    });

    it.runIf(engine === 'postgres')(
      'pays for one of two sales racing for a balance enough for one',
      async () => {
        const hal = await addCustomer({ name: 'Hal' });
        expect((await giveCredit(hal.id, 300)).statusCode).toBe(201);
        const tills = await Promise.all([openRegister(), openRegister()]);
        const answers = await Promise.all(
          tills.map(({ register, shift }) =>
            sell(register.id, {
              shiftId: shift.id,
              customerId: hal.id,
              lines: [{ productId: shop.productIds[2]!, quantity: 1 }],
              tenders: [{ method: 'store_credit', amountMinor: 300 }],
              totalMinor: 300,
            }),
          ),
        );
        expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
        const { customer, storeCredit } = await detail(hal.id);
        expect(customer.storeCreditMinor).toBe(0);
        expect(storeCredit).toHaveLength(2);
      },
    );
  });
});
