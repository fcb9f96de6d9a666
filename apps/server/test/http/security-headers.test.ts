import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signUpUser, type SignedInUser, type TestApp } from '../helper';

/** What a page and an API answer must both carry. */
function expectSecurityHeaders(headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy']);
  const directives = new Map(
    csp.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('script-src-attr')).toEqual(["'none'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
}

describe('security headers', () => {
  let testApp: TestApp;
  let webDist: string;
  let user: SignedInUser;

  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), 'myb-web-'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>MeetYourBusiness</title><script type="module" src="/assets/app.js"></script>');
    testApp = await buildTestApp('pglite', { webDist });
    user = await signUpUser(testApp);
  });
  afterAll(async () => {
    await testApp.close();
    await rm(webDist, { recursive: true, force: true });
  });

  it('are on a page of the web app, with no HSTS over plain HTTP', async () => {
    const page = await testApp.app.inject({ method: 'GET', url: '/back-office' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expectSecurityHeaders(page.headers);
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });

  it('are on an API answer with personal data, which no cache may keep', async () => {
    const session = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: user.cookie } });
    expect(session.statusCode).toBe(200);
    expectSecurityHeaders(session.headers);
    expect(session.headers['cache-control']).toBe('no-store');
    const sessions = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie: user.cookie } });
    expect(sessions.headers['cache-control']).toBe('no-store');
    const refused = await testApp.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { cookie: user.cookie } });
    expect(refused.statusCode).toBe(403);
    expectSecurityHeaders(refused.headers);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('include HSTS over HTTPS, as a trusted proxy says, and not when anyone else says it', async () => {
    const behindProxy = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '127.0.0.1',
    });
    expect(behindProxy.headers['strict-transport-security']).toBe('max-age=31536000');
    const page = await testApp.app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '127.0.0.1' });
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const pretender = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '203.0.113.9',
    });
    expect(pretender.headers['strict-transport-security']).toBeUndefined();
  });

  it('leave the API documentation working under the policy', async () => {
    const docs = await testApp.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expectSecurityHeaders(docs.headers);
    // Its page loads scripts from files only: nothing inline for the policy to block.
    expect(docs.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const initializer = await testApp.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expect((await testApp.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});
