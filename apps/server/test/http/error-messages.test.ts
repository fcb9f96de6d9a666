import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

/**
 * Every refusal reads as a sentence a person wrote: a capital letter, what is wrong, what to do, a
 * full stop. Never a validator's own text ("Too big: expected string to have <=200 characters"),
 * never an e-mail address echoed back. Walks real 4xx answers: validation of each kind, Fastify's
 * own refusals, the rate limit, and the modules' own refusals.
 */

const EMAIL_ADDRESS = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;

function expectHouseStyle(label: string, text: string) {
  expect(text, label).toMatch(/^["A-Z]/);
  expect(text, label).toMatch(/[.!?]$/);
  expect(text, label).not.toMatch(/expected|received|<=|>=|Invalid input|Too (big|small)|undefined|NaN/);
  // The example address of a hint is fine; any other would be someone's, echoed back.
  expect(text.replaceAll('name@example.com', ''), label).not.toMatch(EMAIL_ADDRESS);
}

describe('the wording of refusals', () => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let admin: SignedInUser;
  let customer: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp('pglite', { rateLimits: { signIn: { max: 1, timeWindowMs: 60_000 } } });
    shop = await createShop(testApp, { suppliers: 1, products: 1 });
    admin = await signUpUser(testApp, { admin: true });
    customer = await signUpUser(testApp);
  });
  afterAll(() => testApp.close());

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: { as?: SignedInUser; payload?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
  ) =>
    testApp.app.inject({
      method,
      url: `/api/v1${url}`,
      payload: options.payload as never,
      headers: { ...(options.as ? { cookie: options.as.cookie } : {}), ...options.headers },
      remoteAddress: options.remoteAddress,
    });

  /** Checks one answer's status, its message and each of its issues; returns the message. */
  const expectRefusal = (label: string, response: LightMyRequestResponse, status: number): string => {
    expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
    const body = response.json<{ message: string; issues?: { path: string; message: string }[] }>();
    expectHouseStyle(label, body.message);
    for (const issue of body.issues ?? []) {
      expectHouseStyle(`${label} (${issue.path})`, issue.message);
    }
    return body.message;
  };

  const product = (fields: Record<string, unknown>) =>
    call('POST', `/merchants/${shop.slug}/products`, {
      as: shop.owner,
      payload: { sku: `S-${randomUUID().slice(0, 8)}`, name: 'Washers', priceMinor: 50, stock: 1, ...fields },
    });

  it('names the field and the rule when a value is refused', async () => {
    const cases: [string, Promise<LightMyRequestResponse>, string][] = [
      ['a name too long', product({ name: 'x'.repeat(201) }), 'Name is too long: 200 characters at most.'],
      ['a name left empty', product({ name: '  ' }), 'Name is required.'],
      ['a name missing', call('POST', '/merchants', { as: shop.owner, payload: {} }), 'Name is required.'],
      ['a negative stock', product({ stock: -1 }), 'Stock must be 0 or more.'],
      ['a fractional price', product({ priceMinor: 1.5 }), 'Price must be a whole number.'],
      ['a price as text', product({ priceMinor: '12' }), 'Price must be a number.'],
      ['a bad SKU', product({ sku: '-x' }), 'SKU may hold only letters, digits, ".", "_" and "-", and starts with a letter or digit.'],
      ['too many suppliers', product({ supplierIds: Array.from({ length: 51 }, () => randomUUID()) }), 'Suppliers has too many entries: 50 at most.'],
      ['a bad slug', call('POST', '/merchants', { as: shop.owner, payload: { name: 'Shop', slug: 'Not A Slug' } }), 'Slug may hold only lowercase letters, digits and single hyphens, like "bolt-co".'],
      ['a bad currency', call('POST', '/merchants', { as: shop.owner, payload: { name: 'Shop', currency: 'euro' } }), 'Currency must be a three-letter ISO 4217 code, like "EUR".'],
      ['a name with no letters for a slug', call('POST', '/merchants', { as: shop.owner, payload: { name: '!!!' } }), 'The name has no letters or digits to make a slug from: give a slug as well.'],
      ['a bad e-mail address', call('POST', '/auth/sign-up', { payload: { email: 'not-an-address', name: 'Eve', password: 'correct horse battery' } }), 'E-mail address is not valid: write it like name@example.com.'],
      ['a short password', call('POST', '/auth/sign-up', { payload: { email: 'eve@example.com', name: 'Eve', password: 'short' } }), 'Password is too short: 8 characters at least.'],
      ['a bad id in the path', call('GET', `/merchants/${shop.slug}/products/not-an-id`), 'Product is not valid: ids are UUIDs, like 123e4567-e89b-12d3-a456-426614174000.'],
      ['a bad role', call('POST', `/merchants/${shop.slug}/staff`, { as: shop.owner, payload: { email: customer.email, role: 'owner' } }), 'Role must be one of "manager", "cashier".'],
      ['a limit out of range', call('GET', '/admin/audit-log?limit=500', { as: admin }), 'The "limit" parameter must be 200 or less.'],
      ['a bad time', call('GET', '/admin/audit-log?before=yesterday', { as: admin }), 'The "before" parameter is not valid: write a date and time with its offset, like 2026-12-06T09:30:00Z.'],
      ['a control character', product({ name: 'Wash\u0000ers' }), 'Name: text may not contain control characters.'],
      ['nothing to change', call('PATCH', `/merchants/${shop.slug}/products/${shop.productIds[0]}`, { as: shop.owner, payload: { version: 1 } }), 'Nothing to change: name at least one field.'],
    ];
    for (const [label, response, message] of cases) {
      expect(expectRefusal(label, await response, 400), label).toBe(message);
    }
  });

  it("words Fastify's own refusals and unknown addresses the same way", async () => {
    const json = { 'content-type': 'application/json' };
    expectRefusal('malformed JSON', await call('POST', '/auth/sign-in', { payload: '{"email": ', headers: json }), 400);
    expectRefusal('an empty JSON body', await call('POST', '/auth/sign-in', { payload: '', headers: json }), 400);
    expectRefusal('plain text', await call('POST', '/auth/sign-in', { payload: 'hello', headers: { 'content-type': 'text/plain' } }), 415);
    const tooLarge = expectRefusal('a body too large', await call('POST', '/auth/sign-in', { payload: JSON.stringify({ email: 'x'.repeat(300 * 1024) }), headers: json }), 413);
    expect(tooLarge).toBe('The request body is larger than the 256 KB limit.');
    const nowhere = expectRefusal('no route', await call('GET', '/nowhere/near?secret=1'), 404);
    expect(nowhere).not.toMatch(/nowhere|secret/);
  });

  it('words the rate limit, and the refusals of the admin, staff, API token and mail modules', async () => {
    const signIn = () => call('POST', '/auth/sign-in', { payload: { email: customer.email, password: 'wrong password' }, remoteAddress: '192.0.2.99' });
    await signIn();
    expect(expectRefusal('the sign-in limit', await signIn(), 429)).toMatch(/^Too many sign-in attempts for this account: try again in \d+ minutes?\.$/);

    expect(expectRefusal('no session', await call('GET', '/admin/users'), 401)).toBe('Sign in first.');
    expectRefusal('an unknown user', await call('PUT', `/admin/users/${randomUUID()}/roles/merchant`, { as: admin }), 404);
    expectRefusal('an unknown supplier', await call('PUT', `/admin/users/${customer.id}/suppliers/${randomUUID()}`, { as: admin }), 404);
    expect(expectRefusal('removing your own admin role', await call('DELETE', `/admin/users/${admin.id}/roles/admin`, { as: admin }), 409)).toBe(
      'You cannot remove your own admin role: ask another admin to.',
    );
    expectRefusal('disabling yourself', await call('PUT', `/admin/users/${admin.id}/disabled`, { as: admin }), 409);

    const nobody = 'nobody-here@example.com';
    const unknown = expectRefusal('staff without an account', await call('POST', `/merchants/${shop.slug}/staff`, { as: shop.owner, payload: { email: nobody, role: 'cashier' } }), 404);
    expect(unknown).toBe('No account has this e-mail address: ask them to sign up first, then add them.');
    expectRefusal('the owner as staff', await call('POST', `/merchants/${shop.slug}/staff`, { as: shop.owner, payload: { email: shop.owner.email, role: 'cashier' } }), 409);
    expectRefusal('an unknown staff member', await call('DELETE', `/merchants/${shop.slug}/staff/${randomUUID()}`, { as: shop.owner }), 404);
    expectRefusal('an unknown API token', await call('DELETE', `/merchants/${shop.slug}/api-tokens/${randomUUID()}`, { as: shop.owner }), 404);
    expectRefusal('a token name too long', await call('POST', `/merchants/${shop.slug}/api-tokens`, { as: shop.owner, payload: { name: 'x'.repeat(101), role: 'cashier' } }), 400);
    expectRefusal('the mail folder for a customer', await call('GET', '/mail', { as: customer }), 403);
    expectRefusal('a cross-site request', await call('POST', '/merchants', { as: shop.owner, payload: { name: 'X' }, headers: { origin: 'https://evil.example' } }), 403);
  });
});
