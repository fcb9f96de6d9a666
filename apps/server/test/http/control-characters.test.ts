import { connect } from 'node:net';
import { startOidcProvider, type LoopbackOidcProvider } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

const PUBLIC_URL = 'http://localhost:3998';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/external/oidc/callback`;

/** Sends one raw HTTP/1.1 request (bytes as given, latin1) to a listening server and returns the answer. */
function rawRequest(port: number, head: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      // Not ended: a client that half-closes its side aborts its own request. The server closes.
      socket.write(Buffer.from(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`, 'latin1'));
      socket.write(body);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
  });
}

describe.each(engines())('control characters in what people send, on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let idp: LoopbackOidcProvider;
  let port: number;

  beforeAll(async () => {
    idp = await startOidcProvider({ redirectUris: [CALLBACK] });
    testApp = await buildTestApp(engine, {
      publicUrl: PUBLIC_URL,
      oidcProviders: [{ id: 'oidc', label: 'Loopback ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }],
    });
    shop = await createShop(testApp, { suppliers: 1, products: 1 });
    await testApp.app.listen({ host: '127.0.0.1', port: 0 });
    port = (testApp.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await testApp.close();
    await idp.close();
  });

  const count = async (table: 'products' | 'users' | 'sessions') =>
    Number((await testApp.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const expectRefused = (response: { statusCode: number; json: () => { message: string; issues?: unknown[] } }, message: string, path: string) => {
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe(message);
    expect(response.json().issues).toEqual([{ path, message }]);
  };

  const newProduct = (fields: Record<string, unknown>, owner: SignedInUser = shop.owner) =>
    testApp.app.inject({
      method: 'POST',
      url: `/api/v1/merchants/${shop.slug}/products`,
      headers: { cookie: owner.cookie },
      payload: { sku: `SKU-${Math.random().toString(36).slice(2, 8)}`, name: 'Hex nuts', priceMinor: 120, stock: 5, ...fields },
    });

  it('refuses NUL in a product name, a description and a JSON key with 400, and writes nothing', async () => {
    const before = await count('products');
    expectRefused(await newProduct({ name: 'Hex\u0000nuts' }), 'Name: text may not contain control characters.', 'body.name');
    expectRefused(
      await newProduct({ description: 'Zinc\u0000plated' }),
      'Description: text may not contain control characters.',
      'body.description',
    );
    expectRefused(await newProduct({ 'name\u0000': 'x' }), 'A field name may not contain control characters.', 'body');
    expectRefused(await newProduct({ sku: 'A\u001b[31m' }), 'SKU: text may not contain control characters.', 'body.sku');
    expect(await count('products')).toBe(before);
  });

  it('keeps line breaks in a description, and refuses them in a name', async () => {
    const described = await newProduct({ description: 'Zinc plated.\r\n\tM6, M8.' });
    expect(described.statusCode).toBe(201);
    expect(described.json().description).toBe('Zinc plated.\r\n\tM6, M8.');
    const twoLines = await newProduct({ name: 'Hex\nnuts' });
    expect(twoLines.statusCode).toBe(400);
    expect(twoLines.json().message).toBe('Name must fit on one line.');
  });

  it('refuses NUL in a search, a query parameter and a path parameter', async () => {
    expectRefused(
      await testApp.app.inject({ method: 'GET', url: `/api/v1/merchants/${shop.slug}/products?q=%00` }),
      'Search: text may not contain control characters.',
      'querystring.q',
    );
    expectRefused(
      await testApp.app.inject({ method: 'GET', url: `/api/v1/merchants/${shop.slug}/products?category=a%01b` }),
      'Category: text may not contain control characters.',
      'querystring.category',
    );
    expectRefused(
      await testApp.app.inject({ method: 'GET', url: '/api/v1/merchants/acme%00/products' }),
      'Shop: text may not contain control characters.',
      'params.merchantSlug',
    );
  });

  it('refuses NUL in a sign-up name, e-mail address or password, and creates no account', async () => {
    const before = await count('users');
    const signUp = (fields: Record<string, string>) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: 'nul@example.com', name: 'Nul', password: 'correct horse battery', ...fields },
      });
    expectRefused(await signUp({ name: 'N\u0000ul' }), 'Name: text may not contain control characters.', 'body.name');
    expectRefused(await signUp({ email: 'nul\u0000@example.com' }), 'E-mail address: text may not contain control characters.', 'body.email');
    expectRefused(
      await signUp({ password: 'correct\u0000horse battery' }),
      'Password: text may not contain control characters.',
      'body.password',
    );
    expect(await count('users')).toBe(before);
  });

  it('answers a header holding a control character with 400 and a sentence, over a real connection', async () => {
    const before = await count('sessions');
    const body = JSON.stringify({ email: shop.owner.email, password: 'correct horse battery' });
    for (const agent of ['Bot\u0001/1.0', 'Bot\u0000/1.0', 'Bot\u007f/1.0']) {
      const answer = await rawRequest(
        port,
        `POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nUser-Agent: ${agent}`,
        body,
      );
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^A request header holds a character/) });
    }
    expect(await count('sessions')).toBe(before);
  });

  it('stores a User-Agent without the control characters HTTP lets through (C1, as Latin-1 bytes)', async () => {
    const body = JSON.stringify({ email: shop.owner.email, password: 'correct horse battery' });
    const answer = await rawRequest(
      port,
      `POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nUser-Agent: Bot\u0085\u009b/1.0\tbeta`,
      body,
    );
    expect(answer.status).toBe(200);
    const stored = await testApp.database.db.selectFrom('sessions').select('user_agent').where('user_id', '=', shop.owner.id).execute();
    expect(stored.map((row) => row.user_agent)).toContain('Bot/1.0beta');
  });

  it('strips control characters from the name an identity provider gives, and refuses such an e-mail address', async () => {
    const signInAs = async (login: string) => {
      const started = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/external/oidc/start?next=/' });
      const state = started.cookies.find((cookie) => cookie.name === 'myb_sign_in_state')!.value;
      const back = await idp.signIn(started.headers.location as string, login);
      return testApp.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: `myb_sign_in_state=${state}` } });
    };
    idp.accounts.set('nul-name', { email: 'nul-name@idp.example', email_verified: true, name: 'Ann\u0000 Is\u0007suer' });
    const named = await signInAs('nul-name');
    expect(named.statusCode).toBe(302);
    expect(named.headers.location).toBe('/');
    const user = await testApp.database.db.selectFrom('users').select('name').where('email', '=', 'nul-name@idp.example').executeTakeFirstOrThrow();
    expect(user.name).toBe('Ann Issuer');

    const before = await count('users');
    idp.accounts.set('nul-email', { email: 'nul\u0000email@idp.example', email_verified: true, name: 'Nul' });
    const refused = await signInAs('nul-email');
    expect(refused.statusCode).toBe(302);
    expect(new URL(refused.headers.location as string, PUBLIC_URL).searchParams.get('error')).toMatch(/control characters/);
    expect(await count('users')).toBe(before);
  });
});

describe('refusals that need no database', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp('pglite');
  });
  afterAll(() => testApp.close());

  it('names the entry of a list that holds a control character', async () => {
    const owner = await signUpUser(testApp, { merchant: true });
    await testApp.app.inject({ method: 'POST', url: '/api/v1/merchants', headers: { cookie: owner.cookie }, payload: { name: 'Nul shop', slug: 'nul-shop' } });
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/merchants/nul-shop/suppliers',
      headers: { cookie: owner.cookie },
      payload: { name: 'Bolt Co', emails: ['a@bolt.example', 'b\u0000@bolt.example'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('E-mail addresses (entry 2): text may not contain control characters.');
  });
});
