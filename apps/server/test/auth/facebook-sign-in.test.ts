import { startFacebookStandIn, type LoopbackFacebook } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, engines, signUpUser, type TestApp } from '../helper';

const PUBLIC_URL = 'http://localhost:3999';

describe.each(engines())('sign-in with Facebook (OAuth 2.0 and the Graph API profile) on %s', (engine) => {
  let facebook: LoopbackFacebook;
  let testApp: TestApp;

  beforeAll(async () => {
    facebook = await startFacebookStandIn({ redirectUri: `${PUBLIC_URL}/api/v1/auth/external/facebook/callback` });
    testApp = await buildTestApp(engine, {
      publicUrl: PUBLIC_URL,
      facebook: {
        clientId: facebook.clientId,
        clientSecret: facebook.clientSecret,
        authorizationUrl: facebook.authorizationUrl,
        tokenUrl: facebook.tokenUrl,
        profileUrl: facebook.profileUrl,
      },
    });
  });
  afterAll(async () => {
    await testApp.close();
    await facebook.close();
  });

  const cookieOf = (response: { cookies: { name: string; value: string }[] }, name: string) =>
    response.cookies.find((cookie) => cookie.name === name && cookie.value !== '')?.value;

  /** The browser's round trip: start, Facebook's dialog, back to the callback. */
  const roundTrip = async () => {
    const started = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/external/facebook/start' });
    expect(started.statusCode).toBe(302);
    const dialog = new URL(started.headers.location as string);
    expect(dialog.searchParams.get('scope')).toBe('email public_profile');
    expect(dialog.searchParams.get('code_challenge_method')).toBe('S256');
    const answer = await fetch(dialog, { redirect: 'manual' });
    expect(answer.status, await answer.clone().text()).toBe(302);
    const back = new URL(answer.headers.get('location')!);
    const state = cookieOf(started, 'myb_sign_in_state')!;
    return {
      back,
      state,
      callback: (url = back, withState: string | undefined = state) =>
        testApp.app.inject({
          method: 'GET',
          url: url.pathname + url.search,
          headers: withState ? { cookie: `myb_sign_in_state=${withState}` } : {},
        }),
    };
  };
  const whoIs = async (response: { cookies: { name: string; value: string }[] }) =>
    (
      await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { cookie: `myb_session=${cookieOf(response, 'myb_session')}` },
      })
    ).json<{ user: { id: string; email: string; name: string } }>().user;

  it('is offered on the sign-in page', async () => {
    const providers = (await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/providers' })).json().providers;
    expect(providers).toContainEqual({ id: 'facebook', kind: 'oauth2', label: 'Facebook' });
  });

  it('creates a customer from the profile, and finds it again by the Facebook id', async () => {
    facebook.nextProfile = { id: '10001', name: 'Fiona Book', email: 'fiona@fb.example' };
    const first = await (await roundTrip()).callback();
    expect(first.headers.location).toBe('/');
    const user = await whoIs(first);
    expect(user).toMatchObject({ email: 'fiona@fb.example', name: 'Fiona Book' });
    facebook.nextProfile = { id: '10001', name: 'Fiona B.', email: 'fiona.new@fb.example' };
    expect((await whoIs(await (await roundTrip()).callback())).id).toBe(user.id);
  });

  it('links to the account with the same e-mail', async () => {
    const existing = await signUpUser(testApp);
    facebook.nextProfile = { id: '10002', name: 'Existing', email: existing.email };
    expect((await whoIs(await (await roundTrip()).callback())).id).toBe(existing.id);
  });

  it('refuses a profile without an e-mail, a replayed callback, a reused code and a wrong state', async () => {
    facebook.nextProfile = { id: '10003', name: 'No Mail' };
    const noMail = await (await roundTrip()).callback();
    expect(noMail.headers.location).toMatch(/^\/sign-in\?error=.*did%20not%20confirm/);
    expect(cookieOf(noMail, 'myb_session')).toBeUndefined();

    facebook.nextProfile = { id: '10004', name: 'Gus', email: 'gus@fb.example' };
    const trip = await roundTrip();
    expect((await trip.callback()).headers.location).toBe('/');
    const replay = await trip.callback();
    expect(replay.headers.location).toMatch(/already%20used/);
    expect(cookieOf(replay, 'myb_session')).toBeUndefined();

    const fresh = await roundTrip();
    const reused = new URL(fresh.back);
    reused.searchParams.set('code', trip.back.searchParams.get('code')!);
    const refused = await fresh.callback(reused);
    expect(refused.headers.location).toMatch(/Facebook%20sign-in%20failed/);
    expect(cookieOf(refused, 'myb_session')).toBeUndefined();

    const other = await roundTrip();
    const forged = await other.callback(other.back, 'another-browser-state');
    expect(forged.headers.location).toMatch(/not%20started%20in%20this%20browser/);
  });
});
