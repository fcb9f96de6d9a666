import type { ShopSettings } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

/** A shop's settings (owner only) and one's own account: name and password. */
describe.each(engines())('settings on %s', (engine) => {
  let testApp: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    admin = await signUpUser(testApp, { admin: true });
  });
  afterAll(() => testApp.close());

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const call = (method: Method, url: string, as: SignedInUser | null, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: as ? { cookie: as.cookie } : {} });
  const settingsOf = async (shop: ShopFixture) => (await call('GET', `/merchants/${shop.slug}/settings`, shop.owner)).json<ShopSettings>();
  const auditActions = async (merchantSlug?: string) =>
    (await call('GET', '/admin/audit-log?limit=200', admin))
      .json<{ entries: { action: string; merchantSlug: string | null; target: { id: string | null }; details: Record<string, unknown> }[] }>()
      .entries.filter((entry) => merchantSlug === undefined || entry.merchantSlug === merchantSlug);
  const order = (shop: ShopFixture, by: SignedInUser) =>
    call('POST', '/orders', by, { merchantSlug: shop.slug, items: [{ productId: shop.productIds[0], quantity: 1 }] });

  describe("a shop's settings", () => {
    it('are changed by the owner, any subset at a time, and the slug stays', async () => {
      const shop = await createShop(testApp);
      const before = await settingsOf(shop);
      expect(before).toMatchObject({ timeZone: 'UTC', address: '', closedAt: null, hasOrders: false, version: 1 });

      const renamed = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, {
        version: 1,
        name: '  Corner Hardware ',
        timeZone: 'europe/paris',
        address: '1 Rue de la Paix\n75002 Paris',
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({
        slug: shop.slug,
        name: 'Corner Hardware',
        timeZone: 'Europe/Paris',
        address: '1 Rue de la Paix\n75002 Paris',
        version: 2,
      });
      // Only the address: every other field stays.
      const moved = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 2, address: '2 Rue de Rivoli' });
      expect(moved.json()).toMatchObject({ name: 'Corner Hardware', timeZone: 'Europe/Paris', address: '2 Rue de Rivoli', version: 3 });
      // Nothing changed is no new version.
      const same = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 3, name: 'Corner Hardware' });
      expect(same.json().version).toBe(3);

      const shown = (await call('GET', `/merchants/${shop.slug}`, null)).json();
      expect(shown).toMatchObject({ slug: shop.slug, name: 'Corner Hardware', timeZone: 'Europe/Paris', address: '2 Rue de Rivoli' });
      const changes = (await auditActions(shop.slug)).filter((entry) => entry.action === 'shop.updated');
      expect(changes.map((entry) => entry.details)).toEqual([
        { address: { from: '1 Rue de la Paix\n75002 Paris', to: '2 Rue de Rivoli' } },
        {
          name: { from: `Shop ${shop.slug}`, to: 'Corner Hardware' },
          timeZone: { from: 'UTC', to: 'Europe/Paris' },
          address: { from: '', to: '1 Rue de la Paix\n75002 Paris' },
        },
      ]);
    });

    it('refuses a change made on settings someone else changed meanwhile, naming what is there now', async () => {
      const shop = await createShop(testApp);
      expect((await call('PATCH', `/merchants/${shop.slug}`, admin, { version: 1, name: 'Named by the admin' })).statusCode).toBe(200);
      const stale = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 1, name: 'Named by the owner', address: '' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().message).toMatch(/^Someone changed these settings after you opened them: reload/);
      expect(stale.json().issues).toEqual([{ path: 'body.name', message: 'Now "Named by the admin".' }]);
      expect((await settingsOf(shop)).name).toBe('Named by the admin');
    });

    it.each([
      ['a time zone that does not exist', { timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone', /is not a time zone: choose one from the list/],
      ['a fixed offset for a time zone', { timeZone: '+01:00' }, 'body.timeZone', /is not a time zone/],
      ['a NUL character in the name', { name: 'Acme\u0000' }, 'body.name', /control characters/],
      ['a NUL character in the address', { address: 'Main St\u0000' }, 'body.address', /control characters/],
      ['a NUL character in the description', { description: '\u0000' }, 'body.description', /control characters/],
      ['an empty name', { name: '   ' }, 'body.name', /The name is required/],
      ['a name too long', { name: 'n'.repeat(201) }, 'body.name', /The name is too long: 200 characters at most/],
      ['an address too long', { address: 'a'.repeat(501) }, 'body.address', /The address is too long: 500 characters at most/],
      ['a currency that is no code', { currency: 'euro' }, 'body.currency', /ISO 4217/],
      ['a negative over-receipt tolerance', { overReceiptTolerancePercent: -1 }, 'body.overReceiptTolerancePercent', /cannot be negative/],
      ['an over-receipt tolerance above 100 %', { overReceiptTolerancePercent: 101 }, 'body.overReceiptTolerancePercent', /at most 100 %/],
      ['a fractional over-receipt tolerance', { overReceiptTolerancePercent: 2.5 }, 'body.overReceiptTolerancePercent', /whole number of per cent/],
    ])('refuses %s with 400 and changes nothing', async (_, change, path, message) => {
      const shop = await createShop(testApp);
      const response = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 1, ...change });
      expect(response.statusCode).toBe(400);
      const issue = response.json().issues.find((candidate: { path: string }) => candidate.path === path);
      expect(issue?.message).toMatch(message);
      expect((await settingsOf(shop)).version).toBe(1);
    });

    it("is the owner's: staff get 403, anyone else the 404 of a shop that does not exist", async () => {
      const shop = await createShop(testApp);
      const other = await createShop(testApp);
      const manager = await signUpUser(testApp);
      const cashier = await signUpUser(testApp);
      for (const [person, role] of [[manager, 'manager'], [cashier, 'cashier']] as const) {
        await call('POST', `/merchants/${shop.slug}/staff`, shop.owner, { email: person.email, role });
        const refused = await call('PATCH', `/merchants/${shop.slug}`, person, { version: 1, name: 'Mine now' });
        expect(refused.statusCode).toBe(403);
        expect(refused.json().message).toMatch(new RegExp(`a ${role} may not change the shop's settings`));
        expect((await call('PUT', `/merchants/${shop.slug}/closed`, person, { confirmName: `Shop ${shop.slug}` })).statusCode).toBe(403);
      }
      const unknown = await call('PATCH', '/merchants/no-such-shop', other.owner, { version: 1, name: 'Mine now' });
      const foreign = await call('PATCH', `/merchants/${shop.slug}`, other.owner, { version: 1, name: 'Mine now' });
      expect(unknown.statusCode).toBe(404);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().message.replace(shop.slug, 'no-such-shop')).toBe(unknown.json().message);
      expect((await call('GET', `/merchants/${shop.slug}/settings`, other.owner)).statusCode).toBe(404);
      expect((await call('PUT', `/merchants/${shop.slug}/closed`, other.owner, { confirmName: `Shop ${shop.slug}` })).statusCode).toBe(404);
      expect((await settingsOf(shop)).name).toBe(`Shop ${shop.slug}`);
    });

    it('changes the currency only while the shop has taken no orders, keeping the amounts of its prices', async () => {
      const shop = await createShop(testApp); // prices 1.00, 2.00, 3.00 EUR
      const prices = async () =>
        (await call('GET', `/merchants/${shop.slug}/products`, null)).json<{ products: { priceMinor: number }[] }>().products
          .map((product) => product.priceMinor)
          .sort((a, b) => a - b);
      const toYen = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 1, currency: 'JPY' });
      expect(toYen.json()).toMatchObject({ currency: 'JPY', version: 2 });
      expect(await prices()).toEqual([1, 2, 3]);
      const toEuro = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 2, currency: 'EUR' });
      expect(toEuro.json()).toMatchObject({ currency: 'EUR', version: 3 });
      expect(await prices()).toEqual([100, 200, 300]);

      // 1.50 EUR has no amount in yen.
      await call('PATCH', `/merchants/${shop.slug}/products/${shop.productIds[0]}`, shop.owner, { priceMinor: 150, version: 1 });
      const fraction = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 3, currency: 'JPY' });
      expect(fraction.statusCode).toBe(409);
      expect(fraction.json().message).toMatch(/JPY has no amounts as small as €1\.50 \(Product 0\): round the prices/);

      const customer = await signUpUser(testApp);
      expect((await order(shop, customer)).statusCode).toBe(201);
      expect((await settingsOf(shop)).hasOrders).toBe(true);
      const fixed = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 3, currency: 'USD' });
      expect(fixed.statusCode).toBe(409);
      expect(fixed.json().message).toMatch(/The currency cannot change any more: this shop has taken orders, whose amounts are in EUR/);
      expect((await settingsOf(shop)).currency).toBe('EUR');
      // The same currency again is no change, and other fields still change.
      const renamed = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 3, currency: 'EUR', name: 'Still EUR' });
      expect(renamed.json()).toMatchObject({ currency: 'EUR', name: 'Still EUR' });
    });

    it.runIf(engine === 'postgres')('never leaves an order in the old currency when the currency changes while orders are placed', async () => {
      const customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
      for (let round = 0; round < 3; round += 1) {
        const shop = await createShop(testApp, { stock: 1000 });
        const placing = Array.from({ length: 12 }, (_, i) => order(shop, customers[i % customers.length]!));
        const change = call('PATCH', `/merchants/${shop.slug}`, shop.owner, { version: 1, currency: 'JPY' });
        const [changed, ...placed] = await Promise.all([change, ...placing]);
        expect(placed.every((response) => response.statusCode === 201)).toBe(true);
        const { db } = testApp.database;
        const merchant = await db.selectFrom('merchants').select(['id', 'currency']).where('slug', '=', shop.slug).executeTakeFirstOrThrow();
        const lines = await db
          .selectFrom('order_items')
          .innerJoin('orders', 'orders.id', 'order_items.order_id')
          .innerJoin('products', 'products.id', 'order_items.product_id')
          .select(['order_items.unit_price_minor', 'products.price_minor'])
          .where('orders.merchant_id', '=', merchant.id)
          .execute();
        if (changed.statusCode === 200) {
          // Changed: every order came after, at the prices in yen.
          expect(merchant.currency).toBe('JPY');
          expect(lines.every((line) => Number(line.unit_price_minor) === Number(line.price_minor))).toBe(true);
          expect(lines.every((line) => Number(line.unit_price_minor) < 100)).toBe(true);
        } else {
          expect(changed.statusCode).toBe(409);
          expect(merchant.currency).toBe('EUR');
          expect(lines.every((line) => Number(line.unit_price_minor) >= 100)).toBe(true);
        }
      }
    });

    it('closes on its name typed again: unlisted, no new orders, history and back office kept; and reopens', async () => {
      const shop = await createShop(testApp);
      const customer = await signUpUser(testApp);
      const earlier = (await order(shop, customer)).json().id as string;

      const mistyped = await call('PUT', `/merchants/${shop.slug}/closed`, shop.owner, { confirmName: 'Shop' });
      expect(mistyped.statusCode).toBe(400);
      expect(mistyped.json().message).toBe(`To close the shop, type its name exactly as it is: "Shop ${shop.slug}".`);
      expect((await settingsOf(shop)).closedAt).toBeNull();

      const closed = await call('PUT', `/merchants/${shop.slug}/closed`, shop.owner, { confirmName: `Shop ${shop.slug}` });
      expect(closed.statusCode).toBe(200);
      expect(closed.json().closedAt).toEqual(expect.any(String));
      expect(closed.json().closedBy).toMatchObject({ id: shop.owner.id });
      // Not a change of what the settings form edits: a form opened before can still save.
      expect(closed.json().version).toBe(1);
      const listed = (await call('GET', '/merchants', null)).json<{ merchants: { slug: string }[] }>().merchants.map((m) => m.slug);
      expect(listed).not.toContain(shop.slug);
      expect((await call('GET', `/merchants/${shop.slug}`, null)).json().closedAt).toEqual(closed.json().closedAt);

      const refused = await order(shop, customer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toBe(`Shop ${shop.slug} has closed and takes no new orders.`);
      // Its history: the customer's order, the back office's list and order page, and dispatching it.
      expect((await call('GET', `/orders/${earlier}`, customer)).statusCode).toBe(200);
      const orders = (await call('GET', `/merchants/${shop.slug}/orders`, shop.owner)).json<{ orders: { id: string }[] }>().orders;
      expect(orders.map((o) => o.id)).toEqual([earlier]);
      expect((await call('POST', `/merchants/${shop.slug}/orders/${earlier}/dispatch`, shop.owner)).statusCode).toBe(200);
      // Closing again changes nothing.
      const again = await call('PUT', `/merchants/${shop.slug}/closed`, shop.owner, { confirmName: `Shop ${shop.slug}` });
      expect(again.json().closedAt).toBe(closed.json().closedAt);

      const reopened = await call('DELETE', `/merchants/${shop.slug}/closed`, shop.owner);
      expect(reopened.json()).toMatchObject({ closedAt: null, closedBy: null });
      expect((await call('GET', '/merchants', null)).json<{ merchants: { slug: string }[] }>().merchants.map((m) => m.slug)).toContain(shop.slug);
      expect((await order(shop, customer)).statusCode).toBe(201);
      expect((await auditActions(shop.slug)).map((entry) => entry.action).filter((action) => action.startsWith('shop.'))).toEqual([
        'shop.reopened',
        'shop.closed',
      ]);
    });
  });

  describe('one’s own account', () => {
    const PASSWORD = 'correct horse battery';
    const signIn = (email: string, password: string) => testApp.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
    const sessionCookie = (response: { cookies: { name: string; value: string }[] }) =>
      `myb_session=${response.cookies.find((cookie) => cookie.name === 'myb_session')!.value}`;
    const signedInAs = async (cookie: string) =>
      (await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).statusCode;

    it('changes its name, and refuses an empty, over-long or NUL-holding one', async () => {
      const person = await signUpUser(testApp);
      const renamed = await call('PATCH', '/me/account', person, { name: ' Ada Lovelace ' });
      expect(renamed.json()).toEqual({ id: person.id, email: person.email, name: 'Ada Lovelace', hasPassword: true });
      expect((await call('GET', '/auth/session', person)).json().user.name).toBe('Ada Lovelace');
      const entry = (await auditActions()).find((candidate) => candidate.action === 'account.renamed' && candidate.target.id === person.id);
      expect(entry?.details).toEqual({ from: expect.stringMatching(/^User \d+$/), to: 'Ada Lovelace' });
      for (const [name, message] of [
        ['', /Your name is required/],
        ['x'.repeat(201), /Your name is too long: 200 characters at most/],
        ['Ada\u0000', /control characters/],
      ] as const) {
        const refused = await call('PATCH', '/me/account', person, { name });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().issues[0].message).toMatch(message);
      }
      expect((await call('GET', '/me/account', person)).json().name).toBe('Ada Lovelace');
    });

    it('changes its password with the current one, and signs out every other session', async () => {
      const person = await signUpUser(testApp);
      const elsewhere = sessionCookie(await signIn(person.email, PASSWORD));
      const wrong = await call('PUT', '/me/account/password', person, { currentPassword: 'not my password', newPassword: 'a brand new secret' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().issues).toEqual([{ path: 'body.currentPassword', message: 'This is not your current password.' }]);
      expect(await signedInAs(elsewhere)).toBe(200);
      for (const [newPassword, message] of [
        ['short', /too short: 8 characters/],
        ['password123', /too common/],
        [person.email, /must not be your e-mail address/],
      ] as const) {
        const weak = await call('PUT', '/me/account/password', person, { currentPassword: PASSWORD, newPassword });
        expect(weak.statusCode).toBe(400);
        expect(weak.json().issues.find((issue: { path: string }) => issue.path === 'body.newPassword')?.message).toMatch(message);
      }
      expect((await signIn(person.email, PASSWORD)).statusCode).toBe(200);

      const changed = await call('PUT', '/me/account/password', person, { currentPassword: PASSWORD, newPassword: 'a brand new secret' });
      expect(changed.statusCode).toBe(204);
      expect(await signedInAs(person.cookie)).toBe(200);
      expect(await signedInAs(elsewhere)).toBe(401);
      expect((await signIn(person.email, PASSWORD)).statusCode).toBe(401);
      expect((await signIn(person.email, 'a brand new secret')).statusCode).toBe(200);
      const entry = (await auditActions()).find((candidate) => candidate.action === 'account.password-changed' && candidate.target.id === person.id);
      expect(entry?.details).toEqual({ otherSessionsSignedOut: 2 });
    });

    it('sends an account made through another service, which has no password, to the e-mailed link', async () => {
      const person = await signUpUser(testApp);
      await testApp.database.db.updateTable('users').set({ password_hash: null }).where('id', '=', person.id).execute();
      expect((await call('GET', '/me/account', person)).json().hasPassword).toBe(false);
      const refused = await call('PUT', '/me/account/password', person, { currentPassword: 'anything', newPassword: 'a brand new secret' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toMatch(/^This account has no password yet: .* ask for a link by e-mail/);
      expect((await signIn(person.email, 'a brand new secret')).statusCode).toBe(401);
    });
  });
});
