import { startOidcProvider, type LoopbackOidcProvider } from '@myb/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, engines, signUpUser, type TestApp } from '../helper';

const PUBLIC_URL = 'http://localhost:3999';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/external/oidc/callback`;

/**
 * Two issuers: one configured like Google (the e-mail in the ID token), one as oidc-provider is by
 * default and as OpenID Connect Core §5.4 has it for the code flow (the ID token carries only the
 * subject; the e-mail comes from UserInfo). Every test runs against both.
 */
const ISSUERS = [
  ['configured like Google', 'id-token'],
  ['that gives the e-mail through UserInfo only', 'userinfo'],
] as const;
const CASES = engines().flatMap((engine) => ISSUERS.map(([title, claims]) => [title, engine, claims] as const));

describe.each(CASES)('sign-in with an OpenID Connect issuer %s, on %s', (_title, engine, claims) => {
  let idp: LoopbackOidcProvider;
  let testApp: TestApp;

  beforeAll(async () => {
    idp = await startOidcProvider({ redirectUris: [CALLBACK], claims });
    testApp = await buildTestApp(engine, {
      publicUrl: PUBLIC_URL,
      oidcProviders: [{ id: 'oidc', label: 'Loopback ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }],
    });
  });
  afterAll(async () => {
    await testApp.close();
    await idp.close();
  });
  beforeEach(() => {
    idp.tamper = null;
    idp.userInfoSubject = null;
  });

  const cookieOf = (response: { cookies: { name: string; value: string }[] }, name: string) =>
    response.cookies.find((cookie) => cookie.name === name && cookie.value !== '')?.value;

  /** Starts a sign-in as the browser would, and returns the provider's URL and the state cookie. */
  const start = async (next = '/orders') => {
    const response = await testApp.app.inject({ method: 'GET', url: `/api/v1/auth/external/oidc/start?next=${encodeURIComponent(next)}` });
    expect(response.statusCode).toBe(302);
    const state = cookieOf(response, 'myb_sign_in_state');
    expect(state).toBeDefined();
    return { authorizationUrl: response.headers.location as string, state: state! };
  };
  const callback = (url: URL, state: string | undefined) =>
    testApp.app.inject({
      method: 'GET',
      url: url.pathname + url.search,
      headers: state ? { cookie: `myb_sign_in_state=${state}` } : {},
    });
  const sessionCount = async () =>
    Number((await testApp.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /** The whole round trip; returns the callback's answer. */
  const signInAs = async (login: string) => {
    const { authorizationUrl, state } = await start();
    const back = await idp.signIn(authorizationUrl, login);
    return callback(back, state);
  };

  const expectRefused = async (response: Awaited<ReturnType<typeof callback>>, reason: RegExp, sessionsBefore: number) => {
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location as string, PUBLIC_URL);
    expect(location.pathname).toBe('/sign-in');
    expect(location.searchParams.get('error')).toMatch(reason);
    expect(cookieOf(response, 'myb_session')).toBeUndefined();
    expect(await sessionCount()).toBe(sessionsBefore);
  };

  it('offers the issuer on the sign-in page, and nothing unconfigured', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/providers' });
    expect(response.json().providers).toEqual([
      { id: 'oidc', kind: 'oidc', label: 'Loopback ID' },
      { id: 'password', kind: 'password', label: 'E-mail and password' },
    ]);
    expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/external/google/start' })).statusCode).toBe(404);
  });

  it('asks with PKCE, state and nonce, and creates a customer account for a new verified e-mail', async () => {
    idp.accounts.set('ann', { email: 'ann@idp.example', email_verified: true, name: 'Ann Issuer' });
    const { authorizationUrl } = await start();
    const asked = new URL(authorizationUrl);
    expect(asked.origin).toBe(idp.issuer);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.searchParams.get('nonce')).toBeTruthy();
    expect(asked.searchParams.get('redirect_uri')).toBe(CALLBACK);

    const response = await signInAs('ann');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/orders');
    const cookie = `myb_session=${cookieOf(response, 'myb_session')}`;
    const session = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    expect(session.json().user).toMatchObject({ email: 'ann@idp.example', name: 'Ann Issuer', roles: ['customer'] });

    // The next sign-in finds the same account through the linked identity.
    const again = await signInAs('ann');
    const secondCookie = `myb_session=${cookieOf(again, 'myb_session')}`;
    const second = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: secondCookie } });
    expect(second.json().user.id).toBe(session.json().user.id);
  });

  it('links a verified e-mail to the account that already has it', async () => {
    const existing = await signUpUser(testApp);
    idp.accounts.set('existing', { email: existing.email.toUpperCase(), email_verified: true, name: 'Someone' });
    const response = await signInAs('existing');
    const cookie = `myb_session=${cookieOf(response, 'myb_session')}`;
    const session = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    expect(session.json().user.id).toBe(existing.id);
  });

  it('refuses an e-mail the issuer has not verified', async () => {
    const existing = await signUpUser(testApp);
    idp.accounts.set('unverified', { email: existing.email, email_verified: false, name: 'Impostor' });
    const before = await sessionCount();
    await expectRefused(await signInAs('unverified'), /did not confirm an e-mail address/, before);
  });

  it(
    claims === 'userinfo'
      ? 'refuses a UserInfo answer about another subject than the ID token names'
      : 'reads the e-mail from the ID token, without asking UserInfo',
    async () => {
      idp.accounts.set('ivy', { email: 'ivy@idp.example', email_verified: true, name: 'Ivy' });
      idp.accounts.set('mallory', { email: 'mallory@idp.example', email_verified: true, name: 'Mallory' });
      idp.userInfoSubject = 'mallory';
      const before = await sessionCount();
      const response = await signInAs('ivy');
      if (claims === 'userinfo') {
        await expectRefused(response, /described another person \(its UserInfo subject is not the ID token's\)/, before);
        return;
      }
      const cookie = `myb_session=${cookieOf(response, 'myb_session')}`;
      const session = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
      expect(session.json().user).toMatchObject({ email: 'ivy@idp.example', name: 'Ivy' });
    },
  );

  it('refuses a replayed callback and a replayed code', async () => {
    idp.accounts.set('bob', { email: 'bob@idp.example', email_verified: true, name: 'Bob' });
    const { authorizationUrl, state } = await start();
    const back = await idp.signIn(authorizationUrl, 'bob');
    expect((await callback(back, state)).statusCode).toBe(302);
    const before = await sessionCount();
    await expectRefused(await callback(back, state), /expired or was already used/, before);

    // The same code under a fresh, valid state: the issuer refuses to exchange it twice.
    const fresh = await start();
    const replayed = new URL(back);
    replayed.searchParams.set('state', new URL(fresh.authorizationUrl).searchParams.get('state')!);
    await expectRefused(await callback(replayed, fresh.state), /sign-in failed/, before);
  });

  it('refuses a wrong state and a callback from another browser', async () => {
    idp.accounts.set('carl', { email: 'carl@idp.example', email_verified: true, name: 'Carl' });
    const before = await sessionCount();
    const { authorizationUrl, state } = await start();
    const back = await idp.signIn(authorizationUrl, 'carl');
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    await expectRefused(await callback(forged, state), /not started in this browser/, before);
    await expectRefused(await callback(back, undefined), /not started in this browser/, before);
    const other = await start();
    await expectRefused(await callback(back, other.state), /not started in this browser/, before);
  });

  it.each([
    ['a wrong nonce', { nonce: 'not-the-nonce-we-sent' }, /sign-in failed: .*"nonce"/],
    ['a token for another audience', { aud: 'another-client' }, /sign-in failed: .*"aud"/],
    ['a token from another issuer', { iss: 'https://accounts.evil.example' }, /sign-in failed: .*"iss"/],
  ])('refuses %s, even correctly signed', async (_, tamper, reason) => {
    idp.accounts.set('dora', { email: 'dora@idp.example', email_verified: true, name: 'Dora' });
    const before = await sessionCount();
    idp.tamper = tamper;
    await expectRefused(await signInAs('dora'), reason, before);
  });

  it('refuses a disabled account', async () => {
    const admin = await signUpUser(testApp, { admin: true });
    idp.accounts.set('erin', { email: 'erin@idp.example', email_verified: true, name: 'Erin' });
    const first = await signInAs('erin');
    const cookie = `myb_session=${cookieOf(first, 'myb_session')}`;
    const userId = (await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json().user.id;
    await testApp.app.inject({ method: 'PUT', url: `/api/v1/admin/users/${userId}/disabled`, headers: { cookie: admin.cookie } });
    const before = await sessionCount();
    await expectRefused(await signInAs('erin'), /disabled/, before);
  });

  it('limits the sign-ins started from one address', async () => {
    const limited = await buildTestApp('pglite', {
      publicUrl: PUBLIC_URL,
      oidcProviders: [{ id: 'oidc', label: 'Loopback ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }],
      rateLimits: { externalSignIn: { max: 2, timeWindowMs: 60_000 } },
    });
    try {
      const startOnce = () => limited.app.inject({ method: 'GET', url: '/api/v1/auth/external/oidc/start', remoteAddress: '192.0.2.7' });
      expect((await startOnce()).statusCode).toBe(302);
      expect((await startOnce()).statusCode).toBe(302);
      const refused = await startOnce();
      expect(refused.statusCode).toBe(429);
      expect(refused.json().message).toMatch(/too many sign-ins started/i);
    } finally {
      await limited.close();
    }
  });

  it('never sends the browser off-site after sign-in', async () => {
    idp.accounts.set('fay', { email: 'fay@idp.example', email_verified: true, name: 'Fay' });
    const { authorizationUrl, state } = await start('//evil.example/x');
    const response = await callback(await idp.signIn(authorizationUrl, 'fay'), state);
    expect(response.headers.location).toBe('/');
  });
});
