import { randomUUID } from 'node:crypto';
import { startOidcProvider, type LoopbackOidcProvider } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../src/http/route-list';
import { createAccessRepository } from '../../src/modules/access/access.repository';
import { createAuthService } from '../../src/modules/auth/auth.service';
import { createSessionsRepository } from '../../src/modules/auth/sessions.repository';
import { hashToken, newToken } from '../../src/modules/auth/tokens';
import { createUsersRepository, toUser } from '../../src/modules/auth/users.repository';
import { createSupplierInvitationsRepository } from '../../src/modules/supplier-invitations/supplier-invitations.repository';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

/**
 * Every route the server declares × every kind of person × a resource of shop A or of shop B
 * → the status expected. The route list comes from the server itself, so a route added without a
 * row here fails the first test. For routes that belong to no shop, "A" means the person's own
 * resource (their session, their order) and "B" somebody else's.
 */
const PERSONAS = ['anonymous', 'customer', 'cashierA', 'managerA', 'ownerA', 'ownerB', 'supplier', 'admin'] as const;
type Persona = (typeof PERSONAS)[number];
type Target = 'A' | 'B';
type Statuses = readonly [number, number, number, number, number, number, number, number];

interface Request {
  url: string;
  payload?: object;
  /** Routes that end or replace the session get a session of their own, so the person's main one survives. */
  session?: 'fresh';
  /** A stream that answers and never ends (the live stream): its status is read, then it is let go. */
  stream?: true;
}

interface Context {
  shop: Record<Target, ShopFixture>;
  people: Record<Exclude<Persona, 'anonymous'>, SignedInUser>;
  /** A user whose roles the admin routes toggle back and forth (and whose sessions disabling ends). */
  target: SignedInUser;
  /** A customer nobody touches, whose orders are "somebody else's". */
  stranger: SignedInUser;
  fresh: {
    category(target: Target): Promise<string>;
    product(target: Target): Promise<string>;
    supplier(target: Target): Promise<string>;
    order(target: Target, by?: SignedInUser): Promise<string>;
    staffMember(target: Target): Promise<string>;
    apiToken(target: Target): Promise<string>;
    /** The id of a message to a supplier, from an order just placed and dispatched. */
    event(target: Target): Promise<string>;
    /** A stock count of the shop's first product, still counting. */
    stockCount(target: Target): Promise<string>;
    /** A register of the shop, closed. */
    register(target: Target): Promise<string>;
    /** A register just opened, and its shift. */
    openRegister(target: Target): Promise<{ registerId: string; shiftId: string }>;
    /** A sale just made at a register. */
    sale(target: Target): Promise<string>;
    /** The receipt number of a sale just made. */
    receipt(target: Target): Promise<string>;
    session(persona: Persona): Promise<{ cookie: string; id: string }>;
    /** The version of the shop's settings now, which a change must name. */
    shopVersion(target: Target): Promise<number>;
    taxRate(target: Target): Promise<string>;
    /** A customer of the shop, with 10.00 of store credit. */
    customer(target: Target): Promise<string>;
    /**
     * A purchase order of the shop to its first supplier (or the one of `supplierIndex`: the second's has
     * a backup supplier, the first) for 2 of its first product: a draft, sent, or with 1 received.
     */
    purchaseOrder(target: Target, stage: 'draft' | 'sent' | 'partly received', supplierIndex?: number): Promise<string>;
    /** A product just made, with a reorder rule. */
    reorderRule(target: Target): Promise<string>;
    /** The token of the e-mailed link of a purchase order just sent (its `acknowledgeUrl`). */
    purchaseOrderLink(target: Target): Promise<string>;
    /** The message to the shop's first supplier (asked to acknowledge) of an order just dispatched, and its link's token. */
    orderMessage(target: Target): Promise<{ eventId: string; token: string }>;
    /**
     * A pending invitation of `email` to a supplier of the shop just made, with its link's token. The
     * suppliers earlier calls made are deleted first, so accepting one gives nobody a lasting supplier role.
     */
    supplierInvitation(target: Target, email: string): Promise<{ supplierId: string; invitationId: string; token: string }>;
    /**
     * A time entry of the shop's owner (whose entry left open before is closed first): still clocked in
     * (on a break, with `onBreak`), or clocked an hour, at a time of its own, in autumn 2026.
     */
    timeEntry(target: Target, state: 'open' | 'on a break' | 'closed'): Promise<{ id: string; clockIn: Date }>;
  };
}

interface Row {
  request: (context: Context, target: Target, persona: Persona) => Request | Promise<Request>;
  expect: Record<Target, Statuses>;
}

//                   anon cust cashA mgrA ownA ownB supp admin
const everyone = (status: number): Statuses => [status, status, status, status, status, status, status, status];
const signedIn = (status: number): Statuses => [401, status, status, status, status, status, status, status];
const same = (statuses: Statuses) => ({ A: statuses, B: statuses });
const adminOnly = (s: number): Statuses => [401, 403, 403, 403, 403, 403, 403, s];
/** Permission rows for a shop's back office: who may in shop A, who may in shop B. */
const shopRule = (a: Statuses, b: Statuses) => ({ A: a, B: b });
const ordersPermission = (s: number) => shopRule([401, 403, s, s, s, 403, 403, s], [401, 403, 403, 403, 403, s, 403, s]);
const readCataloguePermission = ordersPermission;
const cataloguePermission = (s: number) => shopRule([401, 403, 403, s, s, 403, 403, s], [401, 403, 403, 403, 403, s, 403, s]);
const staffPermission = (s: number) => shopRule([401, 403, 403, 403, s, 403, 403, s], [401, 403, 403, 403, 403, s, 403, s]);
/** The shop's settings: its staff without the right get 403; to anyone else the shop is unknown (404). */
const registerPermission = ordersPermission;
/** The sales list: orders and register sales together, for whoever may see both. */
const salesPermission = ordersPermission;
const registerSetupPermission = cataloguePermission;
const registerApprovalPermission = cataloguePermission;
const purchasingPermission = cataloguePermission;
const reportsPermission = cataloguePermission;
/** What customers spend, the list's export and merges: owners and managers. */
const customerInsightsPermission = cataloguePermission;
/** Clocking oneself in and out: everyone who works at the shop. */
const clockPermission = ordersPermission;
const timesheetsPermission = cataloguePermission;
const settingsPermission = (s: number) => shopRule([401, 404, 403, 403, s, 404, 404, s], [401, 404, 404, 404, 404, s, 404, s]);

const unique = () => randomUUID().slice(0, 8);
const PASSWORD = 'correct horse battery';
const slugOf = (c: Context, t: Target) => c.shop[t].slug;

