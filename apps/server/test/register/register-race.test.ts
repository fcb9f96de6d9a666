import { randomUUID } from 'node:crypto';
import type { Register, ShiftReport } from '@myb/contracts';
import { hasServices } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

const STOCK = 50;
const REGISTERS = 4;

// PGlite has a single connection and proves nothing about locking: this runs on PostgreSQL only.
describe.skipIf(!hasServices('the register under concurrency', 'postgres'))(
  'the register and online orders racing for one product on PostgreSQL',
  () => {
    let testApp: TestApp;
    let shop: ShopFixture;
    let customers: SignedInUser[];

    beforeAll(async () => {
      testApp = await buildTestApp('postgres');
      shop = await createShop(testApp, { suppliers: 0, products: 1, stock: STOCK });
      customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
    });
    afterAll(() => closeCheckingStock(testApp));

    const call = (url: string, payload: object, as: SignedInUser = shop.owner) =>
      testApp.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });

    it(`sells exactly ${STOCK} when 200 register sales and online orders race for ${STOCK} in stock`, async () => {
      const [productId] = shop.productIds as [string];
      const tills: { register: Register; shift: ShiftReport }[] = [];
      for (let i = 0; i < REGISTERS; i += 1) {
        const register = (
          await call(`/merchants/${shop.slug}/registers`, { name: `Till ${i}`, receiptPrefix: `R${i}` })
        ).json<Register>();
        const shift = (
          await call(`/merchants/${shop.slug}/registers/${register.id}/shifts`, {
            openingFloatMinor: 0,
            idempotencyKey: randomUUID(),
          })
        ).json<ShiftReport>();
        tills.push({ register, shift });
      }
      const attempts = Array.from({ length: 200 }, (_, i) => {
        if (i % 2 === 0) {
          const { register, shift } = tills[(i / 2) % REGISTERS]!;
          return call(`/merchants/${shop.slug}/registers/${register.id}/sales`, {
            id: randomUUID(),
            shiftId: shift.id,
            lines: [{ productId, quantity: 1 }],
            tenders: [{ method: 'cash', amountMinor: 100 }],
            totalMinor: 100,
          }).then((response) => ({ channel: 'register', status: response.statusCode, body: response.body }));
        }
        return call(
          '/orders',
          { merchantSlug: shop.slug, items: [{ productId, quantity: 1 }] },
          customers[i % customers.length],
        ).then((response) => ({ channel: 'online', status: response.statusCode, body: response.body }));
      });
      const answers = await Promise.all(attempts);
      const unexpected = answers.filter((answer) => answer.status !== 201 && answer.status !== 409);
      expect(unexpected).toEqual([]);
      const sold = answers.filter((answer) => answer.status === 201);
      expect(sold).toHaveLength(STOCK);

      const db = testApp.database.db;
      expect(
        (
          await db
            .selectFrom('products')
            .select('stock')
            .where('id', '=', productId)
            .executeTakeFirstOrThrow()
        ).stock,
      ).toBe(0);
      const [registerLines, orderLines] = await Promise.all([
        db.selectFrom('register_sale_lines').select('quantity').where('product_id', '=', productId).execute(),
        db.selectFrom('order_items').select('quantity').where('product_id', '=', productId).execute(),
      ]);
      expect(registerLines.length + orderLines.length).toBe(STOCK);
      expect(registerLines.length).toBe(sold.filter((answer) => answer.channel === 'register').length);
      // Both channels took their turn: neither was shut out by the other's locks.
      expect(registerLines.length).toBeGreaterThan(0);
      expect(orderLines.length).toBeGreaterThan(0);

      // Each register's receipts run 1, 2, 3 … without a gap, however many of its sales were refused.
      for (const { register } of tills) {
        const receipts = (
          await db
            .selectFrom('register_sales')
            .select('receipt_number')
            .where('register_id', '=', register.id)
            .execute()
        )
          .map((row) => Number(row.receipt_number.split('-')[1]))
          .sort((a, b) => a - b);
        expect(receipts).toEqual(receipts.map((_, index) => index + 1));
      }
      // The ledger ran down one by one: balances STOCK − 1 … 0, each once.
      const balances = (
        await db
          .selectFrom('stock_movements')
          .select('balance_after')
          .where('product_id', '=', productId)
          .where('type', 'in', ['sale', 'order'])
          .orderBy('position')
          .execute()
      ).map((row) => row.balance_after);
      expect(balances).toEqual(Array.from({ length: STOCK }, (_, index) => STOCK - 1 - index));
    });
  },
);
