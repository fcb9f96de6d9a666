import { buildWebOnce, hasChromium, startServer, type RunningServer } from '@myb/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, Screenshots, step } from './support/browser';
import { ALICE, signIn } from './support/story';

/**
 * The built web app under the server's Content-Security-Policy, in Chromium: every main screen
 * renders, and the browser reports no violation (a blocked script or style would break a screen
 * silently, or show only as a console error).
 */

const ADA = { email: 'admin@meetyourbusiness.local', password: 'admin-demo-1', name: 'Ada Admin' };

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Records every CSP violation the page reports, from its first script on, and every console error about one. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  // Runs in the page before its own scripts (as text: this suite is compiled without the DOM's types).
  await page.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile });
      });`,
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to (load|execute|apply|frame|connect)/i.test(message.text())) {
      consoleErrors.push(message.text());
    }
  });
  return async () => {
    const events = (await page.evaluate<Violation[]>('window.cspViolations ?? []')).map(
      (violation) => `${violation.directive} blocked ${violation.blocked} (${violation.source})`,
    );
    return [...events, ...consoleErrors];
  };
}

describe.skipIf(!hasChromium('browser check of the Content-Security-Policy'))('the web app under its Content-Security-Policy', () => {
  let server: RunningServer;
  let browser: Browser;
  let failed = false;

  beforeAll(async () => {
    await buildWebOnce();
    server = await startServer('csp', { DEMO_AGENTS: 'false' });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    if (failed) {
      console.error(`\n----- server output (csp) -----\n${server?.output()}\n----- end of server output -----\n`);
    }
    await browser?.close();
    await server?.stop();
  });

  /** Opens `path` and waits for its main heading. */
  async function visit(page: Page, path: string, heading: string | RegExp) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
  }

  it('shows home, sign-in, a shop, the back office, admin and the API docs with no violation', async () => {
    const shots = new Screenshots('content-security-policy');
    const visitor = await openPage(browser, server.url);
    const merchant = await openPage(browser, server.url);
    const admin = await openPage(browser, server.url);
    const violationsOf = await Promise.all([visitor, merchant, admin].map(watchViolations));
    const pages = [visitor, merchant, admin];
    try {
      await step(shots, 'a visitor opens home, sign-in and a shop', pages, async () => {
        await visit(visitor, '/', /./);
        await visit(visitor, '/sign-in', 'Sign in');
        await visit(visitor, '/shops/acme', 'Acme Hardware');
        await visitor.getByRole('list', { name: 'Products' }).getByRole('article').first().waitFor();
      });
      await step(shots, 'Alice opens her orders and catalogue', pages, async () => {
        await signIn(merchant, ALICE);
        await visit(merchant, '/back-office/acme/orders', /Orders/);
        await visit(merchant, '/back-office/acme/catalogue', /Catalogue/);
        await merchant.getByText('Bolts 10mm (box of 50)').first().waitFor();
        await shots.take(merchant, 'back-office-catalogue');
      });
      await step(shots, 'Ada opens users, the audit log, the mail view and the API docs', pages, async () => {
        await signIn(admin, ADA);
        await visit(admin, '/admin', 'Admin');
        await admin.getByRole('cell', { name: 'Carol Customer' }).waitFor();
        await visit(admin, '/admin/audit-log', /Audit log/);
        await visit(admin, '/mail', /Mail/);
        await admin.goto('/docs/');
        await admin.getByText('MeetYourBusiness API').first().waitFor();
      });
      for (const [index, violations] of violationsOf.entries()) {
        expect(await violations(), `violations on page ${index + 1}`).toEqual([]);
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  }, 120_000);

  it('may not be framed by another site', async () => {
    const response = await fetch(`${server.url}/back-office`);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
