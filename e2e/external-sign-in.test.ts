import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, Screenshots, step } from './support/browser';
import {
  buildWebOnce,
  freePort,
  hasChromium,
  startOidcProvider,
  startServer,
  type LoopbackOidcProvider,
  type RunningServer,
} from '@myb/testing';

/**
 * Signing in through an OpenID Connect issuer, in Chromium against the real server process: the
 * sign-in page offers it, the issuer's own login page is filled in, and the browser comes back
 * signed in; an issuer that vouches for no e-mail address is refused. The issuer is configured as
 * oidc-provider is by default (the e-mail given by UserInfo, not in the ID token); the API suite
 * also runs one configured like Google.
 */
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('browser sign-in with an OpenID Connect issuer'))('browser sign-in with an OpenID Connect issuer', () => {
  let idp: LoopbackOidcProvider;
  let server: RunningServer;
  let browser: Browser;
  let failed = false;

  beforeAll(async () => {
    const port = await freePort();
    idp = await startOidcProvider({
      redirectUris: [`http://127.0.0.1:${port}/api/v1/auth/external/oidc/callback`],
      claims: 'userinfo',
    });
    await buildWebOnce();
    server = await startServer('oidc', {
      PORT: String(port),
      DEMO_AGENTS: 'false',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_LABEL: 'Loopback ID',
    });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    if (failed) {
      console.error(`\n----- server output (oidc) -----\n${server?.output()}\n----- end of server output -----\n`);
    }
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });

  /** From the app's sign-in page through the issuer's login form, as `login`. */
  async function signInThroughIssuer(page: Page, login: string, shots: Screenshots) {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Continue with Loopback ID' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('any password');
    await shots.take(page, `issuer-login-${login}`);
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  it('signs a new customer in through the issuer, and keeps them signed in', async () => {
    const shots = new Screenshots('oidc-sign-in');
    const page = await openPage(browser, server.url);
    try {
      idp.accounts.set('gina', { email: 'gina@idp.example', email_verified: true, name: 'Gina Issuer' });
      await step(shots, 'the sign-in page offers the issuer and e-mail + password only', [page], async () => {
        await page.goto('/sign-in');
        await page.getByRole('link', { name: 'Continue with Loopback ID' }).waitFor();
        expect(await page.getByRole('link', { name: /^Continue with/ }).count()).toBe(1);
        await shots.take(page, 'sign-in-page');
      });
      await step(shots, 'Gina signs in at the issuer', [page], () => signInThroughIssuer(page, 'gina', shots));
      await step(shots, 'Gina is back, signed in', [page], async () => {
        await page.waitForURL((url) => url.origin === server.url);
        await page.getByRole('button', { name: 'Sign out', ...exact }).waitFor();
        await page.getByRole('group', { name: 'Your account' }).getByText('Gina Issuer', exact).waitFor();
        await shots.take(page, 'signed-in');
      });
      await step(shots, 'Gina sees her session under Account', [page], async () => {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account', ...exact }).click();
        await page.getByRole('table', { name: 'Sessions' }).getByText('This device').waitFor();
      });
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await page.context().close();
    }
  });

  it('refuses an account whose e-mail the issuer has not verified, and says why', async () => {
    const shots = new Screenshots('oidc-refused');
    const page = await openPage(browser, server.url);
    try {
      idp.accounts.set('hal', { email: 'carol@example.com', email_verified: false, name: 'Not Carol' });
      await step(shots, 'Hal signs in at the issuer', [page], () => signInThroughIssuer(page, 'hal', shots));
      await step(shots, 'Hal is back on the sign-in page with the reason', [page], async () => {
        await page.getByRole('alert').getByText(/did not confirm an e-mail address/).waitFor();
        expect(await page.getByRole('button', { name: 'Sign out', ...exact }).count()).toBe(0);
        await shots.take(page, 'refused');
      });
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await page.context().close();
    }
  });
});
