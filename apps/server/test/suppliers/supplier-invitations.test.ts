import { randomUUID } from 'node:crypto';
import type { SupplierInvitation, SupplierPeople, SupplierPurchaseOrderSummary } from '@myb/contracts';
import { startSmtpServer, type LoopbackSmtpServer } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

describe.each(engines())('inviting a supplier’s people on %s', (engine: Engine) => {
  let smtp: LoopbackSmtpServer;
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await buildTestApp(engine, {
      publicUrl: 'https://shop.example',
      mail: { kind: 'smtp', url: smtp.url, from: 'MeetYourBusiness <accounts@meetyourbusiness.local>' },
    });
    [shop, otherShop, customer] = await Promise.all([
      createShop(testApp, { suppliers: 2, products: 2 }),
      createShop(testApp, { suppliers: 1, products: 1 }),
      signUpUser(testApp),
    ]);
  });
  afterAll(async () => {
    await testApp?.close();
    await smtp?.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, as?: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: as ? { cookie: as.cookie } : {}, payload });
  const invitations = (fixture = shop, supplierId = fixture.supplierIds[0]!) =>
    `/merchants/${fixture.slug}/suppliers/${supplierId}/invitations`;
  const db = () => testApp.database.db;

  /** Invites `email` as the shop's owner and returns the invitation and the token of the link e-mailed. */
  const invite = async (email: string, fixture = shop, supplierId = fixture.supplierIds[0]!) => {
    const before = smtp.received.length;
    const made = await call('POST', invitations(fixture, supplierId), fixture.owner, { email });
    expect(made.statusCode, made.body).toBe(201);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.envelopeTo).toEqual([email.toLowerCase()]);
    const match = /https:\/\/shop\.example\/supplier-invitations\/([\w-]+)/.exec(mail!.parsed.text ?? '');
    expect(match, mail!.parsed.text).not.toBeNull();
    return { invitation: made.json<SupplierInvitation>(), token: match![1]!, mail: mail! };
  };
  const newPerson = () => signUpUser(testApp);
  const accept = (token: string, as?: SignedInUser) =>
    call('POST', `/supplier-invitations/${token}/accept`, as);
  const view = (token: string) => call('GET', `/supplier-invitations/${token}`);

  /** A purchase order of the fixture's first supplier, sent. */
  const sendPurchaseOrder = async (fixture: ShopFixture) => {
    const path = `/merchants/${fixture.slug}/purchase-orders`;
    const made = await call('POST', path, fixture.owner, {
      id: randomUUID(),
      supplierId: fixture.supplierIds[0],
      lines: [{ productId: fixture.productIds[0], quantity: 3, costMinor: 100 }],
    });
    expect(made.statusCode, made.body).toBe(201);
    const sent = await call('POST', `${path}/${made.json<{ id: string }>().id}/send`, fixture.owner);
    expect(sent.statusCode, sent.body).toBe(200);
    return sent.json<{ id: string }>().id;
  };

  it('e-mails a link that makes the invited account one of the supplier’s people, who then reads what the shop sent', async () => {
    const person = await newPerson();
    const { invitation, token, mail } = await invite(person.email.toUpperCase());
    expect(mail.parsed.subject).toBe(`Shop ${shop.slug} invites you to its supplier portal for Supplier 0`);
    expect(invitation).toMatchObject({
      email: person.email,
      status: 'pending',
      invitedBy: { id: shop.owner.id, email: shop.owner.email },
      acceptedBy: null,
      acceptedAt: null,
    });
    // Kept only as its hash.
    const stored = await db()
      .selectFrom('supplier_invitations')
      .select('token_hash')
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const shown = await view(token);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      merchant: { slug: shop.slug, name: `Shop ${shop.slug}` },
      supplier: { name: 'Supplier 0' },
      invitedBy: expect.stringMatching(/^User /),
      email: person.email,
    });

    expect((await call('GET', '/me/supplier-messages', person)).statusCode).toBe(403);
    expect((await accept(token)).statusCode).toBe(401);
    const accepted = await accept(token, person);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({
      merchant: { slug: shop.slug, name: `Shop ${shop.slug}` },
      supplier: { id: shop.supplierIds[0], name: 'Supplier 0' },
    });
    expect((await call('GET', '/auth/session', person)).json().user.roles).toContain('supplier');

    const people = (await call('GET', invitations(), shop.owner)).json<SupplierPeople>();
    expect(people.members).toEqual([expect.objectContaining({ id: person.id, email: person.email })]);
    expect(people.invitations).toEqual([
      expect.objectContaining({
        id: invitation.id,
        status: 'accepted',
        acceptedBy: { id: person.id, name: expect.any(String), email: person.email },
        acceptedAt: expect.any(String),
      }),
    ]);
    const audited = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('target_user_id', '=', person.id)
      .execute();
    expect(audited).toEqual([expect.objectContaining({ action: 'supplier.linked', actor_id: person.id })]);

    // Product 0 is supplied by supplier 0, product 1 by supplier 1: only the first's message is theirs.
    const order = await call('POST', '/orders', customer, {
      merchantSlug: shop.slug,
      items: [
        { productId: shop.productIds[0], quantity: 1 },
        { productId: shop.productIds[1], quantity: 1 },
      ],
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(
      (await call('POST', `/merchants/${shop.slug}/orders/${order.json().id}/dispatch`, shop.owner))
        .statusCode,
    ).toBe(200);
    const messages = (await call('GET', '/me/supplier-messages', person)).json<{
      messages: { supplier: { id: string }; payload: { order: { id: string } } }[];
    }>().messages;
    expect(messages.map((message) => [message.supplier.id, message.payload.order.id])).toEqual([
      [shop.supplierIds[0], order.json().id],
    ]);

    // The link worked once.
    const again = await accept(token, person);
    expect(again.statusCode).toBe(410);
    expect(again.json().message).toMatch(
      /^This invitation was accepted on \d{4}-\d\d-\d\d and works only once/,
    );
    expect((await view(token)).statusCode).toBe(410);
    // Inviting someone who already has access says so.
    const twice = await call('POST', invitations(), shop.owner, { email: person.email });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().issues).toEqual([{ path: 'body.email', message: 'already has access' }]);
  });

  it('refuses an account with another address, saying which address to sign in with', async () => {
    const invited = `someone-${randomUUID().slice(0, 8)}@supplier.example`;
    const { token } = await invite(invited);
    const wrong = await newPerson();
    const refused = await accept(token, wrong);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe(
      `This invitation is for ${invited}: sign out, then sign in with that address (or create an account with it) to accept.`,
    );
    expect((await call('GET', '/me/supplier-messages', wrong)).statusCode).toBe(403);
    // Still pending: the right person may accept it afterwards.
    expect((await view(token)).statusCode).toBe(200);
  });

  it('answers 410 with a sentence for an expired or withdrawn invitation, and 404 for an unknown one', async () => {
    const person = await newPerson();
    const expired = await invite(person.email);
    await db()
      .updateTable('supplier_invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.invitation.id)
      .execute();
    const tooLate = await accept(expired.token, person);
    expect(tooLate.statusCode).toBe(410);
    expect(tooLate.json().message).toBe(
      `This invitation has expired (invitations work for 14 days): ask Shop ${shop.slug} to invite you again.`,
    );
    expect((await view(expired.token)).statusCode).toBe(410);

    // Inviting again replaces the expired one; withdrawing that one ends its link too.
    const fresh = await invite(person.email);
    const withdrawn = await call('DELETE', `${invitations()}/${fresh.invitation.id}`, shop.owner);
    expect(withdrawn.statusCode, withdrawn.body).toBe(204);
    const refused = await accept(fresh.token, person);
    expect(refused.statusCode).toBe(410);
    expect(refused.json().message).toBe(
      `Shop ${shop.slug} withdrew this invitation: ask them to invite you again if you should have access.`,
    );
    const row = await db()
      .selectFrom('supplier_invitations')
      .selectAll()
      .where('id', '=', fresh.invitation.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'withdrawn', ended_by: shop.owner.id });
    expect((await call('DELETE', `${invitations()}/${fresh.invitation.id}`, shop.owner)).statusCode).toBe(
      409,
    );
    expect(
      (await call('GET', invitations(), shop.owner)).json<SupplierPeople>().invitations.map((i) => i.id),
    ).not.toContain(fresh.invitation.id);

    const unknown = await view('not-a-real-token');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe(
      'This invitation is not known: open the link from the e-mail exactly as it is.',
    );
    expect((await accept('not-a-real-token', person)).statusCode).toBe(404);
    expect((await call('GET', '/me/supplier-messages', person)).statusCode).toBe(403);
  });

  it('replaces a pending invitation of the same address: the earlier link stops working', async () => {
    const person = await newPerson();
    const first = await invite(person.email, shop, shop.supplierIds[1]);
    const second = await invite(person.email, shop, shop.supplierIds[1]);
    const pending = (
      await call('GET', invitations(shop, shop.supplierIds[1]), shop.owner)
    ).json<SupplierPeople>().invitations;
    expect(pending.filter((i) => i.email === person.email).map((i) => [i.id, i.status])).toEqual([
      [second.invitation.id, 'pending'],
    ]);
    const old = await accept(first.token, person);
    expect(old.statusCode).toBe(410);
    expect(old.json().message).toBe(
      `Shop ${shop.slug} sent a newer invitation to this address: open the link in the latest e-mail.`,
    );
    expect((await accept(second.token, person)).statusCode).toBe(200);
  });

  it("answers another shop's supplier and invitation as unknown ones, and refuses a bad address", async () => {
    const person = await newPerson();
    const { invitation } = await invite(person.email, otherShop);
    const mine = invitations();
    for (const [method, url] of [
      ['GET', invitations(shop, otherShop.supplierIds[0])],
      ['POST', invitations(shop, otherShop.supplierIds[0])],
      ['DELETE', `${invitations(shop, otherShop.supplierIds[0])}/${invitation.id}`],
      ['DELETE', `${mine}/${invitation.id}`],
    ] as const) {
      const other = await call(
        method,
        url,
        shop.owner,
        method === 'POST' ? { email: 'x@example.com' } : undefined,
      );
      const nowhere = await call(
        method,
        url.replace(otherShop.supplierIds[0]!, randomUUID()).replace(invitation.id, randomUUID()),
        shop.owner,
        method === 'POST' ? { email: 'x@example.com' } : undefined,
      );
      expect([other.statusCode, other.json().message], `${method} ${url}`).toEqual([
        nowhere.statusCode,
        nowhere.json().message,
      ]);
      expect(other.statusCode).toBe(404);
    }
    const bad = await call('POST', mine, shop.owner, { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('body.email');
    // The other shop's invitation is untouched.
    expect(
      (await call('GET', invitations(otherShop), otherShop.owner))
        .json<SupplierPeople>()
        .invitations.map((i) => i.id),
    ).toContain(invitation.id);
  });

  it('shows a person invited by two shops both shops’ purchase orders in one portal', async () => {
    const person = await newPerson();
    const here = await invite(person.email, shop);
    const there = await invite(person.email, otherShop);
    expect((await accept(here.token, person)).statusCode).toBe(200);
    expect((await accept(there.token, person)).statusCode).toBe(200);
    const sentHere = await sendPurchaseOrder(shop);
    const sentThere = await sendPurchaseOrder(otherShop);
    const listed = (await call('GET', '/me/supplier-purchase-orders', person)).json<{
      purchaseOrders: SupplierPurchaseOrderSummary[];
    }>().purchaseOrders;
    expect(listed.map((order) => [order.id, order.merchant.slug]).sort()).toEqual(
      [
        [sentHere, shop.slug],
        [sentThere, otherShop.slug],
      ].sort(),
    );
  });
});

describe('invitation links opened from one address', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp('pglite', {
      rateLimits: { supplierInvitationLink: { max: 2, timeWindowMs: 60_000 } },
    });
  });
  afterAll(() => testApp?.close());

  it('are limited: tokens are not found by trying', async () => {
    const open = (remoteAddress: string) =>
      testApp.app.inject({ method: 'GET', url: '/api/v1/supplier-invitations/made-up', remoteAddress });
    expect((await open('10.9.0.1')).statusCode).toBe(404);
    expect((await open('10.9.0.1')).statusCode).toBe(404);
    const refused = await open('10.9.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(
      /^Too many invitation links opened from this address: try again in 1 minute\.$/,
    );
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await open('10.9.0.2')).statusCode).toBe(404);
  });
});
