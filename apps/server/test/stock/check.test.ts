import type { StockCheck } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilNextHour } from '../../src/modules/stock/stock-check';
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

describe('the nightly check’s clock', () => {
  it('waits until the next 03:00 UTC, today or tomorrow', () => {
    expect(untilNextHour(new Date('2026-12-06T01:30:00Z'), 3)).toBe(90 * 60_000);
    expect(untilNextHour(new Date('2026-12-06T03:00:00Z'), 3)).toBe(24 * 3_600_000);
    expect(untilNextHour(new Date('2026-12-31T23:00:00Z'), 3)).toBe(4 * 3_600_000);
  });
});

describe.each(engines())("the ledger's check on %s", (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let admin: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, admin] = await Promise.all([createShop(testApp, { suppliers: 1, products: 2 }), signUpUser(testApp, { admin: true })]);
  });
  afterAll(() => closeCheckingStock(testApp));

  const run = () => testApp.app.inject({ method: 'POST', url: '/api/v1/admin/stock-checks', headers: { cookie: admin.cookie } });

  it('runs at an admin’s request, records who ran it, and names a product whose stock was changed behind its movements', async () => {
    const clean = await run();
    expect(clean.statusCode, clean.body).toBe(201);
    expect(clean.json<StockCheck>()).toMatchObject({ trigger: 'admin', checkedBy: { id: admin.id }, products: 2, unbalanced: [] });

    const productId = shop.productIds[1]!;
    // What no route can do: stock written without its movement.
    await sql`UPDATE products SET stock = stock + 3 WHERE id = ${productId}`.execute(testApp.database.db);
    try {
      const found = await run();
      expect(found.json<StockCheck>().unbalanced).toEqual([
        { shop: { slug: shop.slug, name: `Shop ${shop.slug}` }, product: { id: productId, sku: 'SKU-1', name: 'Product 1' }, stock: 13, movements: 10 },
      ]);
    } finally {
      await sql`UPDATE products SET stock = stock - 3 WHERE id = ${productId}`.execute(testApp.database.db);
    }

    const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/admin/stock-checks', headers: { cookie: admin.cookie } });
    const checks = list.json<{ checks: StockCheck[] }>().checks;
    expect(checks.map((check) => check.unbalanced.length)).toEqual([1, 0]);
    expect(checks[0]!.id).not.toBe(checks[1]!.id);
  });

  it('is for admins only', async () => {
    for (const cookie of [shop.owner.cookie, undefined]) {
      const response = await testApp.app.inject({ method: 'POST', url: '/api/v1/admin/stock-checks', headers: cookie ? { cookie } : {} });
      expect(response.statusCode).toBe(cookie ? 403 : 401);
    }
  });
});
