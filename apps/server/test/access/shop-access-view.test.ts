import type { MyMerchant } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

/**
 * What the web app asks to decide what to show: who is signed in (without a 401 for nobody), and the
 * shops one may act in with the role one acts as; the same role decides what the server allows.
 */
describe.each(engines())('what the web app is told about access, on %s', (engine) => {
  let testApp: TestApp;
  let shopA: ShopFixture;
  let shopB: ShopFixture;
  let admin: SignedInUser;
  let cashier: SignedInUser;

  const inject = (method: 'GET' | 'POST', url: string, as?: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: as ? { cookie: as.cookie } : {} });

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shopA = await createShop(testApp);
    shopB = await createShop(testApp);
    admin = await signUpUser(testApp, { admin: true });
    cashier = await signUpUser(testApp);
    const added = await inject('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: cashier.email, role: 'cashier' });
    expect(added.statusCode).toBe(200);
  });
  afterAll(() => testApp.close());

  it('answers "who am I" with null for nobody, and with the user for a session', async () => {
    const nobody = await inject('GET', '/auth/me');
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toEqual({ user: null });
    const stale = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'myb_session=not-a-session' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ user: null });
    const me = await inject('GET', '/auth/me', cashier);
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(cashier.email);
  });

  it('lists every shop to an admin, as admin where they do not work, and lets them in', async () => {
    const response = await inject('GET', '/me/merchants', admin);
    expect(response.statusCode).toBe(200);
    const shops = response.json<{ merchants: MyMerchant[] }>().merchants;
    const roleOf = new Map(shops.map((shop) => [shop.slug, shop.role]));
    expect(roleOf.get(shopA.slug)).toBe('admin');
    expect(roleOf.get(shopB.slug)).toBe('admin');
    const all = (await inject('GET', '/merchants')).json<{ merchants: unknown[] }>().merchants;
    expect(shops).toHaveLength(all.length);
    expect((await inject('GET', `/merchants/${shopB.slug}/catalogue`, admin)).statusCode).toBe(200);
    expect((await inject('GET', `/merchants/${shopB.slug}/staff`, admin)).statusCode).toBe(200);
  });

  it('lists to staff only the shops they work at', async () => {
    const shops = (await inject('GET', '/me/merchants', cashier)).json<{ merchants: MyMerchant[] }>().merchants;
    expect(shops.map((shop) => [shop.slug, shop.role])).toEqual([[shopA.slug, 'cashier']]);
  });

  it('lets a cashier read the back-office catalogue, and refuses every change', async () => {
    const catalogue = await inject('GET', `/merchants/${shopA.slug}/catalogue`, cashier);
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.json().products).toHaveLength(3);
    const change = await inject('POST', `/merchants/${shopA.slug}/products`, cashier, { sku: 'C-1', name: 'Not mine', priceMinor: 1, stock: 1 });
    expect(change.statusCode).toBe(403);
    expect((await inject('GET', `/merchants/${shopB.slug}/catalogue`, cashier)).statusCode).toBe(403);
  });
});
