import { randomUUID } from 'node:crypto';
import type { Order } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

describe.each(engines())('roles and tenant isolation on %s', (engine) => {
  let testApp: TestApp;
  let shopA: ShopFixture;
  let shopB: ShopFixture;
  let admin: SignedInUser;
  let customer: SignedInUser;
  let cashier: SignedInUser;
  let manager: SignedInUser;

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const inject = (method: Method, url: string, as?: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: as ? { cookie: as.cookie } : {} });
  const placeOrder = async (shop: ShopFixture) => {
    const response = await inject('POST', '/orders', customer, {
      merchantSlug: shop.slug,
      items: [{ productId: shop.productIds[0], quantity: 1 }],
    });
    expect(response.statusCode).toBe(201);
    return response.json<Order>();
  };

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shopA = await createShop(testApp);
    shopB = await createShop(testApp);
    admin = await signUpUser(testApp, { admin: true });
    customer = await signUpUser(testApp);
    cashier = await signUpUser(testApp);
    manager = await signUpUser(testApp);
    expect((await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: cashier.email, role: 'cashier' })).statusCode).toBe(200);
    expect((await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: manager.email, role: 'manager' })).statusCode).toBe(200);
  });
  afterAll(() => testApp.close());

  describe('shop staff', () => {
    it('lets a cashier see and dispatch orders and read the catalogue, and nothing else', async () => {
      const order = await placeOrder(shopA);
      expect((await inject('GET', `/merchants/${shopA.slug}/orders`, cashier)).statusCode).toBe(200);
      expect((await inject('GET', `/merchants/${shopA.slug}/orders/${order.id}`, cashier)).statusCode).toBe(200);
      expect((await inject('POST', `/merchants/${shopA.slug}/orders/${order.id}/dispatch`, cashier)).statusCode).toBe(200);
      // Reading is not changing: the counter needs to see stock and products.
      expect((await inject('GET', `/merchants/${shopA.slug}/catalogue`, cashier)).statusCode).toBe(200);
      const change = await inject('POST', `/merchants/${shopA.slug}/categories`, cashier, { name: `Cat ${randomUUID()}` });
      expect(change.statusCode).toBe(403);
      expect(change.json().message).toBe("a cashier may not change the shop's catalogue");
      expect((await inject('PATCH', `/merchants/${shopA.slug}/products/${shopA.productIds[0]}`, cashier, { priceMinor: 1, version: 1 })).statusCode).toBe(403);
      expect((await inject('GET', `/merchants/${shopA.slug}/suppliers`, cashier)).statusCode).toBe(403);
      expect((await inject('GET', `/merchants/${shopA.slug}/staff`, cashier)).statusCode).toBe(403);
    });

    it('lets a manager run the catalogue and suppliers, but not the staff', async () => {
      expect((await inject('GET', `/merchants/${shopA.slug}/catalogue`, manager)).statusCode).toBe(200);
      expect((await inject('POST', `/merchants/${shopA.slug}/categories`, manager, { name: `Cat ${randomUUID()}` })).statusCode).toBe(201);
      expect((await inject('GET', `/merchants/${shopA.slug}/suppliers`, manager)).statusCode).toBe(200);
      expect((await inject('GET', `/merchants/${shopA.slug}/orders`, manager)).statusCode).toBe(200);
      const staff = await inject('POST', `/merchants/${shopA.slug}/staff`, manager, { email: customer.email, role: 'manager' });
      expect(staff.statusCode).toBe(403);
      expect(staff.json().message).toBe("a manager may not manage the shop's staff");
    });

    it("keeps staff of shop A out of shop B's back office", async () => {
      const orderB = await placeOrder(shopB);
      for (const person of [cashier, manager, shopA.owner]) {
        for (const [method, url] of [
          ['GET', `/merchants/${shopB.slug}/orders`],
          ['GET', `/merchants/${shopB.slug}/orders/${orderB.id}`],
          ['POST', `/merchants/${shopB.slug}/orders/${orderB.id}/dispatch`],
          ['GET', `/merchants/${shopB.slug}/catalogue`],
          ['GET', `/merchants/${shopB.slug}/staff`],
        ] as const) {
          const response = await inject(method, url, person);
          expect(response.statusCode, `${method} ${url}`).toBe(403);
          expect(response.json().message).toBe(`you do not work at the shop "${shopB.slug}"`);
        }
      }
      // Naming one's own shop with the other shop's order finds nothing.
      expect((await inject('GET', `/merchants/${shopA.slug}/orders/${orderB.id}`, cashier)).statusCode).toBe(404);
      expect((await inject('POST', `/merchants/${shopA.slug}/orders/${orderB.id}/dispatch`, cashier)).statusCode).toBe(404);
    });

    it('lists the shops one works at with the role there', async () => {
      const mine = await inject('GET', '/me/merchants', cashier);
      expect(mine.json().merchants).toEqual([expect.objectContaining({ slug: shopA.slug, role: 'cashier' })]);
      expect((await inject('GET', '/me/merchants', shopA.owner)).json().merchants).toEqual([
        expect.objectContaining({ slug: shopA.slug, role: 'owner' }),
      ]);
      expect((await inject('GET', '/auth/session', cashier)).json().user.roles).toEqual(['customer', 'staff']);
    });

    it('lets the owner list, re-role and remove staff, with messages for the impossible', async () => {
      const list = await inject('GET', `/merchants/${shopA.slug}/staff`, shopA.owner);
      expect(list.json().staff.map((s: { role: string }) => s.role).sort()).toEqual(['cashier', 'manager', 'owner']);
      const temp = await signUpUser(testApp);
      expect((await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: temp.email, role: 'cashier' })).json().role).toBe(
        'cashier',
      );
      expect((await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: temp.email, role: 'manager' })).json().role).toBe(
        'manager',
      );
      expect((await inject('GET', `/merchants/${shopA.slug}/catalogue`, temp)).statusCode).toBe(200);
      expect((await inject('DELETE', `/merchants/${shopA.slug}/staff/${temp.id}`, shopA.owner)).statusCode).toBe(204);
      expect((await inject('GET', `/merchants/${shopA.slug}/orders`, temp)).statusCode).toBe(403);
      expect((await inject('DELETE', `/merchants/${shopA.slug}/staff/${temp.id}`, shopA.owner)).statusCode).toBe(404);
      const unknown = await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: 'nobody@example.com', role: 'cashier' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toMatch(/sign up first/);
      expect((await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: shopA.owner.email, role: 'cashier' })).statusCode).toBe(409);
      expect((await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: temp.email, role: 'owner' })).statusCode).toBe(400);
      // An admin may manage any shop's staff.
      expect((await inject('GET', `/merchants/${shopB.slug}/staff`, admin)).statusCode).toBe(200);
    });
  });

  describe('suppliers', () => {
    it("lets a supplier's people read what was sent to their supplier only", async () => {
      const person = await signUpUser(testApp);
      expect((await inject('GET', '/me/supplier-messages', person)).statusCode).toBe(403);
      const linked = await inject('PUT', `/admin/users/${person.id}/suppliers/${shopA.supplierIds[0]}`, admin);
      expect(linked.statusCode).toBe(200);
      expect(linked.json().user.roles).toContain('supplier');
      expect(linked.json().user.suppliers).toEqual([expect.objectContaining({ id: shopA.supplierIds[0], merchantSlug: shopA.slug })]);

      // Product 0 is supplied by supplier 0, product 1 by supplier 1.
      const order = await inject('POST', '/orders', customer, {
        merchantSlug: shopA.slug,
        items: [
          { productId: shopA.productIds[0], quantity: 1 },
          { productId: shopA.productIds[1], quantity: 1 },
        ],
      });
      await inject('POST', `/merchants/${shopA.slug}/orders/${order.json().id}/dispatch`, shopA.owner);
      const messages = (await inject('GET', '/me/supplier-messages', person)).json().messages;
      expect(messages.length).toBeGreaterThanOrEqual(1);
      expect(messages.every((m: { supplier: { id: string } }) => m.supplier.id === shopA.supplierIds[0])).toBe(true);
      expect(messages[0].payload).toMatchObject({ type: 'order.dispatched', order: { id: order.json().id } });
      // The supplier role opens no back office.
      expect((await inject('GET', `/merchants/${shopA.slug}/orders`, person)).statusCode).toBe(403);

      expect((await inject('DELETE', `/admin/users/${person.id}/suppliers/${shopA.supplierIds[0]}`, admin)).statusCode).toBe(200);
      expect((await inject('GET', '/me/supplier-messages', person)).statusCode).toBe(403);
      expect((await inject('PUT', `/admin/users/${person.id}/suppliers/${randomUUID()}`, admin)).statusCode).toBe(404);
    });
  });

  describe('the admin portal', () => {
    it('disables a user: every session ends and sign-in is refused, until enabled again', async () => {
      const user = await signUpUser(testApp);
      expect((await inject('PUT', `/admin/users/${user.id}/disabled`, customer)).statusCode).toBe(403);
      const disabled = await inject('PUT', `/admin/users/${user.id}/disabled`, admin);
      expect(disabled.json().user.disabled).toBe(true);
      expect((await inject('GET', '/auth/session', user)).statusCode).toBe(401);
      const signIn = await inject('POST', '/auth/sign-in', undefined, { email: user.email, password: 'correct horse battery' });
      expect(signIn.statusCode).toBe(403);
      expect(signIn.json().message).toBe('this account is disabled; ask an administrator');
      // A wrong password still says only that: disabling tells nothing to someone without the password.
      expect((await inject('POST', '/auth/sign-in', undefined, { email: user.email, password: 'wrong password' })).statusCode).toBe(401);
      expect((await inject('DELETE', `/admin/users/${user.id}/disabled`, admin)).json().user.disabled).toBe(false);
      expect((await inject('POST', '/auth/sign-in', undefined, { email: user.email, password: 'correct horse battery' })).statusCode).toBe(200);
      const self = await inject('PUT', `/admin/users/${admin.id}/disabled`, admin);
      expect(self.statusCode).toBe(409);
    });

    it('grants and removes the admin role, never its own', async () => {
      const user = await signUpUser(testApp);
      expect((await inject('PUT', `/admin/users/${user.id}/roles/admin`, admin)).json().user.roles).toContain('admin');
      expect((await inject('GET', '/admin/users', user)).statusCode).toBe(200);
      expect((await inject('DELETE', `/admin/users/${user.id}/roles/admin`, admin)).json().user.roles).not.toContain('admin');
      expect((await inject('GET', '/admin/users', user)).statusCode).toBe(403);
      const self = await inject('DELETE', `/admin/users/${admin.id}/roles/admin`, admin);
      expect(self.statusCode).toBe(409);
      expect(self.json().message).toMatch(/own admin role/);
    });

    it('logs every change of access with who, what, when and whom; refusals and no-ops log nothing', async () => {
      const user = await signUpUser(testApp);
      const before = (await inject('GET', '/admin/audit-log?limit=200', admin)).json().entries.length;
      await inject('PUT', `/admin/users/${user.id}/roles/merchant`, admin);
      await inject('PUT', `/admin/users/${user.id}/roles/merchant`, admin);
      await inject('DELETE', `/admin/users/${admin.id}/roles/admin`, admin);
      await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: user.email, role: 'cashier' });
      const log = await inject('GET', '/admin/audit-log?limit=200', admin);
      expect(log.statusCode).toBe(200);
      const entries = log.json().entries;
      expect(entries.length - before).toBe(2);
      expect(entries[0]).toMatchObject({
        actor: { id: shopA.owner.id, email: shopA.owner.email },
        action: 'staff.added',
        target: { id: user.id, email: user.email },
        merchantSlug: shopA.slug,
        details: { role: 'cashier' },
      });
      expect(entries[1]).toMatchObject({
        actor: { id: admin.id, email: admin.email },
        action: 'role.granted',
        target: { id: user.id },
        details: { role: 'merchant' },
      });
      expect(Date.parse(entries[1].at)).toBeLessThanOrEqual(Date.parse(entries[0].at));
      const page = await inject('GET', `/admin/audit-log?limit=1&before=${encodeURIComponent(entries[0].at)}`, admin);
      expect(page.json().entries).toHaveLength(1);
      expect((await inject('GET', '/admin/audit-log', shopA.owner)).statusCode).toBe(403);
      expect((await inject('GET', '/admin/audit-log?limit=0', admin)).statusCode).toBe(400);
    });
  });

  describe('request bodies cannot set what they should not', () => {
    it('ignores an owner, a price, a total or a status sent by the client', async () => {
      const merchant = await signUpUser(testApp, { merchant: true });
      const shop = await inject('POST', '/merchants', merchant, { name: 'Mine', ownerId: admin.id, owner_id: admin.id });
      expect(shop.statusCode).toBe(201);
      const row = await testApp.database.db.selectFrom('merchants').select('owner_id').where('id', '=', shop.json().id).executeTakeFirstOrThrow();
      expect(row.owner_id).toBe(merchant.id);

      const order = await inject('POST', '/orders', customer, {
        merchantSlug: shopA.slug,
        status: 'closed',
        totalMinor: 1,
        customerId: admin.id,
        items: [{ productId: shopA.productIds[2], quantity: 1, priceMinor: 1, unitPriceMinor: 1 }],
      });
      expect(order.statusCode).toBe(201);
      expect(order.json()).toMatchObject({ status: 'open', totalMinor: 300, customer: { id: customer.id } });
      expect(order.json().items[0].unitPriceMinor).toBe(300);

      const signUp = await inject('POST', '/auth/sign-up', undefined, {
        email: `sneaky-${randomUUID()}@example.com`,
        name: 'Sneaky',
        password: 'correct horse battery',
        roles: ['admin'],
        isAdmin: true,
        is_admin: true,
      });
      expect(signUp.json().user.roles).toEqual(['customer']);

      const patched = await inject('PATCH', `/merchants/${shopA.slug}/products/${shopA.productIds[2]}`, shopA.owner, {
        name: 'Renamed',
        version: 1,
        merchantId: shopB.slug,
        merchant_id: randomUUID(),
      });
      expect(patched.statusCode).toBe(200);
      const product = await testApp.database.db.selectFrom('products').select('merchant_id').where('id', '=', shopA.productIds[2]!).executeTakeFirstOrThrow();
      const merchantA = await testApp.database.db.selectFrom('merchants').select('id').where('slug', '=', shopA.slug).executeTakeFirstOrThrow();
      expect(product.merchant_id).toBe(merchantA.id);
    });
  });
});
