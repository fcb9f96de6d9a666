import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

describe.each(engines())('API tokens on %s', (engine) => {
  let testApp: TestApp;
  let shopA: ShopFixture;
  let shopB: ShopFixture;
  let admin: SignedInUser;

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const withCookie = (method: Method, url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: { cookie: as.cookie } });
  const withToken = (method: Method, url: string, token: string, headers: Record<string, string> = {}, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: { authorization: `Bearer ${token}`, ...headers } });
  const createToken = async (role: 'manager' | 'cashier', as = shopA.owner) => {
    const response = await withCookie('POST', `/merchants/${shopA.slug}/api-tokens`, as, { name: `${role} script`, role });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; token: string; role: string; lastUsedAt: string | null }>();
  };
  const placeOrder = async (shop: ShopFixture) => {
    const customer = await signUpUser(testApp);
    return (
      await withCookie('POST', '/orders', customer, { merchantSlug: shop.slug, items: [{ productId: shop.productIds[0], quantity: 1 }] })
    ).json<{ id: string }>().id;
  };

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shopA = await createShop(testApp);
    shopB = await createShop(testApp);
    admin = await signUpUser(testApp, { admin: true });
  });
  afterAll(() => testApp.close());

  it('shows the token once and keeps only its hash', async () => {
    const created = await createToken('cashier');
    expect(created.token).toMatch(/^myb_api_[\w-]{43}$/);
    const list = await withCookie('GET', `/merchants/${shopA.slug}/api-tokens`, shopA.owner);
    const listed = list.json().tokens.find((t: { id: string }) => t.id === created.id);
    expect(listed).toMatchObject({ name: 'cashier script', role: 'cashier', createdBy: { id: shopA.owner.id } });
    expect(JSON.stringify(list.json())).not.toContain(created.token);
    const rows = await testApp.database.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(rows.some((row) => row.token_hash.includes(created.token) || created.token.includes(row.token_hash))).toBe(false);
  });

  it("acts in its own shop with its role's permissions, and nowhere else", async () => {
    const { token, id } = await createToken('cashier');
    const orderId = await placeOrder(shopA);
    expect((await withToken('GET', `/merchants/${shopA.slug}/orders`, token)).statusCode).toBe(200);
    // A script is not a browser: no cross-site check applies to a Bearer request.
    const dispatched = await withToken('POST', `/merchants/${shopA.slug}/orders/${orderId}/dispatch`, token, { origin: 'https://elsewhere.example' });
    expect(dispatched.statusCode).toBe(200);
    // A cashier reads the catalogue (the counter needs stock) and may not change it.
    expect((await withToken('GET', `/merchants/${shopA.slug}/catalogue`, token)).statusCode).toBe(200);
    expect((await withToken('POST', `/merchants/${shopA.slug}/categories`, token, {}, { name: 'Not allowed' })).json().message).toBe(
      "a cashier may not change the shop's catalogue",
    );
    const foreign = await withToken('GET', `/merchants/${shopB.slug}/orders`, token);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().message).toBe(`this API token is not for the shop "${shopB.slug}"`);
    for (const [method, url] of [
      ['GET', '/orders'],
      ['GET', '/auth/sessions'],
      ['GET', '/me/merchants'],
      ['GET', '/admin/users'],
      ['GET', `/merchants/${shopA.slug}/staff`],
      ['GET', `/merchants/${shopA.slug}/api-tokens`],
    ] as const) {
      expect((await withToken(method, url, token)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await withToken('POST', '/orders', token, {}, { merchantSlug: shopA.slug, items: [{ productId: shopA.productIds[0], quantity: 1 }] })).statusCode).toBe(403);
    const list = await withCookie('GET', `/merchants/${shopA.slug}/api-tokens`, shopA.owner);
    expect(list.json().tokens.find((t: { id: string }) => t.id === id).lastUsedAt).not.toBeNull();
  });

  it('a manager token runs the catalogue but cannot manage staff or tokens', async () => {
    const { token } = await createToken('manager');
    expect((await withToken('GET', `/merchants/${shopA.slug}/catalogue`, token)).statusCode).toBe(200);
    expect((await withToken('POST', `/merchants/${shopA.slug}/products/${shopA.productIds[1]}/stock-adjustments`, token, {}, { change: 3, reason: 'received' })).statusCode).toBe(201);
    expect((await withToken('POST', `/merchants/${shopA.slug}/api-tokens`, token, {}, { name: 'x', role: 'manager' })).statusCode).toBe(403);
  });

  it('only the owner or an admin creates tokens; revoking one stops it at once, and both are in the audit log', async () => {
    const manager = await signUpUser(testApp);
    await withCookie('POST', `/merchants/${shopA.slug}/staff`, shopA.owner, { email: manager.email, role: 'manager' });
    expect((await withCookie('POST', `/merchants/${shopA.slug}/api-tokens`, manager, { name: 'x', role: 'cashier' })).statusCode).toBe(403);
    expect((await withCookie('POST', `/merchants/${shopA.slug}/api-tokens`, shopA.owner, { name: 'x', role: 'owner' })).statusCode).toBe(400);
    const { token, id } = await createToken('cashier', admin);
    expect((await withToken('GET', `/merchants/${shopA.slug}/orders`, token)).statusCode).toBe(200);
    expect((await withCookie('DELETE', `/merchants/${shopA.slug}/api-tokens/${id}`, shopA.owner)).statusCode).toBe(204);
    expect((await withToken('GET', `/merchants/${shopA.slug}/orders`, token)).statusCode).toBe(401);
    expect((await withCookie('DELETE', `/merchants/${shopA.slug}/api-tokens/${id}`, shopA.owner)).statusCode).toBe(404);
    const log = (await withCookie('GET', '/admin/audit-log', admin)).json().entries;
    expect(log[0]).toMatchObject({ action: 'token.revoked', actor: { id: shopA.owner.id }, merchantSlug: shopA.slug });
    expect(log[1]).toMatchObject({ action: 'token.created', actor: { id: admin.id }, details: { role: 'cashier' } });
  });

  it("refuses an unknown token, and a disabled creator's tokens", async () => {
    expect((await withToken('GET', `/merchants/${shopA.slug}/orders`, 'myb_api_not-a-real-one')).statusCode).toBe(401);
    expect((await withToken('GET', `/merchants/${shopA.slug}/orders`, 'something-else')).statusCode).toBe(401);
    const { token } = await createToken('cashier');
    await withCookie('PUT', `/admin/users/${shopA.owner.id}/disabled`, admin);
    expect((await withToken('GET', `/merchants/${shopA.slug}/orders`, token)).statusCode).toBe(401);
  });
});