const MATRIX: Record<string, Row> = {
  'GET /docs': { request: () => ({ url: '/docs' }), expect: same(everyone(200)) },
  // Swagger UI sends its page's own address back to /docs.
  'GET /docs/static/index.html': { request: () => ({ url: '/docs/static/index.html' }), expect: same(everyone(302)) },
  'GET /docs/static/swagger-initializer.js': { request: () => ({ url: '/docs/static/swagger-initializer.js' }), expect: same(everyone(200)) },
  'GET /docs/json': { request: () => ({ url: '/docs/json' }), expect: same(everyone(200)) },
  'GET /docs/yaml': { request: () => ({ url: '/docs/yaml' }), expect: same(everyone(200)) },
  'GET /docs/static/*': { request: () => ({ url: '/docs/static/swagger-ui.css' }), expect: same(everyone(200)) },
  'GET /api/v1/health': { request: () => ({ url: '/api/v1/health' }), expect: same(everyone(200)) },

  // ---- auth
  'GET /api/v1/auth/providers': { request: () => ({ url: '/api/v1/auth/providers' }), expect: same(everyone(200)) },
  'POST /api/v1/auth/sign-up': {
    request: () => ({
      url: '/api/v1/auth/sign-up',
      payload: { email: `new-${unique()}@example.com`, name: 'New', password: PASSWORD },
      session: 'fresh',
    }),
    expect: same(everyone(201)),
  },
  'POST /api/v1/auth/sign-in': {
    request: (c, t, p) => {
      const who = p === 'anonymous' ? c.people.customer : c.people[p];
      return {
        url: '/api/v1/auth/sign-in',
        // A: one's own e-mail and password; B: somebody else's e-mail, a guessed password.
        payload: t === 'A' ? { email: who.email, password: PASSWORD } : { email: c.target.email, password: 'a guessed password' },
        session: 'fresh',
      };
    },
    expect: { A: everyone(200), B: everyone(401) },
  },
  'POST /api/v1/auth/sign-out': { request: () => ({ url: '/api/v1/auth/sign-out', session: 'fresh' }), expect: same(everyone(204)) },
  'GET /api/v1/auth/session': { request: () => ({ url: '/api/v1/auth/session' }), expect: same(signedIn(200)) },
  // Nobody signed in is an answer (user: null), not an error.
  'GET /api/v1/auth/me': { request: () => ({ url: '/api/v1/auth/me' }), expect: same(everyone(200)) },
  'GET /api/v1/auth/sessions': { request: () => ({ url: '/api/v1/auth/sessions' }), expect: same(signedIn(200)) },
  'DELETE /api/v1/auth/sessions/:sessionId': {
    request: async (c, t, p) => {
      const session = await c.fresh.session(t === 'A' && p !== 'anonymous' ? p : 'customer');
      // Somebody else's session, for the customer, is the target user's.
      const id = t === 'B' && p === 'customer' ? (await c.fresh.session('admin')).id : session.id;
      return { url: `/api/v1/auth/sessions/${id}` };
    },
    expect: { A: signedIn(204), B: signedIn(404) },
  },
  // Anyone may start a sign-in with an issuer; a callback that did not start in this browser is refused.
  'GET /api/v1/auth/external/:providerId/start': {
    request: () => ({ url: '/api/v1/auth/external/oidc/start' }),
    expect: same(everyone(302)),
  },
  'GET /api/v1/auth/external/:providerId/callback': {
    request: () => ({ url: '/api/v1/auth/external/oidc/callback?code=made-up&state=made-up' }),
    expect: same(everyone(302)),
  },
  'GET /api/v1/me/account': { request: () => ({ url: '/api/v1/me/account' }), expect: same(signedIn(200)) },
  'PATCH /api/v1/me/account': { request: (_c, _t, p) => ({ url: '/api/v1/me/account', payload: { name: `Person ${p}` } }), expect: same(signedIn(200)) },
  // A wrong current password: the route is reached (400) and every session of the person stays.
  'PUT /api/v1/me/account/password': {
    request: () => ({ url: '/api/v1/me/account/password', payload: { currentPassword: 'not the password', newPassword: 'another fine password' } }),
    expect: same(signedIn(400)),
  },
  'POST /api/v1/auth/password-reset': {
    request: (c) => ({ url: '/api/v1/auth/password-reset', payload: { email: c.target.email } }),
    expect: same(everyone(202)),
  },
  'POST /api/v1/auth/password-reset/confirm': {
    request: () => ({ url: '/api/v1/auth/password-reset/confirm', payload: { token: 'not-a-real-token', password: 'a fine new password' } }),
    expect: same(everyone(400)),
  },

  // ---- admin
  'GET /api/v1/admin/users': { request: () => ({ url: '/api/v1/admin/users' }), expect: same(adminOnly(200)) },
  'PUT /api/v1/admin/users/:userId/roles/merchant': {
    request: (c) => ({ url: `/api/v1/admin/users/${c.target.id}/roles/merchant` }),
    expect: same(adminOnly(200)),
  },
  'DELETE /api/v1/admin/users/:userId/roles/merchant': {
    request: (c) => ({ url: `/api/v1/admin/users/${c.target.id}/roles/merchant` }),
    expect: same(adminOnly(200)),
  },
  'PUT /api/v1/admin/users/:userId/roles/admin': {
    request: (c) => ({ url: `/api/v1/admin/users/${c.target.id}/roles/admin` }),
    expect: same(adminOnly(200)),
  },
  'DELETE /api/v1/admin/users/:userId/roles/admin': {
    request: (c) => ({ url: `/api/v1/admin/users/${c.target.id}/roles/admin` }),
    expect: same(adminOnly(200)),
  },
  'PUT /api/v1/admin/users/:userId/disabled': {
    request: (c) => ({ url: `/api/v1/admin/users/${c.target.id}/disabled` }),
    expect: same(adminOnly(200)),
  },
  'DELETE /api/v1/admin/users/:userId/disabled': {
    request: (c) => ({ url: `/api/v1/admin/users/${c.target.id}/disabled` }),
    expect: same(adminOnly(200)),
  },
  'PUT /api/v1/admin/users/:userId/suppliers/:supplierId': {
    request: (c, t) => ({ url: `/api/v1/admin/users/${c.target.id}/suppliers/${c.shop[t].supplierIds[1]}` }),
    expect: same(adminOnly(200)),
  },
  'DELETE /api/v1/admin/users/:userId/suppliers/:supplierId': {
    request: (c, t) => ({ url: `/api/v1/admin/users/${c.target.id}/suppliers/${c.shop[t].supplierIds[1]}` }),
    expect: same(adminOnly(200)),
  },
  'GET /api/v1/admin/audit-log': { request: () => ({ url: '/api/v1/admin/audit-log' }), expect: same(adminOnly(200)) },
  'GET /api/v1/admin/stock-checks': { request: () => ({ url: '/api/v1/admin/stock-checks' }), expect: same(adminOnly(200)) },
  'POST /api/v1/admin/stock-checks': { request: () => ({ url: '/api/v1/admin/stock-checks' }), expect: same(adminOnly(201)) },

  // ---- merchants
  'GET /api/v1/merchants': { request: () => ({ url: '/api/v1/merchants' }), expect: same(everyone(200)) },
  'GET /api/v1/merchants/:merchantSlug': { request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}` }), expect: same(everyone(200)) },
  'GET /api/v1/me/merchants': { request: () => ({ url: '/api/v1/me/merchants' }), expect: same(signedIn(200)) },
  'GET /api/v1/merchants/:merchantSlug/settings': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/settings` }),
    expect: settingsPermission(200),
  },
  'PATCH /api/v1/merchants/:merchantSlug': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}`,
      payload: { version: await c.fresh.shopVersion(t), address: `${unique()} Matrix Street` },
    }),
    expect: settingsPermission(200),
  },
  // A wrong name to confirm: those allowed get as far as the check (400), and the shop stays open for the other rows.
  'PUT /api/v1/merchants/:merchantSlug/closed': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/closed`, payload: { confirmName: 'Not the name' } }),
    expect: settingsPermission(400),
  },
  'DELETE /api/v1/merchants/:merchantSlug/closed': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/closed` }),
    expect: settingsPermission(200),
  },
  'POST /api/v1/merchants': {
    request: () => ({ url: '/api/v1/merchants', payload: { name: `Shop ${unique()}` } }),
    // Opening a shop takes the merchant role, which the admin grants but need not hold.
    expect: same([401, 403, 403, 403, 201, 201, 403, 403]),
  },

  // ---- catalogue
  'GET /api/v1/merchants/:merchantSlug/categories': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/categories` }),
    expect: same(everyone(200)),
  },
  'POST /api/v1/merchants/:merchantSlug/categories': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/categories`, payload: { name: `Category ${unique()}` } }),
    expect: cataloguePermission(201),
  },
  'PATCH /api/v1/merchants/:merchantSlug/categories/:categoryId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/categories/${await c.fresh.category(t)}`,
      payload: { name: `Category ${unique()}` },
    }),
    expect: cataloguePermission(200),
  },
  'DELETE /api/v1/merchants/:merchantSlug/categories/:categoryId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/categories/${await c.fresh.category(t)}` }),
    expect: cataloguePermission(204),
  },
  'GET /api/v1/merchants/:merchantSlug/tax-rates': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/tax-rates` }),
    expect: readCataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/tax-rates': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/tax-rates`, payload: { name: `Rate ${unique()}`, ratePpm: 200_000 } }),
    expect: settingsPermission(201),
  },
  'PATCH /api/v1/merchants/:merchantSlug/tax-rates/:taxRateId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/tax-rates/${await c.fresh.taxRate(t)}`,
      payload: { ratePpm: 55_000 },
    }),
    expect: settingsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/products': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products` }),
    expect: same(everyone(200)),
  },
  // A scanner's code: each shop's fixture has a product of SKU SKU-0.
  'GET /api/v1/merchants/:merchantSlug/products/by-code/:code': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products/by-code/SKU-0` }),
    expect: readCataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/catalogue': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/catalogue` }),
    expect: readCataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/catalogue/:productId': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/catalogue/${c.shop[t].productIds[0]}` }),
    expect: readCataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/catalogue/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/catalogue/export` }),
    expect: readCataloguePermission(200),
  },
  // Applied, a new product each time: the import's own tests cover the dry run.
  'POST /api/v1/merchants/:merchantSlug/catalogue/imports': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/catalogue/imports`,
      payload: { importId: randomUUID(), dryRun: false, csv: `sku,name,price\nI-${unique()},Imported in the matrix,1.00` },
    }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/products': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/products`,
      payload: { sku: `M-${unique()}`, name: 'Matrix product', priceMinor: 100, stock: 1 },
    }),
    expect: cataloguePermission(201),
  },
  // A fresh product each time: each change adds one to its version, which the next must send.
  'PATCH /api/v1/merchants/:merchantSlug/products/:productId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/products/${await c.fresh.product(t)}`,
      payload: { name: 'Matrix product', version: 1 },
    }),
    expect: cataloguePermission(200),
  },
  // The same terms each time: setting them again changes nothing, and the product's version stays.
  'PUT /api/v1/merchants/:merchantSlug/products/:productId/suppliers/:supplierId': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/products/${c.shop[t].productIds[0]}/suppliers/${c.shop[t].supplierIds[0]}`,
      payload: { supplierSku: 'M-1', costMinor: 50, packSize: 1, minOrderQuantity: 1, leadTimeDays: 2, preferred: true },
    }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/products/:productId/stock-adjustments': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/products/${c.shop[t].productIds[1]}/stock-adjustments`,
      payload: { change: 1, reason: 'received' },
    }),
    expect: cataloguePermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/stock-movements': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/stock-movements` }),
    expect: cataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/stock-movements/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/stock-movements/export` }),
    expect: cataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/stock-counts': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/stock-counts` }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/stock-counts': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/stock-counts`,
      payload: { productIds: [c.shop[t].productIds[0]], idempotencyKey: randomUUID() },
    }),
    expect: cataloguePermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/stock-counts/:countId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/stock-counts/${await c.fresh.stockCount(t)}` }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/stock-counts/:countId/entries': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/stock-counts/${await c.fresh.stockCount(t)}/entries`,
      payload: { productId: c.shop[t].productIds[0], mode: 'add', quantity: 1, idempotencyKey: randomUUID() },
    }),
    expect: cataloguePermission(201),
  },
  // Nothing counted: applying it moves no stock.
  'POST /api/v1/merchants/:merchantSlug/stock-counts/:countId/apply': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/stock-counts/${await c.fresh.stockCount(t)}/apply` }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/stock-counts/:countId/cancel': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/stock-counts/${await c.fresh.stockCount(t)}/cancel` }),
    expect: cataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/registers': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/registers` }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/registers': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/registers`,
      payload: { name: `Till ${unique()}`, receiptPrefix: unique().slice(0, 6).toUpperCase() },
    }),
    expect: registerSetupPermission(201),
  },
  'PATCH /api/v1/merchants/:merchantSlug/registers/:registerId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/registers/${await c.fresh.register(t)}`,
      payload: { name: `Till ${unique()}` },
    }),
    expect: registerSetupPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/registers/:registerId/shifts': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/registers/${await c.fresh.register(t)}/shifts`,
      payload: { openingFloatMinor: 5_000, idempotencyKey: randomUUID() },
    }),
    expect: registerPermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/register-shifts/:shiftId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/register-shifts/${(await c.fresh.openRegister(t)).shiftId}`,
    }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/cash-moves': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/register-shifts/${(await c.fresh.openRegister(t)).shiftId}/cash-moves`,
      payload: { amountMinor: -1_000, reason: 'Banked', idempotencyKey: randomUUID() },
    }),
    expect: registerPermission(201),
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/voids': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/register-shifts/${(await c.fresh.openRegister(t)).shiftId}/voids`,
      payload: { cartId: randomUUID(), lines: [{ id: randomUUID(), productId: c.shop[t].productIds[0], quantity: 1 }] },
    }),
    expect: registerPermission(201),
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/close': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/register-shifts/${(await c.fresh.openRegister(t)).shiftId}/close`,
      payload: { countedCashMinor: 5_000 },
    }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/email': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/register-shifts/${(await c.fresh.openRegister(t)).shiftId}/email`,
      payload: { email: 'owner@example.com' },
    }),
    expect: registerPermission(202),
  },
  'POST /api/v1/merchants/:merchantSlug/registers/:registerId/sales': {
    request: async (c, t) => {
      const { registerId, shiftId } = await c.fresh.openRegister(t);
      return {
        url: `/api/v1/merchants/${slugOf(c, t)}/registers/${registerId}/sales`,
        payload: {
          id: randomUUID(),
          shiftId,
          lines: [{ productId: c.shop[t].productIds[0], quantity: 1 }],
          tenders: [{ method: 'cash', amountMinor: 100 }],
          totalMinor: 100,
        },
      };
    },
    expect: registerPermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/register-sales/:saleId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/register-sales/${await c.fresh.sale(t)}` }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/register-sales/:saleId/email': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/register-sales/${await c.fresh.sale(t)}/email`,
      payload: { email: 'customer@example.com' },
    }),
    expect: registerPermission(202),
  },
  'GET /api/v1/merchants/:merchantSlug/register-receipts/:receiptNumber': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/register-receipts/${await c.fresh.receipt(t)}` }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/registers/:registerId/returns': {
    request: async (c, t) => {
      const saleId = await c.fresh.sale(t);
      const { registerId, shiftId } = await c.fresh.openRegister(t);
      return {
        url: `/api/v1/merchants/${slugOf(c, t)}/registers/${registerId}/returns`,
        payload: {
          id: randomUUID(),
          shiftId,
          saleId,
          lines: [{ position: 1, quantity: 1, restock: true }],
          reason: 'Changed mind',
          refunds: [{ method: 'card', amountMinor: 100 }],
          totalMinor: 100,
        },
      };
    },
    expect: registerPermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/register-approvers': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/register-approvers` }),
    expect: registerPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/customers': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/customers?q=cust` }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/customers': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/customers`, payload: { id: randomUUID(), name: 'Walk-in' } }),
    expect: registerPermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/customers/figures': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/customers/figures?segment=new` }),
    expect: customerInsightsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/customers/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/customers/export?q=cust` }),
    expect: customerInsightsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/customers/:customerId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/customers/${await c.fresh.customer(t)}` }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/customers/:customerId/consent': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/customers/${await c.fresh.customer(t)}/consent`,
      payload: { id: randomUUID(), given: true, channel: 'register' },
    }),
    expect: registerPermission(201),
  },
  'POST /api/v1/merchants/:merchantSlug/customers/:customerId/merge': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/customers/${await c.fresh.customer(t)}/merge`,
      payload: { duplicateId: await c.fresh.customer(t) },
    }),
    expect: customerInsightsPermission(200),
  },
  'PATCH /api/v1/merchants/:merchantSlug/customers/:customerId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/customers/${await c.fresh.customer(t)}`,
      payload: { note: 'Regular' },
    }),
    expect: registerPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/customers/:customerId/store-credit': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/customers/${await c.fresh.customer(t)}/store-credit`,
      payload: { id: randomUUID(), amountMinor: -500, reason: 'Correction' },
    }),
    expect: registerApprovalPermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/purchase-orders': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders?status=sent` }),
    expect: purchasingPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders`,
      payload: {
        id: randomUUID(),
        supplierId: c.shop[t].supplierIds[0],
        lines: [{ productId: c.shop[t].productIds[0], quantity: 1, costMinor: 100 }],
      },
    }),
    expect: purchasingPermission(201),
  },
  'GET /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'draft')}` }),
    expect: purchasingPermission(200),
  },
  'PATCH /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'draft')}`,
      payload: { note: 'Before noon' },
    }),
    expect: purchasingPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/send': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'draft')}/send` }),
    expect: purchasingPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/cancel': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'sent')}/cancel`,
      payload: { reason: 'Ordered elsewhere' },
    }),
    expect: purchasingPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/receipts': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'sent')}/receipts`,
      payload: { id: randomUUID(), lines: [{ productId: c.shop[t].productIds[0], quantity: 1 }] },
    }),
    expect: purchasingPermission(201),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/backup': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'sent', 1)}/backup`,
    }),
    expect: purchasingPermission(201),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/close': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/purchase-orders/${await c.fresh.purchaseOrder(t, 'partly received')}/close`,
      payload: { reason: 'The rest is out of stock' },
    }),
    expect: purchasingPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reorder-rules': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reorder-rules?show=all` }),
    expect: purchasingPermission(200),
  },
  'PUT /api/v1/merchants/:merchantSlug/products/:productId/reorder-rule': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/products/${await c.fresh.product(t)}/reorder-rule`,
      payload: { minimum: 2, maximum: 10 },
    }),
    expect: purchasingPermission(200),
  },
  'DELETE /api/v1/merchants/:merchantSlug/products/:productId/reorder-rule': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products/${await c.fresh.reorderRule(t)}/reorder-rule` }),
    expect: purchasingPermission(204),
  },
  'POST /api/v1/merchants/:merchantSlug/reorder-rules/order-now': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/reorder-rules/order-now`,
      payload: { productIds: [await c.fresh.reorderRule(t)] },
    }),
    expect: purchasingPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/dashboard': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/dashboard` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reports/sales/:report': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reports/sales/trend?from=2026-01-01&to=2026-01-31` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reports/sales/:report/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reports/sales/products/export?from=2026-01-01&to=2026-01-31` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reports/stock/:report': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reports/stock/valuation` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reports/stock/:report/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reports/stock/dead-stock/export?days=30` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reports/suppliers/:report': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reports/suppliers/purchase-orders?from=2026-01-01&to=2026-01-31` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/reports/suppliers/:report/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/reports/suppliers/messages/export?from=2026-01-01&to=2026-01-31` }),
    expect: reportsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/register-pin': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/register-pin` }),
    expect: clockPermission(200),
  },
  'PUT /api/v1/merchants/:merchantSlug/register-pin': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/register-pin`, payload: { pin: '2580' } }),
    expect: clockPermission(200),
  },

  // ---- staff hours
  'GET /api/v1/merchants/:merchantSlug/time-clock': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/time-clock` }),
    expect: clockPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries': {
    request: async (c, t) => {
      await c.fresh.timeEntry(t, 'closed');
      return { url: `/api/v1/merchants/${slugOf(c, t)}/time-entries`, payload: { id: randomUUID() } };
    },
    // Everyone who works there clocks in; an admin, who does not, is refused.
    expect: shopRule([401, 403, 201, 201, 201, 403, 403, 403], [401, 403, 403, 403, 403, 201, 403, 403]),
  },
  // The owner's entry: theirs to clock; a manager (or an admin) sees it but clocks only their own; to a cashier it is unknown.
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/clock-out': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/time-entries/${(await c.fresh.timeEntry(t, 'open')).id}/clock-out`,
      payload: {},
    }),
    expect: shopRule([401, 403, 404, 403, 200, 403, 403, 403], [401, 403, 403, 403, 403, 200, 403, 403]),
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/breaks': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/time-entries/${(await c.fresh.timeEntry(t, 'open')).id}/breaks`,
      payload: { id: randomUUID(), paid: true },
    }),
    expect: shopRule([401, 403, 404, 403, 201, 403, 403, 403], [401, 403, 403, 403, 403, 201, 403, 403]),
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/breaks/end': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/time-entries/${(await c.fresh.timeEntry(t, 'on a break')).id}/breaks/end`,
      payload: {},
    }),
    expect: shopRule([401, 403, 404, 403, 200, 403, 403, 403], [401, 403, 403, 403, 403, 200, 403, 403]),
  },
  'GET /api/v1/merchants/:merchantSlug/my-hours': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/my-hours` }),
    expect: clockPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/timesheets': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/timesheets?week=2026-10-05` }),
    expect: timesheetsPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/timesheets/export': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/timesheets/export?week=2026-10-05` }),
    expect: timesheetsPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/corrections': {
    request: async (c, t) => {
      const { id, clockIn } = await c.fresh.timeEntry(t, 'closed');
      return {
        url: `/api/v1/merchants/${slugOf(c, t)}/time-entries/${id}/corrections`,
        payload: { clockIn: clockIn.toISOString(), clockOut: new Date(clockIn.getTime() + 1_800_000).toISOString(), reason: 'Left early' },
      };
    },
    expect: timesheetsPermission(200),
  },
  'PUT /api/v1/merchants/:merchantSlug/timesheet-approvals/:week': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/timesheet-approvals/2025-01-06` }),
    expect: timesheetsPermission(200),
  },
  'PUT /api/v1/merchants/:merchantSlug/products/:productId/archived': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products/${await c.fresh.product(t)}/archived` }),
    expect: cataloguePermission(200),
  },
  'DELETE /api/v1/merchants/:merchantSlug/products/:productId/archived': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products/${c.shop[t].productIds[2]}/archived` }),
    expect: cataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/products/:productId': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products/${c.shop[t].productIds[0]}` }),
    expect: same(everyone(200)),
  },
  'DELETE /api/v1/merchants/:merchantSlug/products/:productId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/products/${await c.fresh.product(t)}` }),
    expect: cataloguePermission(204),
  },

  // ---- suppliers
  'GET /api/v1/merchants/:merchantSlug/suppliers': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/suppliers` }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/suppliers': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/suppliers`,
      payload: { name: `Supplier ${unique()}`, emails: ['orders@matrix.example'] },
    }),
    expect: cataloguePermission(201),
  },
  'PATCH /api/v1/merchants/:merchantSlug/suppliers/:supplierId': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${c.shop[t].supplierIds[1]}`,
      payload: { name: 'Supplier 1' },
    }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/suppliers/:supplierId/agent-token': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${c.shop[t].supplierIds[1]}/agent-token` }),
    expect: cataloguePermission(201),
  },
  'DELETE /api/v1/merchants/:merchantSlug/suppliers/:supplierId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${await c.fresh.supplier(t)}` }),
    expect: cataloguePermission(204),
  },
  'PUT /api/v1/merchants/:merchantSlug/suppliers/:supplierId/archived': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${await c.fresh.supplier(t)}/archived` }),
    expect: cataloguePermission(200),
  },
  'DELETE /api/v1/merchants/:merchantSlug/suppliers/:supplierId/archived': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${c.shop[t].supplierIds[1]}/archived` }),
    expect: cataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/suppliers/:supplierId/invitations': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${c.shop[t].supplierIds[1]}/invitations` }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/suppliers/:supplierId/invitations': {
    request: (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${c.shop[t].supplierIds[1]}/invitations`,
      payload: { email: `invited-${unique()}@matrix.example` },
    }),
    expect: cataloguePermission(201),
  },
  'DELETE /api/v1/merchants/:merchantSlug/suppliers/:supplierId/invitations/:invitationId': {
    request: async (c, t) => {
      const { supplierId, invitationId } = await c.fresh.supplierInvitation(t, `invited-${unique()}@matrix.example`);
      return { url: `/api/v1/merchants/${slugOf(c, t)}/suppliers/${supplierId}/invitations/${invitationId}` };
    },
    expect: cataloguePermission(204),
  },
  // The link is the credential to see it; accepting takes an account with the invited address.
  'GET /api/v1/supplier-invitations/:token': {
    request: async (c, t) => ({
      url: `/api/v1/supplier-invitations/${(await c.fresh.supplierInvitation(t, `invited-${unique()}@matrix.example`)).token}`,
    }),
    expect: same(everyone(200)),
  },
  // A: an invitation of the person's own address; B: of somebody else's.
  'POST /api/v1/supplier-invitations/:token/accept': {
    request: async (c, t, p) => {
      const email = t === 'A' && p !== 'anonymous' ? c.people[p].email : c.stranger.email;
      return { url: `/api/v1/supplier-invitations/${(await c.fresh.supplierInvitation(t, email)).token}/accept` };
    },
    expect: { A: signedIn(200), B: signedIn(403) },
  },
  // Only a supplier agent token opens it; no session does.
  'GET /api/v1/agent/recipients': { request: () => ({ url: '/api/v1/agent/recipients' }), expect: same(everyone(401)) },
  'GET /api/v1/me/supplier-messages': {
    request: () => ({ url: '/api/v1/me/supplier-messages' }),
    expect: same([401, 403, 403, 403, 403, 403, 200, 403]),
  },
  // The supplier person belongs to shop A's first supplier; shop B's purchase orders are unknown to it.
  'GET /api/v1/me/supplier-purchase-orders': {
    request: () => ({ url: '/api/v1/me/supplier-purchase-orders' }),
    expect: same([401, 403, 403, 403, 403, 403, 200, 403]),
  },
  'GET /api/v1/me/supplier-purchase-orders/:purchaseOrderId': {
    request: async (c, t) => ({ url: `/api/v1/me/supplier-purchase-orders/${await c.fresh.purchaseOrder(t, 'sent')}` }),
    expect: { A: [401, 403, 403, 403, 403, 403, 200, 403], B: [401, 403, 403, 403, 403, 403, 404, 403] },
  },
  'POST /api/v1/me/supplier-purchase-orders/:purchaseOrderId/acknowledgement': {
    request: async (c, t) => ({
      url: `/api/v1/me/supplier-purchase-orders/${await c.fresh.purchaseOrder(t, 'sent')}/acknowledgement`,
      payload: { lines: [{ productId: c.shop[t].productIds[0], quantity: 1 }], deliveryOn: '2099-01-01' },
    }),
    expect: { A: [401, 403, 403, 403, 403, 403, 200, 403], B: [401, 403, 403, 403, 403, 403, 404, 403] },
  },
  // The link is the credential: whoever holds it, signed in or not.
  'GET /api/v1/purchase-order-links/:token': {
    request: async (c, t) => ({ url: `/api/v1/purchase-order-links/${await c.fresh.purchaseOrderLink(t)}` }),
    expect: same(everyone(200)),
  },
  'POST /api/v1/purchase-order-links/:token/acknowledgement': {
    request: async (c, t) => ({
      url: `/api/v1/purchase-order-links/${await c.fresh.purchaseOrderLink(t)}/acknowledgement`,
      payload: { lines: [{ productId: c.shop[t].productIds[0], quantity: 2 }], deliveryOn: '2099-01-01' },
    }),
    expect: same(everyone(200)),
  },
  // The supplier person belongs to shop A's first supplier; shop B's messages are unknown to it.
  'POST /api/v1/me/supplier-messages/:messageId/acknowledgement': {
    request: async (c, t) => ({
      url: `/api/v1/me/supplier-messages/${(await c.fresh.orderMessage(t)).eventId}/acknowledgement`,
    }),
    expect: { A: [401, 403, 403, 403, 403, 403, 200, 403], B: [401, 403, 403, 403, 403, 403, 404, 403] },
  },
  'GET /api/v1/order-message-links/:token': {
    request: async (c, t) => ({ url: `/api/v1/order-message-links/${(await c.fresh.orderMessage(t)).token}` }),
    expect: same(everyone(200)),
  },
  'POST /api/v1/order-message-links/:token/acknowledgement': {
    request: async (c, t) => ({
      url: `/api/v1/order-message-links/${(await c.fresh.orderMessage(t)).token}/acknowledgement`,
    }),
    expect: same(everyone(200)),
  },

  // ---- orders
  'POST /api/v1/orders': {
    request: (c, t) => ({
      url: '/api/v1/orders',
      payload: { merchantSlug: slugOf(c, t), items: [{ productId: c.shop[t].productIds[0], quantity: 1 }] },
    }),
    expect: same(signedIn(201)),
  },
  'GET /api/v1/orders': { request: () => ({ url: '/api/v1/orders' }), expect: same(signedIn(200)) },
  'GET /api/v1/orders/:orderId': {
    request: async (c, t, p) => {
      const own = t === 'A' && p !== 'anonymous';
      const by = own ? c.people[p] : c.stranger;
      return { url: `/api/v1/orders/${await c.fresh.order('A', by)}` };
    },
    expect: { A: signedIn(200), B: signedIn(404) },
  },
  'GET /api/v1/merchants/:merchantSlug/orders': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/orders` }),
    expect: ordersPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/sales': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/sales` }),
    expect: salesPermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/orders/:orderId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/orders/${await c.fresh.order(t)}` }),
    expect: ordersPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/orders/:orderId/dispatch': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/orders/${await c.fresh.order(t)}/dispatch` }),
    expect: ordersPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/orders/:orderId/cancel': {
    request: async (c, t) => ({
      url: `/api/v1/merchants/${slugOf(c, t)}/orders/${await c.fresh.order(t)}/cancel`,
      payload: { reason: 'Out of stock.' },
    }),
    expect: ordersPermission(200),
  },
  'POST /api/v1/orders/:orderId/cancel': {
    request: async (c, t, p) => {
      const own = t === 'A' && p !== 'anonymous';
      return { url: `/api/v1/orders/${await c.fresh.order('A', own ? c.people[p] : c.stranger)}/cancel`, payload: {} };
    },
    expect: { A: signedIn(200), B: signedIn(404) },
  },

  // ---- staff
  'GET /api/v1/merchants/:merchantSlug/staff': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/staff` }),
    expect: staffPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/staff': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/staff`, payload: { email: c.target.email, role: 'cashier' } }),
    expect: staffPermission(200),
  },
  'DELETE /api/v1/merchants/:merchantSlug/staff/:userId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/staff/${await c.fresh.staffMember(t)}` }),
    expect: staffPermission(204),
  },

  // ---- API tokens
  'GET /api/v1/merchants/:merchantSlug/api-tokens': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/api-tokens` }),
    expect: staffPermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/api-tokens': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/api-tokens`, payload: { name: `Script ${unique()}`, role: 'cashier' } }),
    expect: staffPermission(201),
  },
  'DELETE /api/v1/merchants/:merchantSlug/api-tokens/:tokenId': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/api-tokens/${await c.fresh.apiToken(t)}` }),
    expect: staffPermission(204),
  },

  // ---- messages to suppliers
  'GET /api/v1/merchants/:merchantSlug/messages': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/messages` }),
    expect: cataloguePermission(200),
  },
  'POST /api/v1/merchants/:merchantSlug/messages/:eventId/resend': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/messages/${await c.fresh.event(t)}/resend` }),
    expect: cataloguePermission(201),
  },
  // No relay runs here, so a fresh message is still waiting, which may be retried.
  'POST /api/v1/merchants/:merchantSlug/messages/:eventId/retry': {
    request: async (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/messages/${await c.fresh.event(t)}/retry` }),
    expect: cataloguePermission(200),
  },
  'GET /api/v1/merchants/:merchantSlug/devices': {
    request: (c, t) => ({ url: `/api/v1/merchants/${slugOf(c, t)}/devices` }),
    expect: cataloguePermission(200),
  },

  // ---- mail folder
  'GET /api/v1/mail': { request: () => ({ url: '/api/v1/mail' }), expect: same([401, 403, 403, 403, 200, 200, 403, 200]) },
  // A shop's live stream: whoever works at the shop (what each hears is filtered per topic: test/live).
  'GET /api/v1/live': {
    request: (c, t) => ({ url: `/api/v1/live?shop=${slugOf(c, t)}`, stream: true }),
    expect: clockPermission(200),
  },
};

