import { randomUUID } from 'node:crypto';
import type { CreateReturn, CreateSale, Register, ReturnableSale, Sale, ShiftReport } from '@myb/contracts';
import { startSmtpServer, type LoopbackSmtpServer } from '@myb/testing';
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

describe.each(engines())('the register on %s', (engine: Engine) => {
  let smtp: LoopbackSmtpServer;
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let manager: SignedInUser;
  let customer: SignedInUser;
  let prefixes = 0;

  beforeAll(async () => {
    // A mailbox that refuses one address for good, as a mail server refuses an unknown user.
    smtp = await startSmtpServer({
      answer: (recipient) =>
        recipient === 'nobody@example.com' ? { code: 550, message: 'No such user' } : undefined,
    });
    testApp = await buildTestApp(engine, {
      mail: { kind: 'smtp', url: smtp.url, from: 'Shop <shop@meetyourbusiness.local>' },
    });
    [shop, otherShop, cashier, manager, customer] = await Promise.all([
      createShop(testApp, { suppliers: 0, products: 3, stock: 10 }),
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
  afterAll(async () => {
    await closeCheckingStock(testApp);
    await smtp.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    as: SignedInUser = shop.owner,
  ) => testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const at = (path = '') => `/merchants/${shop.slug}${path}`;

  const newRegister = async (name = `Till ${randomUUID().slice(0, 6)}`) => {
    prefixes += 1;
    const response = await call('POST', at('/registers'), { name, receiptPrefix: `T${prefixes}` });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Register>();
  };
  const open = async (registerId: string, openingFloatMinor = 10_000, as = cashier) => {
    const response = await call(
      'POST',
      at(`/registers/${registerId}/shifts`),
      { openingFloatMinor, idempotencyKey: randomUUID() },
      as,
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ShiftReport>();
  };
  const openRegister = async () => {
    const register = await newRegister();
    return { register, shift: await open(register.id) };
  };
  const sell = (registerId: string, body: Omit<CreateSale, 'id'> & { id?: string }, as = cashier) =>
    call('POST', at(`/registers/${registerId}/sales`), { id: randomUUID(), ...body }, as);
  const stockOf = async (productId: string) =>
    (
      await testApp.database.db
        .selectFrom('products')
        .select('stock')
        .where('id', '=', productId)
        .executeTakeFirstOrThrow()
    ).stock;
  const saleMovements = (saleId: string) =>
    testApp.database.db
      .selectFrom('stock_movements')
      .select(['product_id', 'quantity', 'type'])
      .where('document_id', '=', saleId)
      .execute();

  describe('registers', () => {
    it('are added with a name and a receipt prefix, both unique in the shop, by owners and managers', async () => {
      const register = await newRegister('Front counter');
      expect(register).toMatchObject({ name: 'Front counter', openShift: null, archivedAt: null });
      const sameName = await call('POST', at('/registers'), { name: 'front COUNTER', receiptPrefix: 'ZZ9' });
      expect(sameName.statusCode).toBe(409);
      expect(sameName.json().message).toContain('named "front COUNTER" already');
      const samePrefix = await call('POST', at('/registers'), {
        name: 'Back counter',
        receiptPrefix: register.receiptPrefix,
      });
      expect(samePrefix.statusCode).toBe(409);
      expect(samePrefix.json().message).toContain('choose another prefix');
      const badPrefix = await call('POST', at('/registers'), { name: 'Kiosk', receiptPrefix: 'r-1' });
      expect(badPrefix.statusCode).toBe(400);
      expect(badPrefix.json().message).toContain('capital letters or digits');
      expect(
        (await call('POST', at('/registers'), { name: 'Kiosk', receiptPrefix: 'K1' }, cashier)).statusCode,
      ).toBe(403);
      expect(
        (await call('POST', at('/registers'), { name: 'Kiosk', receiptPrefix: 'K1' }, manager)).statusCode,
      ).toBe(201);
      // The same prefix in another shop is its own.
      expect(
        (
          await call(
            'POST',
            `/merchants/${otherShop.slug}/registers`,
            { name: 'Front counter', receiptPrefix: register.receiptPrefix },
            otherShop.owner,
          )
        ).statusCode,
      ).toBe(201);
    });

    it('are renamed, and archived only while closed', async () => {
      const { register, shift } = await openRegister();
      const renamed = await call('PATCH', at(`/registers/${register.id}`), { name: 'Garden till' });
      expect(renamed.json<Register>()).toMatchObject({ name: 'Garden till', openShift: { id: shift.id } });
      const archiving = await call('PATCH', at(`/registers/${register.id}`), { archived: true });
      expect(archiving.statusCode).toBe(409);
      expect(archiving.json().message).toBe('Garden till is open: close its shift before archiving it.');
      expect(
        (await call('POST', at(`/register-shifts/${shift.id}/close`), { countedCashMinor: 10_000 }, cashier))
          .statusCode,
      ).toBe(200);
      const archived = await call('PATCH', at(`/registers/${register.id}`), { archived: true });
      expect(archived.json<Register>().archivedAt).not.toBeNull();
      const opening = await call(
        'POST',
        at(`/registers/${register.id}/shifts`),
        { openingFloatMinor: 0, idempotencyKey: randomUUID() },
        cashier,
      );
      expect(opening.statusCode).toBe(409);
      expect(opening.json().message).toContain('archived');
    });

    it("are another shop's as unknown as ids that do not exist", async () => {
      const foreign = (
        await call(
          'POST',
          `/merchants/${otherShop.slug}/registers`,
          { name: 'Theirs', receiptPrefix: 'TH' },
          otherShop.owner,
        )
      ).json<Register>();
      for (const registerId of [foreign.id, randomUUID()]) {
        const renaming = await call('PATCH', at(`/registers/${registerId}`), { name: 'Mine' });
        expect([renaming.statusCode, renaming.json().message]).toEqual([404, 'Register not found.']);
        const opening = await call('POST', at(`/registers/${registerId}/shifts`), {
          openingFloatMinor: 0,
          idempotencyKey: randomUUID(),
        });
        expect([opening.statusCode, opening.json().message]).toEqual([404, 'Register not found.']);
      }
    });
  });

  describe('shifts', () => {
    it('open one at a time per register, and a retried opening opens one', async () => {
      const register = await newRegister();
      const key = randomUUID();
      const first = await call(
        'POST',
        at(`/registers/${register.id}/shifts`),
        { openingFloatMinor: 5_000, idempotencyKey: key },
        cashier,
      );
      expect(first.statusCode, first.body).toBe(201);
      const retried = await call(
        'POST',
        at(`/registers/${register.id}/shifts`),
        { openingFloatMinor: 5_000, idempotencyKey: key },
        cashier,
      );
      expect(retried.json<ShiftReport>().id).toBe(first.json<ShiftReport>().id);
      const second = await call(
        'POST',
        at(`/registers/${register.id}/shifts`),
        { openingFloatMinor: 0, idempotencyKey: randomUUID() },
        manager,
      );
      expect(second.statusCode).toBe(409);
      expect(second.json().message).toMatch(/is open already \(opened by User \d+ at \d\d:\d\d\)/);
      const listed = (await call('GET', at('/registers'), undefined, cashier)).json<{
        registers: Register[];
      }>().registers;
      expect(listed.find((each) => each.id === register.id)?.openShift).toMatchObject({
        id: first.json<ShiftReport>().id,
        openedBy: { id: cashier.id },
        openingFloatMinor: 5_000,
      });
    });

    it("work out the drawer's expected cash from the shift's own sales, change and cash moves, and close blind", async () => {
      const { register, shift } = await openRegister(); // float 100.00
      const [apple, pear] = shop.productIds as [string, string];
      // 1 × 1.00 + 2 × 2.00 = 5.00, paid 20.00 cash: 15.00 change.
      expect(
        (
          await sell(register.id, {
            shiftId: shift.id,
            lines: [
              { productId: apple, quantity: 1 },
              { productId: pear, quantity: 2 },
            ],
            tenders: [{ method: 'cash', amountMinor: 2_000 }],
            totalMinor: 500,
          })
        ).statusCode,
      ).toBe(201);
      // 2.00 split: 0.50 cash, 1.50 card.
      expect(
        (
          await sell(register.id, {
            shiftId: shift.id,
            lines: [{ productId: pear, quantity: 1 }],
            tenders: [
              { method: 'cash', amountMinor: 50 },
              { method: 'card', amountMinor: 150, reference: 'T-991' },
            ],
            totalMinor: 200,
          })
        ).statusCode,
      ).toBe(201);
      const moveKey = randomUUID();
      for (const [amountMinor, reason, key] of [
        [-3_000, 'Banked', moveKey],
        [-3_000, 'Banked', moveKey], // sent again: moves once
        [500, 'Change from the bank', randomUUID()],
      ] as const) {
        const moved = await call(
          'POST',
          at(`/register-shifts/${shift.id}/cash-moves`),
          { amountMinor, reason, idempotencyKey: key },
          cashier,
        );
        expect(moved.statusCode, moved.body).toBe(201);
      }
      // The cashier's X report keeps the close blind; a manager's shows the drawer.
      const cashierReport = (
        await call('GET', at(`/register-shifts/${shift.id}`), undefined, cashier)
      ).json<ShiftReport>();
      expect(cashierReport).toMatchObject({
        sales: 2,
        totalMinor: 700,
        cashSalesMinor: 550,
        cashMovesMinor: -2_500,
        expectedCashMinor: null,
      });
      expect(cashierReport.cashMoves.map((move) => [move.amountMinor, move.reason])).toEqual([
        [-3_000, 'Banked'],
        [500, 'Change from the bank'],
      ]);
      expect(cashierReport.tenders).toEqual([
        { method: 'card', count: 1, amountMinor: 150, refundedMinor: 0 },
        { method: 'cash', count: 2, amountMinor: 550, refundedMinor: 0 },
      ]);
      const expected = 10_000 + 550 - 2_500;
      expect(
        (await call('GET', at(`/register-shifts/${shift.id}`), undefined, manager)).json<ShiftReport>()
          .expectedCashMinor,
      ).toBe(expected);

      const closed = await call(
        'POST',
        at(`/register-shifts/${shift.id}/close`),
        { countedCashMinor: expected - 120, note: 'Short a coin roll' },
        cashier,
      );
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json<ShiftReport>()).toMatchObject({
        closedBy: { id: cashier.id },
        expectedCashMinor: expected,
        countedCashMinor: expected - 120,
        differenceMinor: -120,
        closingNote: 'Short a coin roll',
      });
      const again = await call(
        'POST',
        at(`/register-shifts/${shift.id}/close`),
        { countedCashMinor: expected },
        manager,
      );
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toMatch(/was closed by User \d+ at \d\d:\d\d: open it again/);
      const late = await sell(register.id, {
        shiftId: shift.id,
        lines: [{ productId: apple, quantity: 1 }],
        tenders: [{ method: 'card', amountMinor: 100 }],
        totalMinor: 100,
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().message).toContain('this sale was not recorded: open the register');
      const lateMove = await call(
        'POST',
        at(`/register-shifts/${shift.id}/cash-moves`),
        { amountMinor: 100, reason: 'Tip jar', idempotencyKey: randomUUID() },
        cashier,
      );
      expect(lateMove.statusCode).toBe(409);
    });

    it('record lines voided before payment, with who, once per line, in the shift report', async () => {
      const { shift } = await openRegister();
      const [apple, pear] = shop.productIds as [string, string];
      const url = at(`/register-shifts/${shift.id}/voids`);
      const cartId = randomUUID();
      const line = { id: randomUUID(), productId: pear, quantity: 2 };
      const voided = await call(
        'POST',
        url,
        { cartId, lines: [line, { id: randomUUID(), productId: apple, quantity: 1 }] },
        cashier,
      );
      expect(voided.statusCode, voided.body).toBe(201);
      expect(voided.json<ShiftReport>().voids).toEqual({ lines: 2, amountMinor: 2 * 200 + 100 });
      // Sent again, the same line counts once.
      const again = await call('POST', url, { cartId, lines: [line] }, cashier);
      expect(again.json<ShiftReport>().voids).toEqual({ lines: 2, amountMinor: 500 });
      const foreign = await call(
        'POST',
        url,
        { cartId, lines: [{ id: randomUUID(), productId: otherShop.productIds[0], quantity: 1 }] },
        cashier,
      );
      expect([foreign.statusCode, foreign.json().message]).toEqual([
        400,
        "Some voided lines are not this shop's products: send the lines as the cart had them.",
      ]);
      const recorded = await testApp.database.db
        .selectFrom('register_voids')
        .select(['actor_id', 'cart_id'])
        .where('shift_id', '=', shift.id)
        .execute();
      expect(recorded).toEqual([
        { actor_id: cashier.id, cart_id: cartId },
        { actor_id: cashier.id, cart_id: cartId },
      ]);
    });

    it('refuse a cash move without a reason or of nothing', async () => {
      const { shift } = await openRegister();
      const url = at(`/register-shifts/${shift.id}/cash-moves`);
      const noReason = await call(
        'POST',
        url,
        { amountMinor: 100, reason: '  ', idempotencyKey: randomUUID() },
        cashier,
      );
      expect([noReason.statusCode, noReason.json().message]).toEqual([400, 'The reason is required.']);
      const nothing = await call(
        'POST',
        url,
        { amountMinor: 0, reason: 'Float', idempotencyKey: randomUUID() },
        cashier,
      );
      expect(nothing.statusCode).toBe(400);
      expect(nothing.json().message).toContain('other than 0');
    });
  });

  describe('sales', () => {
    it('are numbered per register without gaps, take stock with sale movements, and give change only from cash', async () => {
      const { register, shift } = await openRegister();
      const [apple, pear] = shop.productIds as [string, string];
      const [appleBefore, pearBefore] = [await stockOf(apple), await stockOf(pear)];
      const first = await sell(register.id, {
        shiftId: shift.id,
        lines: [
          { productId: apple, quantity: 2 },
          { productId: pear, quantity: 1, discountMinor: 20 },
          { productId: apple, quantity: 1 },
        ],
        cartDiscountMinor: 30,
        tenders: [
          { method: 'card', amountMinor: 200, reference: ' 00042 ' },
          { method: 'cash', amountMinor: 500 },
        ],
        // 3 × 1.00 + 2.00 − 0.20 − 0.30 = 4.50; 2.00 by card, 5.00 cash: 2.50 back.
        totalMinor: 450,
      });
      expect(first.statusCode, first.body).toBe(201);
      const sale = first.json<Sale>();
      expect(sale).toMatchObject({
        receiptNumber: `${register.receiptPrefix}-000001`,
        register: { id: register.id, name: register.name },
        shiftId: shift.id,
        cashier: { id: cashier.id },
        grossMinor: 500,
        discountMinor: 50,
        totalMinor: 450,
        changeMinor: 250,
        tenders: [
          { method: 'card', amountMinor: 200, reference: '00042' },
          { method: 'cash', amountMinor: 500, reference: null },
        ],
      });
      // The cart's 0.30 shared over 2.00, 1.80 and 1.00: 0.1277, 0.1149, 0.0638 → 13, 11, 6.
      expect(
        sale.lines.map((line) => [
          line.quantity,
          line.unitPriceMinor,
          line.discountMinor,
          line.cartDiscountMinor,
          line.amountMinor,
        ]),
      ).toEqual([
        [2, 100, 0, 13, 187],
        [1, 200, 20, 11, 169],
        [1, 100, 0, 6, 94],
      ]);
      expect(await stockOf(apple)).toBe(appleBefore - 3);
      expect(await stockOf(pear)).toBe(pearBefore - 1);
      expect((await saleMovements(sale.id)).sort((a, b) => a.quantity - b.quantity)).toEqual(
        [
          { product_id: apple, quantity: -3, type: 'sale' },
          { product_id: pear, quantity: -1, type: 'sale' },
        ].sort((a, b) => a.quantity - b.quantity),
      );
      const second = await sell(register.id, {
        shiftId: shift.id,
        lines: [{ productId: apple, quantity: 1 }],
        tenders: [{ method: 'card', amountMinor: 100 }],
        totalMinor: 100,
      });
      expect(second.json<Sale>().receiptNumber).toBe(`${register.receiptPrefix}-000002`);
      // The stock history links each movement to its receipt.
      const history = (await call('GET', at(`/stock-movements?product=${pear}`))).json<{
        movements: { sale: unknown }[];
      }>();
      expect(history.movements[0]!.sale).toEqual({ id: sale.id, receiptNumber: sale.receiptNumber });
      expect((await call('GET', at(`/register-sales/${sale.id}`), undefined, manager)).json<Sale>()).toEqual(
        sale,
      );
    });

    it('sent twice with one id is recorded once, and the second answer is the first', async () => {
      const { register, shift } = await openRegister();
      const [apple] = shop.productIds as [string];
      const stockBefore = await stockOf(apple);
      const body = {
        id: randomUUID(),
        shiftId: shift.id,
        lines: [{ productId: apple, quantity: 2 }],
        tenders: [{ method: 'cash' as const, amountMinor: 1_000 }],
        totalMinor: 200,
      };
      const answers = await Promise.all([
        sell(register.id, body),
        sell(register.id, body),
        sell(register.id, body),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
      const first = answers[0].json<Sale>();
      for (const answer of answers) {
        expect(answer.json<Sale>()).toEqual(first);
      }
      const later = await sell(register.id, body);
      expect(later.json<Sale>()).toEqual(first);
      expect(await stockOf(apple)).toBe(stockBefore - 2);
      expect(await saleMovements(body.id)).toHaveLength(1);
      const sales = await testApp.database.db
        .selectFrom('register_sales')
        .select('id')
        .where('id', '=', body.id)
        .execute();
      expect(sales).toHaveLength(1);
      // The same id with another sale is refused, not answered as the first.
      const other = await sell(register.id, {
        ...body,
        lines: [{ productId: apple, quantity: 1 }],
        totalMinor: 100,
      });
      expect(other.statusCode).toBe(409);
      expect(other.json().message).toContain('belongs to another sale');
    });

    it('are refused, recording nothing, when payments, prices or stock do not add up', async () => {
      const { register, shift } = await openRegister();
      const [apple, pear, plum] = shop.productIds as [string, string, string];
      const base = { shiftId: shift.id, lines: [{ productId: apple, quantity: 1 }], totalMinor: 100 };
      const refusals: [object, number, string][] = [
        [{ tenders: [{ method: 'card', amountMinor: 150 }] }, 400, 'Only cash gives change'],
        [{ tenders: [{ method: 'cash', amountMinor: 60 }] }, 400, 'do not cover the total'],
        [
          {
            tenders: [
              { method: 'card', amountMinor: 100 },
              { method: 'cash', amountMinor: 500 },
            ],
          },
          400,
          'take the cash payment off',
        ],
        [{ tenders: [{ method: 'cheque', amountMinor: 100 }] }, 400, 'Choose how it is paid: cash, card, store_credit.'],
        [{ tenders: [{ method: 'cash', amountMinor: -5 }] }, 400, 'more than 0'],
        [
          { tenders: [{ method: 'cash', amountMinor: 90 }], totalMinor: 90 },
          409,
          'comes to €1.00 now, not €0.90',
        ],
        [
          {
            tenders: [{ method: 'cash', amountMinor: 100 }],
            lines: [{ productId: otherShop.productIds[0], quantity: 1 }],
          },
          400,
          "not this shop's products",
        ],
        [
          {
            tenders: [{ method: 'cash', amountMinor: 100 }],
            lines: [{ productId: randomUUID(), quantity: 1 }],
          },
          400,
          "not this shop's products",
        ],
        [
          { tenders: [{ method: 'cash', amountMinor: 100 }], lines: [{ productId: apple, quantity: 0 }] },
          400,
          'at least 1',
        ],
        [
          {
            tenders: [{ method: 'cash', amountMinor: 100 }],
            lines: [{ productId: apple, quantity: 1, discountMinor: 101 }],
          },
          400,
          'more than the line comes to',
        ],
        [
          { tenders: [{ method: 'cash', amountMinor: 100 }], cartDiscountMinor: 101 },
          400,
          "cart's discount is more",
        ],
        [
          {
            tenders: [{ method: 'cash', amountMinor: 100_000 }],
            lines: [{ productId: plum, quantity: 11 }],
            totalMinor: 3_300,
          },
          409,
          'Not enough in stock: Product 2, 10 left and the sale takes 11',
        ],
        [{ tenders: [{ method: 'cash', amountMinor: 100 }], shiftId: randomUUID() }, 404, 'Shift not found.'],
        [
          { tenders: [{ method: 'cash', amountMinor: 100 }], id: 'not-a-uuid' },
          400,
          'UUID made on the register',
        ],
      ];
      const before = await Promise.all([apple, pear, plum].map(stockOf));
      for (const [change, status, message] of refusals) {
        const answer = await sell(register.id, { ...base, ...change } as CreateSale);
        expect([answer.statusCode, answer.json().message], JSON.stringify(change)).toEqual([
          status,
          expect.stringContaining(message),
        ]);
      }
      expect(await Promise.all([apple, pear, plum].map(stockOf))).toEqual(before);
      // Nothing recorded: the next receipt is the register's first.
      const sold = await sell(register.id, { ...base, tenders: [{ method: 'cash', amountMinor: 100 }] });
      expect(sold.json<Sale>().receiptNumber).toBe(`${register.receiptPrefix}-000001`);
    });

    it('are made only by staff of the shop, and read only there', async () => {
      const { register, shift } = await openRegister();
      const body = {
        shiftId: shift.id,
        lines: [{ productId: shop.productIds[0]!, quantity: 1 }],
        tenders: [{ method: 'cash' as const, amountMinor: 100 }],
        totalMinor: 100,
      };
      expect((await sell(register.id, body, customer)).statusCode).toBe(403);
      expect((await sell(register.id, body, otherShop.owner)).statusCode).toBe(403);
      const sale = (await sell(register.id, body)).json<Sale>();
      const theirs = await call(
        'GET',
        `/merchants/${otherShop.slug}/register-sales/${sale.id}`,
        undefined,
        otherShop.owner,
      );
      expect([theirs.statusCode, theirs.json().message]).toEqual([404, 'Sale not found.']);
      const foreignShift = await call(
        'GET',
        `/merchants/${otherShop.slug}/register-shifts/${shift.id}`,
        undefined,
        otherShop.owner,
      );
      expect([foreignShift.statusCode, foreignShift.json().message]).toEqual([404, 'Shift not found.']);
    });
    it('e-mail their receipt to the customer on request, and say so when the mail cannot go', async () => {
      const { register, shift } = await openRegister();
      // 12.5 % off: above a cashier's cap, within a manager's.
      const sold = await sell(
        register.id,
        {
          shiftId: shift.id,
          lines: [{ productId: shop.productIds[1]!, quantity: 2, discountMinor: 50 }],
          tenders: [{ method: 'cash', amountMinor: 500 }],
          totalMinor: 350,
        },
        manager,
      );
      const sale = sold.json<Sale>();
      const url = at(`/register-sales/${sale.id}/email`);
      const sent = await call('POST', url, { email: 'ana@example.com' }, cashier);
      expect(sent.statusCode, sent.body).toBe(202);
      const [mail] = (await smtp.waitFor(1)).filter((each) => each.envelopeTo.includes('ana@example.com'));
      expect(mail!.parsed.subject).toBe(`Your receipt ${sale.receiptNumber} from Shop ${shop.slug}`);
      expect(mail!.parsed.headers.get('x-meetyourbusiness-mail')).toBe('receipt');
      expect(mail!.parsed.text).toContain(`Receipt ${sale.receiptNumber} · ${register.name}`);
      expect(mail!.parsed.text).toMatch(/2 × Product 1 @ €2\.00 \(−€0\.50\)\s+€3\.50/);
      expect(mail!.parsed.text).toMatch(/Change\s+€1\.50/);
      // A return's receipt says what it gives back and why, and its refunds.
      const returned = await call(
        'POST',
        at(`/registers/${register.id}/returns`),
        {
          id: randomUUID(),
          shiftId: shift.id,
          saleId: sale.id,
          lines: [{ position: 1, quantity: 1, restock: true }],
          reason: 'Wrong size',
          refunds: [{ method: 'cash', amountMinor: 175 }],
          totalMinor: 175,
        },
        cashier,
      );
      expect(returned.statusCode, returned.body).toBe(201);
      const returnSale = returned.json<Sale>();
      const back = await call('POST', at(`/register-sales/${returnSale.id}/email`), { email: 'ben@example.com' }, cashier);
      expect(back.statusCode, back.body).toBe(202);
      const [returnMail] = (await smtp.waitFor(2)).filter((each) => each.envelopeTo.includes('ben@example.com'));
      expect(returnMail!.parsed.subject).toBe(`Your return receipt ${returnSale.receiptNumber} from Shop ${shop.slug}`);
      expect(returnMail!.parsed.text).toContain(`Return of ${sale.receiptNumber}\nReason: Wrong size`);
      expect(returnMail!.parsed.text).toMatch(/Cash refund\s+−€1\.75/);
      expect(returnMail!.parsed.text).not.toContain('Keep this receipt');
      const refused = await call('POST', url, { email: 'nobody@example.com' }, cashier);
      expect([refused.statusCode, refused.json().message]).toEqual([
        503,
        'The receipt could not be sent just now: try again in a moment, or print it.',
      ]);
      const malformed = await call('POST', url, { email: 'not an address' }, cashier);
      expect([malformed.statusCode, malformed.json().message]).toEqual([
        400,
        expect.stringContaining('Give the e-mail address'),
      ]);
      const foreign = await call(
        'POST',
        `/merchants/${otherShop.slug}/register-sales/${sale.id}/email`,
        { email: 'ana@example.com' },
        otherShop.owner,
      );
      expect(foreign.statusCode).toBe(404);
    });
    describe('taxes', () => {
      it('are worked out per rate as the shop chose, recorded per line, and added up per rate in the shift report', async () => {
        const taxed = await createShop(testApp, { suppliers: 0, products: 0 });
        const owner = (method: 'GET' | 'POST' | 'PATCH', path: string, payload?: object) =>
          call(method, `/merchants/${taxed.slug}${path}`, payload, taxed.owner);
        const rate = async (name: string, ratePpm: number) =>
          (await owner('POST', '/tax-rates', { name, ratePpm })).json<{ id: string }>().id;
        const [standard, reduced, newYork] = [
          await rate('Standard', 200_000),
          await rate('Reduced', 55_000),
          await rate('NY', 88_750),
        ];
        const fruit = (await owner('POST', '/categories', { name: 'Fruit' })).json<{ id: string }>().id;
        expect((await owner('PATCH', `/categories/${fruit}`, { taxRateId: reduced })).statusCode).toBe(200);
        const product = async (sku: string, priceMinor: number, more: object = {}) => {
          const response = await owner('POST', '/products', {
            sku,
            name: sku,
            priceMinor,
            stock: 100,
            ...more,
          });
          expect(response.statusCode, response.body).toBe(201);
          return response.json<{ id: string }>().id;
        };
        const coin = await product('COIN', 10, { taxRateId: standard });
        const apple = await product('APPLE', 211, { categoryId: fruit });
        const melon = await product('MELON', 999, { categoryId: fruit, taxRateId: newYork });
        const register = (
          await owner('POST', '/registers', { name: 'Till', receiptPrefix: 'TX' })
        ).json<Register>();
        const shift = (
          await owner('POST', `/registers/${register.id}/shifts`, {
            openingFloatMinor: 0,
            idempotencyKey: randomUUID(),
          })
        ).json<ShiftReport>();
        const sale = async (lines: { productId: string; quantity: number }[], totalMinor: number) => {
          const response = await owner('POST', `/registers/${register.id}/sales`, {
            id: randomUUID(),
            shiftId: shift.id,
            lines,
            tenders: [{ method: 'card', amountMinor: totalMinor }],
            totalMinor,
          });
          expect(response.statusCode, response.body).toBe(201);
          return response.json<Sale>();
        };
        const settings = async (change: object) => {
          const { version } = (await owner('GET', '/settings')).json<{ version: number }>();
          expect((await owner('PATCH', '', { version, ...change })).statusCode).toBe(200);
        };
        const coins = [coin, coin, coin].map((productId) => ({ productId, quantity: 1 }));

        // Prices with tax, rounded per line: 0.10 at 20 % holds 1.67 → 2, three times; 2.11 at 5.5 % (the
        // category's rate) holds 11.
        const perLine = await sale([...coins, { productId: apple, quantity: 1 }], 241);
        expect(perLine.lines.map((line) => [line.taxRate?.name, line.taxMinor, line.netMinor])).toEqual([
          ['Standard', 2, 8],
          ['Standard', 2, 8],
          ['Standard', 2, 8],
          ['Reduced', 11, 200],
        ]);
        expect(
          perLine.taxes.map((tax) => [tax.taxRate?.name, tax.netMinor, tax.taxMinor, tax.grossMinor]),
        ).toEqual([
          ['Reduced', 200, 11, 211],
          ['Standard', 24, 6, 30],
        ]);
        expect([perLine.taxMinor, perLine.totalMinor, perLine.pricesIncludeTax]).toEqual([17, 241, true]);

        // Rounded once per rate on the sale's total: 0.30 at 20 % holds 5, shared 2, 2, 1.
        await settings({ taxRounding: 'total' });
        const perTotal = await sale(coins, 30);
        expect(perTotal.lines.map((line) => line.taxMinor)).toEqual([2, 2, 1]);
        expect(perTotal.taxMinor).toBe(5);

        // Prices without tax: 9.99 at 8.875 % (its own rate over its category's) adds 88.66 → 89.
        await settings({ pricesIncludeTax: false, taxRounding: 'line' });
        const onTop = await sale([{ productId: melon, quantity: 1 }], 1088);
        expect(onTop).toMatchObject({
          pricesIncludeTax: false,
          grossMinor: 999,
          taxMinor: 89,
          totalMinor: 1088,
        });
        expect(onTop.lines[0]).toMatchObject({
          taxRate: { id: newYork, name: 'NY', ratePpm: 88_750 },
          amountMinor: 999,
          netMinor: 999,
          taxMinor: 89,
        });
        // The total the register showed under the old setting is refused, naming the new one.
        const stale = await owner('POST', `/registers/${register.id}/sales`, {
          id: randomUUID(),
          shiftId: shift.id,
          lines: [{ productId: melon, quantity: 1 }],
          tenders: [{ method: 'card', amountMinor: 999 }],
          totalMinor: 999,
        });
        expect([stale.statusCode, stale.json().totalMinor]).toEqual([409, 1088]);

        const report = (await owner('GET', `/register-shifts/${shift.id}`)).json<ShiftReport>();
        expect(report.taxes.map((tax) => [tax.taxRate?.name, tax.netMinor, tax.taxMinor])).toEqual([
          ['Reduced', 200, 11],
          ['NY', 999, 89],
          ['Standard', 49, 11],
        ]);
        expect([report.taxMinor, report.totalMinor]).toEqual([17 + 5 + 89, 241 + 30 + 1088]);
      });
    });
  });

  describe('discounts above a cap', () => {
    let product: { id: string; name: string };
    let secondManager: SignedInUser;
    let foreignManager: SignedInUser;
    const PINS = new Map<string, string>();
    const setPin = (as: SignedInUser, pin: string, slug = shop.slug) =>
      call('PUT', `/merchants/${slug}/register-pin`, { pin }, as);
    const salesOn = async (registerId: string) =>
      (
        await testApp.database.db
          .selectFrom('register_sales')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('register_id', '=', registerId)
          .executeTakeFirstOrThrow()
      ).count;
    /** One of `product` (10.00) with a line discount, paid in cash. */
    const discounted = (shiftId: string, discountMinor: number, approval?: CreateSale['approval']) => ({
      shiftId,
      lines: [{ productId: product.id, quantity: 1, discountMinor }],
      tenders: [{ method: 'cash' as const, amountMinor: 1_000 - discountMinor }],
      totalMinor: 1_000 - discountMinor,
      approval,
    });
    const approval = (person: SignedInUser, pin = PINS.get(person.id)!) => ({ userId: person.id, pin });

    beforeAll(async () => {
      const created = await call('POST', at('/products'), {
        sku: `CAP-${randomUUID().slice(0, 8)}`,
        name: 'Capped vase',
        priceMinor: 1_000,
        stock: 50,
      });
      expect(created.statusCode, created.body).toBe(201);
      product = created.json();
      [secondManager, foreignManager] = await Promise.all([signUpUser(testApp), signUpUser(testApp)]);
      expect(
        (await call('POST', at('/staff'), { email: secondManager.email, role: 'manager' })).statusCode,
      ).toBe(200);
      expect(
        (
          await call(
            'POST',
            `/merchants/${otherShop.slug}/staff`,
            { email: foreignManager.email, role: 'manager' },
            otherShop.owner,
          )
        ).statusCode,
      ).toBe(200);
      for (const [person, pin, slug] of [
        [manager, '4321', shop.slug],
        [secondManager, '55667788', shop.slug],
        [shop.owner, '9090', shop.slug],
        [foreignManager, '1111', otherShop.slug],
      ] as const) {
        const answer = await setPin(person, pin, slug);
        expect(answer.statusCode, answer.body).toBe(200);
        PINS.set(person.id, pin);
      }
    });

    it('are capped per role by the owner in the shop settings: cashiers 10 % and managers none at first', async () => {
      const settings = (await call('GET', at('/settings'))).json<{
        version: number;
        cashierDiscountCapPpm: number | null;
        managerDiscountCapPpm: number | null;
      }>();
      expect([settings.cashierDiscountCapPpm, settings.managerDiscountCapPpm]).toEqual([100_000, null]);
      for (const [cap, message] of [
        [1.5, 'whole number of parts per million'],
        [-1, 'cannot be below 0 %'],
        [1_000_001, 'at most 100 %'],
        ['10', 'whole number of parts per million'],
      ] as const) {
        const refused = await call('PATCH', at(), { version: settings.version, managerDiscountCapPpm: cap });
        expect([refused.statusCode, refused.json().message]).toEqual([400, expect.stringContaining(message)]);
      }
      expect(
        (await call('PATCH', at(), { version: settings.version, managerDiscountCapPpm: 200_000 }, manager))
          .statusCode,
      ).toBe(403);
      const changed = await call('PATCH', at(), {
        version: settings.version,
        managerDiscountCapPpm: 200_000,
      });
      expect(changed.json()).toMatchObject({
        cashierDiscountCapPpm: 100_000,
        managerDiscountCapPpm: 200_000,
      });
    });

    it('are approved with a PIN that each person sets for themself (a cashier’s approves nothing), 4 to 8 digits, kept only hashed', async () => {
      for (const [pin, message] of [
        ['12a4', 'digits only'],
        ['１２３４', 'digits only'],
        ['123', 'at least 4 digits'],
        ['123456789', 'at most 8 digits'],
        ['12\u00003', ''],
        [1234, 'The PIN is text'],
      ] as const) {
        const refused = await setPin(manager, pin as string);
        expect(refused.statusCode, String(pin)).toBe(400);
        expect(refused.json().message).toMatch(new RegExp(`${message}.*\\.$`));
      }
      // A cashier sets one too, to clock in on a register; it approves nothing (see the approvers' list).
      expect((await setPin(cashier, '2468')).statusCode).toBe(200);
      const status = await call('GET', at('/register-pin'), undefined, manager);
      expect(status.json<{ setAt: string }>().setAt).toEqual(expect.any(String));
      expect((await call('GET', at('/register-pin'), undefined, cashier)).json<{ setAt: string }>().setAt).toEqual(expect.any(String));
      const stored = await testApp.database.db
        .selectFrom('register_pins')
        .select('pin_hash')
        .where('user_id', '=', manager.id)
        .executeTakeFirstOrThrow();
      expect(stored.pin_hash).toMatch(/^scrypt\$/);
      expect(stored.pin_hash).not.toContain('4321');
    });

    it('list, for the register, who can approve above the caller’s cap: those with a PIN and a higher cap, by id and name', async () => {
      const listed = async (as: SignedInUser) => {
        const answer = (await call('GET', at('/register-approvers'), undefined, as)).json<{
          capPpm: number | null;
          approvers: { id: string; name: string }[];
        }>();
        return {
          capPpm: answer.capPpm,
          ids: answer.approvers.map((person) => person.id).sort(),
          keys: Object.keys(answer.approvers[0] ?? {}),
        };
      };
      expect(await listed(cashier)).toEqual({
        capPpm: 100_000,
        ids: [manager.id, secondManager.id, shop.owner.id].sort(),
        keys: ['id', 'name'],
      });
      expect(await listed(manager)).toEqual({ capPpm: 200_000, ids: [shop.owner.id], keys: ['id', 'name'] });
      expect(await listed(shop.owner)).toEqual({ capPpm: null, ids: [], keys: [] });
    });

    it('above the cashier’s cap are refused, recording nothing, until a manager approves with their PIN', async () => {
      const { register, shift } = await openRegister();
      const stockBefore = await stockOf(product.id);
      const refused = await sell(register.id, discounted(shift.id, 150));
      expect([refused.statusCode, refused.json().message]).toEqual([
        403,
        'The discounts come to 15 % of this sale, above the 10 % a cashier may give: a manager must approve them on the register with their PIN.',
      ]);
      expect(await salesOn(register.id)).toBe(0);
      expect(await stockOf(product.id)).toBe(stockBefore);
      // Within the cap: nobody is asked.
      const within = await sell(register.id, discounted(shift.id, 100));
      expect([within.statusCode, within.json<Sale>().approvedBy]).toEqual([201, null]);
      const body = { id: randomUUID(), ...discounted(shift.id, 150, approval(manager)) };
      const approved = await sell(register.id, body);
      expect(approved.statusCode, approved.body).toBe(201);
      expect(approved.json<Sale>().approvedBy).toEqual({ id: manager.id, name: expect.any(String) });
      expect((await call('GET', at(`/register-sales/${body.id}`))).json<Sale>()).toEqual(approved.json());
      expect(await stockOf(product.id)).toBe(stockBefore - 2);
      // Sent again, even with a PIN mistyped, it answers what was recorded.
      const again = await sell(register.id, { ...body, approval: approval(manager, '0000') });
      expect([again.statusCode, again.json()]).toEqual([201, approved.json()]);
      // Approving for another person is another sale.
      expect((await sell(register.id, { ...body, approval: approval(shop.owner) })).statusCode).toBe(409);
    });

    it('take a wrong PIN five times for one approver within 15 minutes, then refuse further tries for a while', async () => {
      const { register, shift } = await openRegister();
      const recorded = { id: randomUUID(), ...discounted(shift.id, 200, approval(secondManager)) };
      expect((await sell(register.id, recorded)).statusCode).toBe(201);
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const wrong = await sell(register.id, discounted(shift.id, 200, approval(secondManager, '12345678')));
        expect([wrong.statusCode, wrong.json().message]).toEqual([
          403,
          expect.stringMatching(/^That PIN is not right for /),
        ]);
      }
      const locked = await sell(register.id, discounted(shift.id, 200, approval(secondManager)));
      expect([locked.statusCode, locked.json().message]).toEqual([
        429,
        expect.stringMatching(
          /^Too many wrong PINs for .*: try again in 15 minutes, or ask someone else to approve\.$/,
        ),
      ]);
      expect(locked.json().retryAfterSeconds).toBeGreaterThan(800);
      expect(Number(locked.headers['retry-after'])).toBe(locked.json().retryAfterSeconds);
      expect(await salesOn(register.id)).toBe(1);
      // Counted in the database, not in a process's memory.
      const failures = await testApp.database.db
        .selectFrom('register_pin_failures')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', secondManager.id)
        .executeTakeFirstOrThrow();
      expect(Number(failures.count)).toBe(5);
      // Another approver is not held up, and a sale already recorded is still answered.
      expect((await sell(register.id, discounted(shift.id, 200, approval(manager)))).statusCode).toBe(201);
      expect((await sell(register.id, recorded)).statusCode).toBe(201);
    });

    it('are approved by no cashier, nobody of another shop and nobody without a PIN: all answered as an unknown person', async () => {
      const { register, shift } = await openRegister();
      const answer = async (approver: { userId: string; pin: string }) => {
        const response = await sell(register.id, discounted(shift.id, 150, approver));
        return [response.statusCode, response.json<{ message: string }>().message];
      };
      const unknown = await answer({ userId: randomUUID(), pin: '1111' });
      expect(unknown).toEqual([
        403,
        expect.stringContaining('Only the owner or a manager of this shop with a register PIN'),
      ]);
      expect(await answer(approval(foreignManager))).toEqual(unknown);
      expect(await answer({ userId: cashier.id, pin: '2468' })).toEqual(unknown);
      const noPin = await signUpUser(testApp);
      expect((await call('POST', at('/staff'), { email: noPin.email, role: 'manager' })).statusCode).toBe(
        200,
      );
      expect(await answer({ userId: noPin.id, pin: '1234' })).toEqual(unknown);
      const malformed = await sell(register.id, discounted(shift.id, 150, { userId: manager.id, pin: '12' }));
      expect([malformed.statusCode, malformed.json().message]).toEqual([
        400,
        expect.stringContaining('at least 4 digits'),
      ]);
      expect(await salesOn(register.id)).toBe(0);
    });

    it('by a manager within their own cap are not asked; above it only the owner approves', async () => {
      const { register, shift } = await openRegister();
      const own = await sell(register.id, discounted(shift.id, 200), manager);
      expect([own.statusCode, own.json<Sale>().approvedBy]).toEqual([201, null]);
      expect((await sell(register.id, discounted(shift.id, 250), manager)).statusCode).toBe(403);
      const byManager = await sell(register.id, discounted(shift.id, 250, approval(secondManager)), manager);
      expect([byManager.statusCode, byManager.json().message]).toEqual([
        403,
        expect.stringMatching(
          /may approve discounts of up to 20 % of a sale, and these come to 25 %: ask the owner\.$/,
        ),
      ]);
      const byOwner = await sell(register.id, discounted(shift.id, 250, approval(shop.owner)), manager);
      expect([byOwner.statusCode, byOwner.json<Sale>().approvedBy?.id]).toEqual([201, shop.owner.id]);
      // The owner has no cap.
      const owners = await sell(register.id, discounted(shift.id, 900), shop.owner);
      expect([owners.statusCode, owners.json<Sale>().approvedBy]).toEqual([201, null]);
    });
  });

  describe('returns', () => {
    const product = async (priceMinor: number, stock = 20) => {
      const sku = `RET-${randomUUID().slice(0, 8)}`;
      const response = await call('POST', at('/products'), { sku, name: sku, priceMinor, stock });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; name: string }>();
    };
    const giveBack = (registerId: string, body: Omit<CreateReturn, 'id'> & { id?: string }, as = cashier) =>
      call('POST', at(`/registers/${registerId}/returns`), { id: randomUUID(), ...body }, as);
    const returnable = (receipt: string, as = cashier) =>
      call('GET', at(`/register-receipts/${receipt}`), undefined, as);

    it('give back against the receipt at most what is left, by the sale’s payments or cash, restocked or not', async () => {
      const { register, shift } = await openRegister();
      const [mug, vase] = [await product(100), await product(200)];
      const sold = await sell(register.id, {
        shiftId: shift.id,
        lines: [
          { productId: mug.id, quantity: 3 },
          { productId: vase.id, quantity: 1 },
        ],
        tenders: [
          { method: 'card', amountMinor: 300 },
          { method: 'cash', amountMinor: 200 },
        ],
        totalMinor: 500,
      });
      const sale = sold.json<Sale>();
      const [mugStock, vaseStock] = [await stockOf(mug.id), await stockOf(vase.id)];

      // Scanned from the receipt's barcode (typed in lower case by hand, it is found as well).
      const found = await returnable(sale.receiptNumber.toLowerCase());
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json<ReturnableSale>()).toMatchObject({
        sale: { id: sale.id, kind: 'sale' },
        lines: [
          { position: 1, returnedQuantity: 0, returnableQuantity: 3 },
          { position: 2, returnedQuantity: 0, returnableQuantity: 1 },
        ],
        refundable: expect.arrayContaining([
          { method: 'card', amountMinor: 300 },
          { method: 'cash', amountMinor: 200 },
        ]),
        returns: [],
      });

      // Two mugs: one back on the shelf, one broken; refunded to the card.
      const first = await giveBack(register.id, {
        shiftId: shift.id,
        saleId: sale.id,
        lines: [
          { position: 1, quantity: 1, restock: true },
          { position: 1, quantity: 1, restock: false },
        ],
        reason: 'One chipped',
        refunds: [{ method: 'card', amountMinor: 200, reference: 'R-77' }],
        totalMinor: 200,
      });
      expect(first.statusCode, first.body).toBe(201);
      const returned = first.json<Sale>();
      expect(returned).toMatchObject({
        kind: 'return',
        receiptNumber: `${register.receiptPrefix}-000002`,
        returnOf: { id: sale.id, receiptNumber: sale.receiptNumber },
        returnReason: 'One chipped',
        totalMinor: -200,
        changeMinor: 0,
        tenders: [{ method: 'card', amountMinor: -200, reference: 'R-77' }],
      });
      expect(
        returned.lines.map((line) => [line.quantity, line.amountMinor, line.returnedPosition, line.restock]),
      ).toEqual([
        [-1, -100, 1, true],
        [-1, -100, 1, false],
      ]);
      // Only the mug put back comes back into stock, with a `return` movement giving the reason.
      expect(await stockOf(mug.id)).toBe(mugStock + 1);
      expect(
        await testApp.database.db
          .selectFrom('stock_movements')
          .select(['product_id', 'quantity', 'type', 'reason'])
          .where('document_id', '=', returned.id)
          .execute(),
      ).toEqual([{ product_id: mug.id, quantity: 1, type: 'return', reason: 'One chipped' }]);

      const left = (await returnable(sale.receiptNumber)).json<ReturnableSale>();
      expect(left.lines.map((line) => line.returnableQuantity)).toEqual([1, 1]);
      expect(left.refundable).toEqual(
        expect.arrayContaining([
          { method: 'card', amountMinor: 100 },
          { method: 'cash', amountMinor: 200 },
        ]),
      );
      expect(left.returns).toEqual([
        {
          id: returned.id,
          receiptNumber: returned.receiptNumber,
          createdAt: returned.createdAt,
          totalMinor: -200,
        },
      ]);

      // Never more than is left, never more back to the card than it paid; cash always.
      const tooMany = await giveBack(register.id, {
        shiftId: shift.id,
        saleId: sale.id,
        lines: [{ position: 1, quantity: 2, restock: true }],
        reason: 'Changed mind',
        refunds: [{ method: 'cash', amountMinor: 200 }],
        totalMinor: 200,
      });
      expect([tooMany.statusCode, tooMany.json().message]).toEqual([
        409,
        `More comes back than is left to return: ${mug.name}, 3 sold and 2 returned already, so 1 left, not 2.`,
      ]);
      const vaseBack = {
        shiftId: shift.id,
        saleId: sale.id,
        lines: [{ position: 2, quantity: 1, restock: true }],
        reason: 'Changed mind',
        totalMinor: 200,
      };
      const toCard = await giveBack(register.id, {
        ...vaseBack,
        refunds: [{ method: 'card', amountMinor: 200 }],
      });
      expect([toCard.statusCode, toCard.json().message]).toEqual([
        400,
        'At most €1.00 can go back by card, what the sale paid that way less earlier refunds: refund the rest in cash.',
      ]);
      const short = await giveBack(register.id, {
        ...vaseBack,
        refunds: [{ method: 'cash', amountMinor: 150 }],
      });
      expect([short.statusCode, short.json().message]).toEqual([
        400,
        'The refunds come to €1.50, less than the €2.00 returned: refund the rest.',
      ]);
      const toldWrong = await giveBack(register.id, {
        ...vaseBack,
        totalMinor: 150,
        refunds: [{ method: 'cash', amountMinor: 150 }],
      });
      expect([toldWrong.statusCode, toldWrong.json().totalMinor]).toEqual([409, 200]);
      const unknownLine = await giveBack(register.id, {
        ...vaseBack,
        lines: [{ position: 9, quantity: 1, restock: true }],
        refunds: [{ method: 'cash', amountMinor: 200 }],
      });
      expect([unknownLine.statusCode, unknownLine.json().issues]).toEqual([
        400,
        [{ path: 'body.lines.0.position', message: 'The sale has no such line.' }],
      ]);
      const vaseId = randomUUID();
      const inCash = await giveBack(register.id, {
        ...vaseBack,
        id: vaseId,
        refunds: [
          { method: 'card', amountMinor: 100 },
          { method: 'cash', amountMinor: 100 },
        ],
      });
      expect(inCash.statusCode, inCash.body).toBe(201);
      // Sent again (the answer was lost): recorded once, answered alike.
      const again = await giveBack(register.id, {
        ...vaseBack,
        id: vaseId,
        refunds: [
          { method: 'card', amountMinor: 100 },
          { method: 'cash', amountMinor: 100 },
        ],
      });
      expect([again.statusCode, again.json()]).toEqual([201, inCash.json()]);
      expect(await stockOf(vase.id)).toBe(vaseStock + 1);

      // A return's receipt is not returned.
      const ofReturn = await giveBack(register.id, {
        shiftId: shift.id,
        saleId: returned.id,
        lines: [{ position: 1, quantity: 1, restock: true }],
        reason: 'Again',
        refunds: [],
        totalMinor: 0,
      });
      expect([ofReturn.statusCode, ofReturn.json().message]).toEqual([
        409,
        `${returned.receiptNumber} is a return's receipt, and a return cannot be returned: look up the sale's own receipt.`,
      ]);

      // The drawer: float 100.00 + 2.00 cash taken − 1.00 refunded − 5.00 paid out.
      await call('POST', at(`/register-shifts/${shift.id}/cash-moves`), {
        amountMinor: -500,
        reason: 'Window cleaner',
        idempotencyKey: randomUUID(),
      });
      const closed = (
        await call('POST', at(`/register-shifts/${shift.id}/close`), { countedCashMinor: 9_650 }, cashier)
      ).json<ShiftReport>();
      expect(closed).toMatchObject({
        sales: 1,
        returns: 2,
        refundsMinor: 400,
        totalMinor: 100,
        cashSalesMinor: 100,
        expectedCashMinor: 9_600,
        differenceMinor: 50,
      });
      expect(closed.tenders).toEqual([
        { method: 'card', count: 1, amountMinor: 0, refundedMinor: 300 },
        { method: 'cash', count: 1, amountMinor: 100, refundedMinor: 100 },
      ]);
    });

    it('give back a line returned one by one exactly what it was sold for, discounts and tax shared alike', async () => {
      const { register, shift } = await openRegister();
      const cup = await product(333);
      // 3 × 3.33 less 1.00 off the cart: 8.99, given back as 3.00, 2.99 and 3.00.
      // Sold by a manager: 10.01 % off is above a cashier's cap.
      const sale = (
        await sell(
          register.id,
          {
            shiftId: shift.id,
            lines: [{ productId: cup.id, quantity: 3 }],
            cartDiscountMinor: 100,
            tenders: [{ method: 'cash', amountMinor: 899 }],
            totalMinor: 899,
          },
          manager,
        )
      ).json<Sale>();
      const refunds: number[] = [];
      for (const refund of [300, 299, 300]) {
        const response = await giveBack(register.id, {
          shiftId: shift.id,
          saleId: sale.id,
          lines: [{ position: 1, quantity: 1, restock: true }],
          reason: 'Too small',
          refunds: [{ method: 'cash', amountMinor: refund }],
          totalMinor: refund,
        });
        expect(response.statusCode, response.body).toBe(201);
        refunds.push(-response.json<Sale>().totalMinor);
      }
      expect(refunds.reduce((a, b) => a + b, 0)).toBe(sale.totalMinor);
      expect((await returnable(sale.receiptNumber)).json<ReturnableSale>().lines[0]!.returnableQuantity).toBe(
        0,
      );
    });

    it('without a receipt are a manager’s to take, at today’s prices', async () => {
      const { register, shift } = await openRegister();
      const lamp = await product(1_250);
      const before = await stockOf(lamp.id);
      const body = {
        shiftId: shift.id,
        saleId: null,
        lines: [{ productId: lamp.id, quantity: 2, restock: true }],
        reason: 'Gift, no receipt',
        refunds: [{ method: 'cash' as const, amountMinor: 2_500 }],
        totalMinor: 2_500,
      };
      const byCashier = await giveBack(register.id, body);
      expect([byCashier.statusCode, byCashier.json().message]).toEqual([
        403,
        'A return without its receipt needs a manager: ask one to take it, or find the sale by its receipt number.',
      ]);
      const byManager = await giveBack(register.id, body, manager);
      expect(byManager.statusCode, byManager.body).toBe(201);
      expect(byManager.json<Sale>()).toMatchObject({
        kind: 'return',
        returnOf: null,
        totalMinor: -2_500,
        lines: [
          { quantity: -2, unitPriceMinor: 1_250, amountMinor: -2_500, returnedPosition: null, restock: true },
        ],
      });
      expect(await stockOf(lamp.id)).toBe(before + 2);
      const noProduct = await giveBack(
        register.id,
        { ...body, lines: [{ quantity: 1, restock: true }] },
        manager,
      );
      expect([noProduct.statusCode, noProduct.json().issues[0].path]).toEqual([
        400,
        'body.lines.0.productId',
      ]);
    });

    it("of another shop's sale or receipt are as unknown as ones that do not exist", async () => {
      const { register, shift } = await openRegister();
      const vase = await product(200);
      const sale = (
        await sell(register.id, {
          shiftId: shift.id,
          lines: [{ productId: vase.id, quantity: 1 }],
          tenders: [{ method: 'cash', amountMinor: 200 }],
          totalMinor: 200,
        })
      ).json<Sale>();
      const theirs = await call(
        'GET',
        `/merchants/${otherShop.slug}/register-receipts/${sale.receiptNumber}`,
        undefined,
        otherShop.owner,
      );
      const none = await call(
        'GET',
        `/merchants/${otherShop.slug}/register-receipts/ZZ-999999`,
        undefined,
        otherShop.owner,
      );
      expect([theirs.statusCode, theirs.json().message]).toEqual([
        404,
        expect.stringContaining('No sale has the receipt'),
      ]);
      expect(none.statusCode).toBe(404);
      const otherRegister = (
        await call(
          'POST',
          `/merchants/${otherShop.slug}/registers`,
          { name: 'Other', receiptPrefix: 'OT' },
          otherShop.owner,
        )
      ).json<Register>();
      const otherShift = (
        await call(
          'POST',
          `/merchants/${otherShop.slug}/registers/${otherRegister.id}/shifts`,
          { openingFloatMinor: 0, idempotencyKey: randomUUID() },
          otherShop.owner,
        )
      ).json<ShiftReport>();
      const returnBody = (saleId: string) => ({
        id: randomUUID(),
        shiftId: otherShift.id,
        saleId,
        lines: [{ position: 1, quantity: 1, restock: true }],
        reason: 'Not ours',
        refunds: [{ method: 'cash', amountMinor: 200 }],
        totalMinor: 200,
      });
      const foreign = await call(
        'POST',
        `/merchants/${otherShop.slug}/registers/${otherRegister.id}/returns`,
        returnBody(sale.id),
        otherShop.owner,
      );
      const unknown = await call(
        'POST',
        `/merchants/${otherShop.slug}/registers/${otherRegister.id}/returns`,
        returnBody(randomUUID()),
        otherShop.owner,
      );
      expect([foreign.statusCode, foreign.json().message]).toEqual([
        unknown.statusCode,
        unknown.json().message,
      ]);
      expect(foreign.statusCode).toBe(404);
      const malformed = await returnable('not a receipt');
      expect([malformed.statusCode, malformed.json().message]).toEqual([
        400,
        expect.stringContaining('A receipt number is its prefix and six digits'),
      ]);
    });
  });
});
