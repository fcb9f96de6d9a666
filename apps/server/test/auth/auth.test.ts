import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, engines, signUpUser, type TestApp } from '../helper';

const PASSWORD = 'correct horse battery';

describe.each(engines())('sessions and request safety on %s', (engine) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await buildTestApp(engine, { allowedOrigins: ['http://127.0.0.1:5173'] });
  });
  afterAll(() => testApp.close());

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const inject = (method: Method, url: string, options: { cookie?: string; payload?: object; headers?: Record<string, string> } = {}) =>
    testApp.app.inject({
      method,
      url: `/api/v1${url}`,
      payload: options.payload,
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    });
  const sessionCookie = (response: { cookies: { name: string; value: string }[] }) => {
    const cookie = response.cookies.find((c) => c.name === 'myb_session');
    if (!cookie) {
      throw new Error('no session cookie');
    }
    return `myb_session=${cookie.value}`;
  };
  const signIn = (email: string, headers: Record<string, string> = {}, cookie?: string) =>
    inject('POST', '/auth/sign-in', { payload: { email, password: PASSWORD }, headers, cookie });

  describe('sign-in', () => {
    it('issues a new session id at every sign-in and ends the one the browser held', async () => {
      const user = await signUpUser(testApp);
      const first = sessionCookie(await signIn(user.email));
      const second = await signIn(user.email, {}, first);
      expect(second.statusCode).toBe(200);
      const secondCookie = sessionCookie(second);
      expect(secondCookie).not.toBe(first);
      expect((await inject('GET', '/auth/session', { cookie: first })).statusCode).toBe(401);
      expect((await inject('GET', '/auth/session', { cookie: secondCookie })).statusCode).toBe(200);
    });

    it('a session id planted before sign-in is not the one signed in', async () => {
      const user = await signUpUser(testApp);
      const planted = 'myb_session=attacker-chosen-value';
      const response = await signIn(user.email, {}, planted);
      expect(sessionCookie(response)).not.toBe(planted);
    });

    it('marks the cookie Secure behind HTTPS, HttpOnly and SameSite always', async () => {
      const user = await signUpUser(testApp);
      const plain = (await signIn(user.email)).cookies.find((c) => c.name === 'myb_session')!;
      expect(plain.secure).toBeFalsy();
      expect(plain.httpOnly).toBe(true);
      expect(plain.sameSite).toBe('Lax');
      const proxied = (await signIn(user.email, { 'x-forwarded-proto': 'https' })).cookies.find((c) => c.name === 'myb_session')!;
      expect(proxied.secure).toBe(true);

      const forced = await buildTestApp(engine, { secureCookies: true });
      try {
        const other = await signUpUser(forced);
        const response = await forced.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: other.email, password: PASSWORD },
        });
        expect(response.cookies.find((c) => c.name === 'myb_session')!.secure).toBe(true);
      } finally {
        await forced.close();
      }
    });

    it('signs out on the server: the old cookie gets 401 everywhere', async () => {
      const user = await signUpUser(testApp);
      expect((await inject('POST', '/auth/sign-out', { cookie: user.cookie })).statusCode).toBe(204);
      expect((await inject('GET', '/auth/session', { cookie: user.cookie })).statusCode).toBe(401);
      expect((await inject('GET', '/auth/sessions', { cookie: user.cookie })).statusCode).toBe(401);
      expect((await inject('GET', '/orders', { cookie: user.cookie })).statusCode).toBe(401);
      // Placing an order checks the session in the order's own statement: refused all the same, before the unknown shop.
      const order = { merchantSlug: 'no-such-shop', items: [{ productId: randomUUID(), quantity: 1 }] };
      expect((await inject('POST', '/orders', { cookie: user.cookie, payload: order })).statusCode).toBe(401);
      expect((await inject('POST', '/orders', { cookie: 'myb_session=made-up', payload: order })).statusCode).toBe(401);
    });
  });

  describe('my sessions', () => {
    it('lists my sessions with when and from what, and revokes one', async () => {
      const user = await signUpUser(testApp);
      const phone = sessionCookie(await signIn(user.email, { 'user-agent': 'Phone Browser/1.0' }));
      const list = await inject('GET', '/auth/sessions', { cookie: user.cookie });
      expect(list.statusCode).toBe(200);
      const sessions = list.json<{ sessions: { id: string; userAgent: string; current: boolean; createdAt: string; lastSeenAt: string }[] }>()
        .sessions;
      expect(sessions).toHaveLength(2);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      const other = sessions.find((s) => !s.current)!;
      expect(other.userAgent).toBe('Phone Browser/1.0');
      expect(Date.parse(other.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(other.createdAt));

      const stranger = await signUpUser(testApp);
      expect((await inject('DELETE', `/auth/sessions/${other.id}`, { cookie: stranger.cookie })).statusCode).toBe(404);
      expect((await inject('GET', '/auth/session', { cookie: phone })).statusCode).toBe(200);

      expect((await inject('DELETE', `/auth/sessions/${other.id}`, { cookie: user.cookie })).statusCode).toBe(204);
      expect((await inject('GET', '/auth/session', { cookie: phone })).statusCode).toBe(401);
      expect((await inject('GET', '/auth/session', { cookie: user.cookie })).statusCode).toBe(200);
      expect((await inject('DELETE', `/auth/sessions/${randomUUID()}`, { cookie: user.cookie })).statusCode).toBe(404);
      expect((await inject('DELETE', '/auth/sessions/not-an-id', { cookie: user.cookie })).statusCode).toBe(400);
      expect((await inject('GET', '/auth/sessions')).statusCode).toBe(401);
    });
  });

  describe('cross-site requests', () => {
    it('refuses a state-changing request from another origin with a message', async () => {
      const user = await signUpUser(testApp);
      const foreign = await inject('POST', '/auth/sign-out', { cookie: user.cookie, headers: { origin: 'https://evil.example' } });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().message).toMatch(/^Cross-site request refused: https:\/\/evil\.example/);
      const byReferer = await inject('POST', '/auth/sign-out', {
        cookie: user.cookie,
        headers: { referer: 'https://evil.example/page?x=1' },
      });
      expect(byReferer.statusCode).toBe(403);
      const opaque = await inject('POST', '/auth/sign-out', { cookie: user.cookie, headers: { origin: 'null' } });
      expect(opaque.statusCode).toBe(403);
      // Still signed in: none of the above did anything.
      expect((await inject('GET', '/auth/session', { cookie: user.cookie, headers: { origin: 'https://evil.example' } })).statusCode).toBe(200);
      // A foreign page cannot sign a visitor in either.
      expect((await signIn(user.email, { origin: 'https://evil.example' })).statusCode).toBe(403);
    });

    it('accepts its own origin, a configured one, and clients that name none', async () => {
      const user = await signUpUser(testApp);
      expect((await signIn(user.email, { origin: 'http://localhost' })).statusCode).toBe(200);
      expect((await signIn(user.email, { referer: 'http://localhost/sign-in?next=%2F' })).statusCode).toBe(200);
      expect((await signIn(user.email, { origin: 'http://127.0.0.1:5173' })).statusCode).toBe(200);
      expect((await signIn(user.email, { origin: 'https://shop.example', 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https' })).statusCode).toBe(200);
      expect((await signIn(user.email)).statusCode).toBe(200);
    });

    it('lets a Bearer request through, and judges it without the cookie', async () => {
      const user = await signUpUser(testApp);
      const response = await inject('POST', '/auth/sign-out', {
        headers: { origin: 'https://evil.example', authorization: 'Bearer some-token', cookie: user.cookie },
      });
      expect(response.statusCode).toBe(204);
      expect((await inject('GET', '/auth/sessions', { headers: { authorization: 'Bearer some-token', cookie: user.cookie } })).statusCode).toBe(401);
      expect((await inject('GET', '/auth/session', { headers: { authorization: 'Bearer some-token', cookie: user.cookie } })).statusCode).toBe(401);
      // The cookie's session was not the one signed out.
      expect((await inject('GET', '/auth/session', { cookie: user.cookie })).statusCode).toBe(200);
    });
  });
});

describe('rate limits on sign-in and sign-up', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp('pglite', {
      rateLimits: {
        signIn: { max: 3, timeWindowMs: 60_000 },
        signInPerClient: { max: 6, timeWindowMs: 60_000 },
        signUp: { max: 8, timeWindowMs: 60_000 },
      },
    });
  });
  afterAll(() => testApp.close());

  const attempt = (email: string, password: string, remoteAddress = '203.0.113.7') =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress });

  it('refuses a fourth attempt at one account from one address with 429, Retry-After and a message', async () => {
    const user = await signUpUser(testApp);
    for (let i = 0; i < 3; i += 1) {
      expect((await attempt(user.email, `wrong guess ${i}`)).statusCode).toBe(401);
    }
    const refused = await attempt(user.email, PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/^Too many sign-in attempts for this account: try again in \d+ minutes?\.$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same e-mail in other letter case is the same account.
    expect((await attempt(user.email.toUpperCase(), PASSWORD)).statusCode).toBe(429);
    // Another address is counted on its own.
    expect((await attempt(user.email, PASSWORD, '198.51.100.9')).statusCode).toBe(200);
  });

  it('limits attempts from one address across accounts', async () => {
    const address = '192.0.2.44';
    for (let i = 0; i < 6; i += 1) {
      expect((await attempt(`nobody${i}@example.com`, 'whatever', address)).statusCode).toBe(401);
    }
    const refused = await attempt('someone-else@example.com', 'whatever', address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/too many sign-in attempts from your address/i);
  });

  it('believes X-Forwarded-For from a proxy on loopback only, so a client cannot dodge the limit with it', async () => {
    const from = (remoteAddress: string, forwardedFor: string) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: `nobody-${randomUUID()}@example.com`, password: 'whatever' },
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    for (let i = 0; i < 6; i += 1) {
      expect((await from('192.0.2.77', `198.18.0.${i}`)).statusCode).toBe(401);
    }
    expect((await from('192.0.2.77', '198.18.0.99')).statusCode).toBe(429);
    // Behind the proxy on loopback, each client it forwards is counted on its own.
    for (let i = 0; i < 8; i += 1) {
      expect((await from('127.0.0.1', `198.18.1.${i}`)).statusCode).toBe(401);
    }
  });

  it('limits sign-ups from one address', async () => {
    const signUp = (i: number) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: `burst${i}-${randomUUID()}@example.com`, name: 'Burst', password: PASSWORD },
        remoteAddress: '203.0.113.99',
      });
    for (let i = 0; i < 8; i += 1) {
      expect((await signUp(i)).statusCode).toBe(201);
    }
    const refused = await signUp(8);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });
});