/**
 * Every route with an id in its path, called by someone who may use it in shop A (or, off the
 * shops, on their own things) with another shop's (another person's) real id, then with an id that
 * exists nowhere: the two answers must be the same, status and message, so that nothing about the
 * other shop's resource (that it exists, what state it is in) can be learnt. A route with an id
 * parameter and no row here fails; routes whose ids are nobody's own (an admin acts on every
 * account; an issuer's id is its configured name) say why instead.
 */
interface OtherIdRow {
  as: Exclude<Persona, 'anonymous'>;
  /** The real id of somebody else's resource, of the kind the route's id parameter names. */
  otherId: (c: Context) => string | Promise<string>;
  payload?: object;
  /** The answer both get; 404 unless said. */
  status?: number;
  /** For a route with two ids: the caller's own ids of the others, by parameter name; the one left gets somebody else's. */
  ownIds?: (c: Context) => Record<string, string>;
}
const EVERY_ACCOUNT = { notOwned: 'an admin acts on every account' };
const ISSUER_NAME = { notOwned: "an issuer's id is its configured name, the same for everyone" };
const OTHER_IDS: Record<string, OtherIdRow | { notOwned: string }> = {
  'DELETE /api/v1/auth/sessions/:sessionId': { as: 'customer', otherId: async (c) => (await c.fresh.session('admin')).id },
  'GET /api/v1/auth/external/:providerId/start': ISSUER_NAME,
  'GET /api/v1/auth/external/:providerId/callback': ISSUER_NAME,
  'PUT /api/v1/admin/users/:userId/roles/merchant': EVERY_ACCOUNT,
  'DELETE /api/v1/admin/users/:userId/roles/merchant': EVERY_ACCOUNT,
  'PUT /api/v1/admin/users/:userId/roles/admin': EVERY_ACCOUNT,
  'DELETE /api/v1/admin/users/:userId/roles/admin': EVERY_ACCOUNT,
  'PUT /api/v1/admin/users/:userId/disabled': EVERY_ACCOUNT,
  'DELETE /api/v1/admin/users/:userId/disabled': EVERY_ACCOUNT,
  'PUT /api/v1/admin/users/:userId/suppliers/:supplierId': EVERY_ACCOUNT,
  'DELETE /api/v1/admin/users/:userId/suppliers/:supplierId': EVERY_ACCOUNT,
  'PATCH /api/v1/merchants/:merchantSlug/categories/:categoryId': {
    as: 'ownerA',
    otherId: (c) => c.fresh.category('B'),
    // A rate that is nowhere: checked before the category is found, it would answer 400 for one id and 404 for the other.
    payload: { name: 'Not yours', taxRateId: randomUUID() },
  },
  'DELETE /api/v1/merchants/:merchantSlug/categories/:categoryId': { as: 'ownerA', otherId: (c) => c.fresh.category('B') },
  'PATCH /api/v1/merchants/:merchantSlug/tax-rates/:taxRateId': {
    as: 'ownerA',
    otherId: (c) => c.fresh.taxRate('B'),
    payload: { name: 'Not yours', archived: true },
  },
  'GET /api/v1/merchants/:merchantSlug/products/:productId': { as: 'customer', otherId: (c) => c.shop.B.productIds[0]! },
  'GET /api/v1/merchants/:merchantSlug/catalogue/:productId': { as: 'cashierA', otherId: (c) => c.shop.B.productIds[0]! },
  'PATCH /api/v1/merchants/:merchantSlug/products/:productId': {
    as: 'ownerA',
    otherId: (c) => c.shop.B.productIds[0]!,
    // A category that is nowhere: checked before the product is found, it would answer 400 for one id and 404 for the other.
    payload: { name: 'Not yours', categoryId: randomUUID(), version: 1 },
  },
  'DELETE /api/v1/merchants/:merchantSlug/products/:productId': {
    as: 'ownerA',
    // Shop B's product has been ordered: a check run before finding it would say so.
    otherId: async (c) => {
      await c.fresh.order('B');
      return c.shop.B.productIds[0]!;
    },
  },
  'POST /api/v1/merchants/:merchantSlug/products/:productId/stock-adjustments': {
    as: 'ownerA',
    otherId: (c) => c.shop.B.productIds[0]!,
    payload: { change: -1_000_000, reason: 'lost' },
  },
  'GET /api/v1/merchants/:merchantSlug/stock-counts/:countId': { as: 'ownerA', otherId: (c) => c.fresh.stockCount('B') },
  'POST /api/v1/merchants/:merchantSlug/stock-counts/:countId/entries': {
    as: 'ownerA',
    otherId: (c) => c.fresh.stockCount('B'),
    payload: { productId: randomUUID(), mode: 'set', quantity: 1, idempotencyKey: randomUUID() },
  },
  'POST /api/v1/merchants/:merchantSlug/stock-counts/:countId/apply': { as: 'ownerA', otherId: (c) => c.fresh.stockCount('B') },
  'POST /api/v1/merchants/:merchantSlug/stock-counts/:countId/cancel': { as: 'ownerA', otherId: (c) => c.fresh.stockCount('B') },
  'PATCH /api/v1/merchants/:merchantSlug/registers/:registerId': {
    as: 'ownerA',
    otherId: (c) => c.fresh.register('B'),
    payload: { name: 'Not yours' },
  },
  'POST /api/v1/merchants/:merchantSlug/registers/:registerId/shifts': {
    as: 'cashierA',
    otherId: (c) => c.fresh.register('B'),
    payload: { openingFloatMinor: 0, idempotencyKey: randomUUID() },
  },
  'POST /api/v1/merchants/:merchantSlug/registers/:registerId/sales': {
    as: 'cashierA',
    otherId: async (c) => (await c.fresh.openRegister('B')).registerId,
    payload: {
      id: randomUUID(),
      shiftId: randomUUID(),
      lines: [{ productId: randomUUID(), quantity: 1 }],
      tenders: [{ method: 'cash', amountMinor: 100 }],
      totalMinor: 100,
    },
  },
  'GET /api/v1/merchants/:merchantSlug/register-shifts/:shiftId': {
    as: 'ownerA',
    otherId: async (c) => (await c.fresh.openRegister('B')).shiftId,
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/cash-moves': {
    as: 'cashierA',
    otherId: async (c) => (await c.fresh.openRegister('B')).shiftId,
    payload: { amountMinor: 100, reason: 'Not yours', idempotencyKey: randomUUID() },
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/voids': {
    as: 'cashierA',
    otherId: async (c) => (await c.fresh.openRegister('B')).shiftId,
    payload: { cartId: randomUUID(), lines: [{ id: randomUUID(), productId: randomUUID(), quantity: 1 }] },
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/close': {
    as: 'cashierA',
    otherId: async (c) => (await c.fresh.openRegister('B')).shiftId,
    payload: { countedCashMinor: 0 },
  },
  'POST /api/v1/merchants/:merchantSlug/register-shifts/:shiftId/email': {
    as: 'cashierA',
    otherId: async (c) => (await c.fresh.openRegister('B')).shiftId,
    payload: { email: 'owner@example.com' },
  },
  'GET /api/v1/merchants/:merchantSlug/register-sales/:saleId': { as: 'cashierA', otherId: (c) => c.fresh.sale('B') },
  'GET /api/v1/merchants/:merchantSlug/customers/:customerId': { as: 'cashierA', otherId: (c) => c.fresh.customer('B') },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/clock-out': {
    as: 'ownerA',
    otherId: async (c) => (await c.fresh.timeEntry('B', 'open')).id,
    payload: {},
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/breaks': {
    as: 'ownerA',
    otherId: async (c) => (await c.fresh.timeEntry('B', 'open')).id,
    payload: { id: randomUUID(), paid: false },
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/breaks/end': {
    as: 'ownerA',
    otherId: async (c) => (await c.fresh.timeEntry('B', 'on a break')).id,
    payload: {},
  },
  'POST /api/v1/merchants/:merchantSlug/time-entries/:entryId/corrections': {
    as: 'managerA',
    otherId: async (c) => (await c.fresh.timeEntry('B', 'closed')).id,
    payload: { clockIn: '2026-09-01T10:00:00Z', clockOut: '2026-09-01T11:00:00Z', reason: 'Not yours' },
  },
  'PATCH /api/v1/merchants/:merchantSlug/customers/:customerId': {
    as: 'cashierA',
    otherId: (c) => c.fresh.customer('B'),
    payload: { name: 'Not yours' },
  },
  'POST /api/v1/merchants/:merchantSlug/customers/:customerId/store-credit': {
    as: 'ownerA',
    otherId: (c) => c.fresh.customer('B'),
    payload: { id: randomUUID(), amountMinor: -500, reason: 'Not yours' },
  },
  'POST /api/v1/merchants/:merchantSlug/customers/:customerId/consent': {
    as: 'cashierA',
    otherId: (c) => c.fresh.customer('B'),
    payload: { id: randomUUID(), given: false, channel: 'phone' },
  },
  'POST /api/v1/merchants/:merchantSlug/customers/:customerId/merge': {
    as: 'managerA',
    otherId: (c) => c.fresh.customer('B'),
    payload: { duplicateId: randomUUID() },
  },
  'GET /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId': {
    as: 'managerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'draft'),
  },
  'PATCH /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId': {
    as: 'managerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'draft'),
    payload: { note: 'Not yours' },
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/send': {
    as: 'managerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'draft'),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/cancel': {
    as: 'managerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'sent'),
    payload: { reason: 'Not yours' },
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/receipts': {
    as: 'ownerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'sent'),
    payload: { id: randomUUID(), lines: [{ productId: randomUUID(), quantity: 1 }], allowOverReceipt: true },
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/backup': {
    as: 'managerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'sent', 1),
  },
  'POST /api/v1/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/close': {
    as: 'managerA',
    otherId: (c) => c.fresh.purchaseOrder('B', 'partly received'),
    payload: { reason: 'Not yours' },
  },
  'PUT /api/v1/merchants/:merchantSlug/products/:productId/reorder-rule': {
    as: 'managerA',
    otherId: (c) => c.fresh.product('B'),
    payload: { minimum: 2, maximum: 10 },
  },
  'DELETE /api/v1/merchants/:merchantSlug/products/:productId/reorder-rule': {
    as: 'managerA',
    otherId: (c) => c.fresh.reorderRule('B'),
  },
  'GET /api/v1/me/supplier-purchase-orders/:purchaseOrderId': {
    as: 'supplier',
    otherId: (c) => c.fresh.purchaseOrder('B', 'sent'),
  },
  'POST /api/v1/me/supplier-purchase-orders/:purchaseOrderId/acknowledgement': {
    as: 'supplier',
    otherId: (c) => c.fresh.purchaseOrder('B', 'sent'),
    payload: { lines: [{ productId: randomUUID(), quantity: 1 }], deliveryOn: '2099-01-01' },
  },
  'POST /api/v1/me/supplier-messages/:messageId/acknowledgement': {
    as: 'supplier',
    otherId: async (c) => (await c.fresh.orderMessage('B')).eventId,
  },
  'POST /api/v1/merchants/:merchantSlug/register-sales/:saleId/email': {
    as: 'cashierA',
    otherId: (c) => c.fresh.sale('B'),
    payload: { email: 'customer@example.com' },
  },
  'POST /api/v1/merchants/:merchantSlug/registers/:registerId/returns': {
    as: 'cashierA',
    otherId: async (c) => (await c.fresh.openRegister('B')).registerId,
    payload: {
      id: randomUUID(),
      shiftId: randomUUID(),
      saleId: randomUUID(),
      lines: [{ position: 1, quantity: 1, restock: true }],
      reason: 'Not yours',
      refunds: [{ method: 'cash', amountMinor: 100 }],
      totalMinor: 100,
    },
  },
  'PUT /api/v1/merchants/:merchantSlug/products/:productId/archived': { as: 'ownerA', otherId: (c) => c.shop.B.productIds[0]! },
  // Shop B's product with shop A's supplier; shop A's product with shop B's supplier is in supplier-terms.test.ts.
  'PUT /api/v1/merchants/:merchantSlug/products/:productId/suppliers/:supplierId': {
    as: 'ownerA',
    otherId: (c) => c.shop.B.productIds[0]!,
    ownIds: (c) => ({ supplierId: c.shop.A.supplierIds[0]! }),
    payload: { packSize: 1, minOrderQuantity: 1, preferred: true },
  },
  'DELETE /api/v1/merchants/:merchantSlug/products/:productId/archived': { as: 'ownerA', otherId: (c) => c.shop.B.productIds[0]! },
  'PATCH /api/v1/merchants/:merchantSlug/suppliers/:supplierId': {
    as: 'ownerA',
    otherId: (c) => c.shop.B.supplierIds[0]!,
    payload: { name: 'Not yours' },
  },
  'POST /api/v1/merchants/:merchantSlug/suppliers/:supplierId/agent-token': { as: 'ownerA', otherId: (c) => c.shop.B.supplierIds[0]! },
  'DELETE /api/v1/merchants/:merchantSlug/suppliers/:supplierId': {
    as: 'ownerA',
    // Shop B's supplier has been sent an order: the refusal that says so is for its own shop only.
    otherId: async (c) => {
      await c.fresh.event('B');
      return c.shop.B.supplierIds[0]!;
    },
  },
  'PUT /api/v1/merchants/:merchantSlug/suppliers/:supplierId/archived': { as: 'ownerA', otherId: (c) => c.shop.B.supplierIds[0]! },
  'DELETE /api/v1/merchants/:merchantSlug/suppliers/:supplierId/archived': { as: 'ownerA', otherId: (c) => c.shop.B.supplierIds[0]! },
  'GET /api/v1/merchants/:merchantSlug/suppliers/:supplierId/invitations': { as: 'ownerA', otherId: (c) => c.shop.B.supplierIds[0]! },
  'POST /api/v1/merchants/:merchantSlug/suppliers/:supplierId/invitations': {
    as: 'ownerA',
    otherId: (c) => c.shop.B.supplierIds[0]!,
    payload: { email: 'not-yours@matrix.example' },
  },
  // Shop B's invitation under shop A's supplier; under shop B's supplier is in supplier-invitations.test.ts.
  'DELETE /api/v1/merchants/:merchantSlug/suppliers/:supplierId/invitations/:invitationId': {
    as: 'ownerA',
    otherId: async (c) => (await c.fresh.supplierInvitation('B', `invited-${unique()}@matrix.example`)).invitationId,
    ownIds: (c) => ({ supplierId: c.shop.A.supplierIds[0]! }),
  },
  'GET /api/v1/orders/:orderId': { as: 'customer', otherId: (c) => c.fresh.order('A', c.stranger) },
  'GET /api/v1/merchants/:merchantSlug/orders/:orderId': { as: 'ownerA', otherId: (c) => c.fresh.order('B') },
  'POST /api/v1/merchants/:merchantSlug/orders/:orderId/dispatch': { as: 'ownerA', otherId: (c) => c.fresh.order('B') },
  'POST /api/v1/merchants/:merchantSlug/orders/:orderId/cancel': {
    as: 'ownerA',
    otherId: (c) => c.fresh.order('B'),
    payload: { reason: 'Not yours' },
  },
  'POST /api/v1/orders/:orderId/cancel': { as: 'customer', otherId: (c) => c.fresh.order('A', c.stranger), payload: {} },
  'DELETE /api/v1/merchants/:merchantSlug/staff/:userId': { as: 'ownerA', otherId: (c) => c.fresh.staffMember('B') },
  'DELETE /api/v1/merchants/:merchantSlug/api-tokens/:tokenId': { as: 'ownerA', otherId: (c) => c.fresh.apiToken('B') },
  'POST /api/v1/merchants/:merchantSlug/messages/:eventId/resend': { as: 'ownerA', otherId: (c) => c.fresh.event('B') },
  'POST /api/v1/merchants/:merchantSlug/messages/:eventId/retry': { as: 'ownerA', otherId: (c) => c.fresh.event('B') },
};
/** A path parameter naming one resource (`:orderId`, `:userId`…), as opposed to `:merchantSlug`. */
const ID_PARAMETER = /:(\w+Id)\b/g;

describe.each(engines())('the access matrix on %s', (engine) => {
  let testApp: TestApp;
  let context: Context;
  let idp: LoopbackOidcProvider;

  beforeAll(async () => {
    const generous = { max: 100_000, timeWindowMs: 60_000 };
    idp = await startOidcProvider({ redirectUris: ['http://localhost/api/v1/auth/external/oidc/callback'] });
    testApp = await buildTestApp(engine, {
      rateLimits: { signIn: generous, signInPerClient: generous, signUp: generous, passwordReset: generous, externalSignIn: generous, purchaseOrderLink: generous, supplierInvitationLink: generous },
      oidcProviders: [{ id: 'oidc', label: 'Loopback ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }],
    });
    const call = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, as: SignedInUser, payload?: object): Promise<T> => {
      const response = await testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: { cookie: as.cookie } });
      if (response.statusCode >= 300) {
        throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
      }
      return response.json<T>();
    };
    const shop = { A: await createShop(testApp, { stock: 100_000 }), B: await createShop(testApp, { stock: 100_000 }) };
    const admin = await signUpUser(testApp, { admin: true });
    const people = {
      customer: await signUpUser(testApp),
      cashierA: await signUpUser(testApp),
      managerA: await signUpUser(testApp),
      ownerA: shop.A.owner,
      ownerB: shop.B.owner,
      supplier: await signUpUser(testApp),
      admin,
    };
    await call('POST', `/merchants/${shop.A.slug}/staff`, admin, { email: people.cashierA.email, role: 'cashier' });
    await call('POST', `/merchants/${shop.A.slug}/staff`, admin, { email: people.managerA.email, role: 'manager' });
    await call('PUT', `/admin/users/${people.supplier.id}/suppliers/${shop.A.supplierIds[0]}`, admin);
    for (const t of ['A', 'B'] as const) {
      await call('PATCH', `/merchants/${shop[t].slug}/suppliers/${shop[t].supplierIds[0]}`, admin, { ordersNeedAcknowledgement: true });
    }
    const target = await signUpUser(testApp);
    const stranger = await signUpUser(testApp);
    // Fixtures that need a person or a session, not a password: made as the server makes them, without
    // the password hash's deliberate cost (the sign-up and sign-in routes pay it in rows of their own).
    const { db } = testApp.database;
    const users = createUsersRepository(db);
    const auth = createAuthService(users, createSessionsRepository(db), createAccessRepository(db));

    const invitations = createSupplierInvitationsRepository(db);
    const invitedSuppliers: string[] = [];
    let entriesMade = 0;

    const placeOrder = async (t: Target, by = people.customer) =>
      (
        await call<{ id: string }>('POST', '/orders', by, {
          merchantSlug: shop[t].slug,
          items: [{ productId: shop[t].productIds[0], quantity: 1 }],
        })
      ).id;

    context = {
      shop,
      people,
      target,
      stranger,
      fresh: {
        category: async (t) => (await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/categories`, admin, { name: `C ${unique()}` })).id,
        product: async (t) =>
          (
            await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/products`, admin, {
              sku: `F-${unique()}`,
              name: 'Fresh',
              priceMinor: 1,
              // No stock, so it may be deleted: a product that has had stock is archived instead.
              stock: 0,
            })
          ).id,
        supplier: async (t) =>
          (await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/suppliers`, admin, { name: `S ${unique()}`, emails: ['s@x.example'] })).id,
        order: placeOrder,
        event: async (t) => {
          const dispatched = await call<{ deliveries: { eventId: string }[] }>(
            'POST',
            `/merchants/${shop[t].slug}/orders/${await placeOrder(t)}/dispatch`,
            admin,
          );
          return dispatched.deliveries[0]!.eventId;
        },
        stockCount: async (t) =>
          (
            await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/stock-counts`, admin, {
              productIds: [shop[t].productIds[0]],
              idempotencyKey: randomUUID(),
            })
          ).id,
        register: async (t) =>
          (
            await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/registers`, admin, {
              name: `Till ${unique()}`,
              receiptPrefix: unique().slice(0, 6).toUpperCase(),
            })
          ).id,
        openRegister: async (t) => {
          const registerId = await context.fresh.register(t);
          const shift = await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/registers/${registerId}/shifts`, admin, {
            openingFloatMinor: 5_000,
            idempotencyKey: randomUUID(),
          });
          return { registerId, shiftId: shift.id };
        },
        sale: async (t) => {
          const { registerId, shiftId } = await context.fresh.openRegister(t);
          return (
            await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/registers/${registerId}/sales`, admin, {
              id: randomUUID(),
              shiftId,
              lines: [{ productId: shop[t].productIds[0], quantity: 1 }],
              tenders: [{ method: 'card', amountMinor: 100 }],
              totalMinor: 100,
            })
          ).id;
        },
        receipt: async (t) =>
          (await call<{ receiptNumber: string }>('GET', `/merchants/${shop[t].slug}/register-sales/${await context.fresh.sale(t)}`, admin))
            .receiptNumber,
        staffMember: async (t) => {
          const person = await users.insert({ email: `staff-${unique()}@example.com`, name: 'Staff', passwordHash: null });
          await call('POST', `/merchants/${shop[t].slug}/staff`, admin, { email: person.email, role: 'cashier' });
          return person.id;
        },
        apiToken: async (t) =>
          (await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/api-tokens`, admin, { name: `T ${unique()}`, role: 'cashier' })).id,
        taxRate: async (t) =>
          (await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/tax-rates`, admin, { name: `R ${unique()}`, ratePpm: 100_000 })).id,
        customer: async (t) => {
          const { id } = await call<{ id: string }>('POST', `/merchants/${shop[t].slug}/customers`, admin, { id: randomUUID(), name: 'Customer' });
          await call('POST', `/merchants/${shop[t].slug}/customers/${id}/store-credit`, admin, { id: randomUUID(), amountMinor: 1000, reason: 'Start' });
          return id;
        },
        purchaseOrder: async (t, stage, supplierIndex = 0) => {
          const path = `/merchants/${shop[t].slug}/purchase-orders`;
          const { id } = await call<{ id: string }>('POST', path, admin, {
            id: randomUUID(),
            supplierId: shop[t].supplierIds[supplierIndex],
            lines: [{ productId: shop[t].productIds[0], quantity: 2, costMinor: 100 }],
          });
          if (stage !== 'draft') {
            await call('POST', `${path}/${id}/send`, admin);
          }
          if (stage === 'partly received') {
            await call('POST', `${path}/${id}/receipts`, admin, { id: randomUUID(), lines: [{ productId: shop[t].productIds[0], quantity: 1 }] });
          }
          return id;
        },
        reorderRule: async (t) => {
          const productId = await context.fresh.product(t);
          await call('PUT', `/merchants/${shop[t].slug}/products/${productId}/reorder-rule`, admin, { minimum: 1, maximum: 5 });
          return productId;
        },
        purchaseOrderLink: async (t) => {
          const id = await context.fresh.purchaseOrder(t, 'sent');
          const { payload } = await db
            .selectFrom('outbox_events')
            .select('payload')
            .where('subject_id', '=', id)
            .executeTakeFirstOrThrow();
          const event = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { acknowledgeUrl: string };
          return event.acknowledgeUrl.split('/').pop()!;
        },
        orderMessage: async (t) => {
          const eventId = await context.fresh.event(t);
          const { payload } = await db.selectFrom('outbox_events').select('payload').where('id', '=', eventId).executeTakeFirstOrThrow();
          const event = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { acknowledgeUrl: string };
          return { eventId, token: event.acknowledgeUrl.split('/').pop()! };
        },
        supplierInvitation: async (t, email) => {
          if (invitedSuppliers.length > 0) {
            await db.deleteFrom('suppliers').where('id', 'in', invitedSuppliers.splice(0)).execute();
          }
          const supplierId = await context.fresh.supplier(t);
          invitedSuppliers.push(supplierId);
          const token = newToken();
          const { id } = await invitations.insert({
            supplierId,
            email,
            tokenHash: hashToken(token),
            invitedBy: admin.id,
            expiresAt: new Date(Date.now() + 60_000),
          });
          return { supplierId, invitationId: id, token };
        },
        timeEntry: async (t, state) => {
          entriesMade += 1;
          const merchant = await db.selectFrom('merchants').select('id').where('slug', '=', shop[t].slug).executeTakeFirstOrThrow();
          await db
            .updateTable('time_entries')
            .set({ clock_out: new Date() })
            .where('merchant_id', '=', merchant.id)
            .where('user_id', '=', shop[t].owner.id)
            .where('clock_out', 'is', null)
            .execute();
          const clockIn = new Date(Date.UTC(2026, 9, 1) + entriesMade * 2 * 3_600_000);
          const id = randomUUID();
          await db
            .insertInto('time_entries')
            .values({
              id,
              merchant_id: merchant.id,
              user_id: shop[t].owner.id,
              clock_in: state === 'closed' ? clockIn : new Date(Date.now() - 60_000),
              clock_out: state === 'closed' ? new Date(clockIn.getTime() + 3_600_000) : null,
              source: 'account',
              recorded_by: shop[t].owner.id,
            })
            .execute();
          if (state === 'on a break') {
            await db.insertInto('time_entry_breaks').values({ id: randomUUID(), entry_id: id, paid: false, started_at: new Date() }).execute();
          }
          return { id, clockIn };
        },
        shopVersion: async (t) =>
          (await testApp.app.inject({ method: 'GET', url: `/api/v1/merchants/${shop[t].slug}/settings`, headers: { cookie: admin.cookie } })).json<{
            version: number;
          }>().version,
        session: async (persona) => {
          const who = persona === 'anonymous' ? people.customer : people[persona];
          const { token } = await auth.startSession(toUser((await users.findById(who.id))!), { userAgent: 'access matrix' });
          const cookie = `myb_session=${token}`;
          const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie } });
          const id = list.json<{ sessions: { id: string; current: boolean }[] }>().sessions.find((s) => s.current)!.id;
          return { cookie, id };
        },
      },
    };
  });
  afterAll(async () => {
    await testApp.close();
    await idp.close();
  });

  it('has a row for every route the server declares, and none for a route it does not', async () => {
    await testApp.app.ready();
    const declared = routesOf(testApp.app).map((route) => `${route.method} ${route.url}`);
    expect(declared.length).toBeGreaterThan(40);
    expect(declared.filter((key) => !(key in MATRIX)), 'routes without a row in the access matrix').toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !declared.includes(key)), 'rows for routes that do not exist').toEqual([]);
  });

  it("has a row of somebody else's ids for every route with an id parameter, and none for a route without", async () => {
    await testApp.app.ready();
    const declared = routesOf(testApp.app)
      .map((route) => `${route.method} ${route.url}`)
      .filter((key) => key.match(ID_PARAMETER) !== null);
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((key) => !(key in OTHER_IDS)), "routes with an id and no row of somebody else's ids").toEqual([]);
    expect(Object.keys(OTHER_IDS).filter((key) => !declared.includes(key)), 'rows for routes that do not exist or take no id').toEqual([]);
  });

  it.each(Object.keys(OTHER_IDS).filter((key) => 'as' in OTHER_IDS[key]!))(
    "%s: somebody else's id is answered as an id that does not exist",
    async (key) => {
      const row = OTHER_IDS[key] as OtherIdRow;
      const [method, pattern] = key.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const call = (id: string) =>
        testApp.app.inject({
          method,
          url: pattern
            .replace(':merchantSlug', context.shop.A.slug)
            .replace(ID_PARAMETER, (_match, name: string) => row.ownIds?.(context)[name] ?? id),
          payload: row.payload,
          headers: { cookie: context.people[row.as].cookie },
        });
      const other = await call(await row.otherId(context));
      const nowhere = await call(randomUUID());
      const answer = (response: typeof other) => ({ status: response.statusCode, message: response.json<{ message?: string }>().message });
      expect(answer(other), "somebody else's id").toEqual(answer(nowhere));
      expect(other.statusCode).toBe(row.status ?? 404);
    },
  );

  it.each(Object.keys(MATRIX))('%s', async (key) => {
    const row = MATRIX[key]!;
    const [method] = key.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'];
    const mismatches: string[] = [];
    for (const target of ['A', 'B'] as const) {
      for (const [index, persona] of PERSONAS.entries()) {
        const request = await row.request(context, target, persona);
        const cookie =
          persona === 'anonymous'
            ? undefined
            : request.session === 'fresh'
              ? (await context.fresh.session(persona)).cookie
              : context.people[persona].cookie;
        const response = await testApp.app.inject({
          method,
          url: request.url,
          payload: request.payload,
          headers: cookie ? { cookie } : {},
          payloadAsStream: request.stream,
        });
        const body = request.stream ? '' : response.body;
        if (request.stream) {
          response.stream().destroy();
        }
        const expected = row.expect[target][index];
        if (response.statusCode !== expected) {
          mismatches.push(`${persona} on ${target}: expected ${expected}, got ${response.statusCode} ${body.slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
