import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, signIn } from './support/story';

/**
 * Bob opens Green Grocer's back office in the morning and lands on the dashboard: the day so far against
 * the same weekday last week (the demo's counter has five weeks behind it), net sales by hour, and what
 * waits on him. A sale at the counter, made in another browser, shows on it within a second, pushed
 * by the server (nothing polls while the stream is open; a browser without it polls); a tile opens
 * the list behind it. The mail folder is pushed the same way: a message written shows at once.
 */

const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const RESET_SUBJECT = /^Reset your MeetYourBusiness password/;
const soon = { timeout: 10_000 };
const exact = { exact: true };

describe.skipIf(!hasChromium('dashboard'))('the dashboard in Chromium', () => {
  const shots = new Screenshots('dashboard');
  const running = productInChromium('dashboard', { EMBEDDED_MQTT_PORT: '0' });

  /** A tile's figure, read from its accessible name ("Sales: 7"). */
  const tile = (page: Page, title: string) => page.getByRole('link', { name: new RegExp(`^${title}: `) });
  const figureOf = async (page: Page, title: string) =>
    ((await tile(page, title).getAttribute('aria-label')) ?? '').slice(title.length + 2);

  it('opens on today against last week, follows a sale made in another browser within a second, and leads to the list behind a tile', async () => {
    const page = await openPage(running.browser, running.server.url);
    await step(shots, 'Bob opens his shop and lands on the dashboard', [page], async () => {
      await signIn(page, BOB);
      await page
        .getByRole('link', { name: 'Back office', ...exact })
        .first()
        .click();
      await page.getByRole('link', { name: /^Green Grocer\b/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Today', ...exact }).waitFor();
      expect(page.url()).toMatch(/\/back-office\/green-grocer\/dashboard$/);
      // The demo's counter and market stall: eight sales today, one return.
      expect(await figureOf(page, 'Sales')).toBe('8');
      expect(await tile(page, 'Refunds').innerText()).toContain('1 return or cancellation');
      expect(await tile(page, 'Net sales').innerText()).toMatch(/Last week by now .*; all that day €/);
      expect(await figureOf(page, 'Open register shifts')).toBe('1');
      await page.getByRole('heading', { name: 'Net sales by hour', ...exact }).waitFor();
      await page.locator('.recharts-line').first().waitFor();
      await shots.take(page, 'dashboard');
    });

    // Every request the dashboard's page makes for its figures, counted after the work is done.
    const dashboardReads: number[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/merchants/green-grocer/dashboard') {
        dashboardReads.push(Date.now());
      }
    });

    await step(shots, 'Nothing polls while the live stream is open', [page], async () => {
      const since = Date.now();
      // Two polling periods and more: a polling page would have read its figures twice by now.
      await page.waitForTimeout(5_000);
      expect(dashboardReads.filter((at) => at >= since)).toEqual([]);
    });

    const sellApples = async (seller: Page) =>
      seller.evaluate(async () => {
        const api = '/api/v1/merchants/green-grocer';
        const { registers } = (await (await fetch(`${api}/registers`)).json()) as {
          registers: { id: string; name: string; openShift: { id: string } | null }[];
        };
        const counter = registers.find((register) => register.name === 'Counter')!;
        const { products } = (await (await fetch(`${api}/products`)).json()) as {
          products: { id: string; sku: string; priceMinor: number }[];
        };
        const apples = products.find((product) => product.sku === 'F-APL')!;
        const response = await fetch(`${api}/registers/${counter.id}/sales`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            id: crypto.randomUUID(),
            shiftId: counter.openShift!.id,
            lines: [{ productId: apples.id, quantity: 1 }],
            tenders: [{ method: 'card', amountMinor: apples.priceMinor }],
            totalMinor: apples.priceMinor,
          }),
        });
        return response.status;
      });

    const other = await openPage(running.browser, running.server.url);
    await step(
      shots,
      'A sale made in another browser shows on the dashboard within a second',
      [page, other],
      async () => {
        await signIn(other, BOB);
        expect(await sellApples(other)).toBe(201);
        await expect.poll(() => figureOf(page, 'Sales'), { timeout: 1_000, interval: 50 }).toBe('9');
      },
    );

    await step(shots, 'Without the stream, the dashboard falls back to polling', [other], async () => {
      await other.route('**/api/v1/live**', (route) => route.abort());
      await other.goto('/back-office/green-grocer/dashboard');
      await other.getByRole('heading', { level: 1, name: 'Today', ...exact }).waitFor();
      expect(await figureOf(other, 'Sales')).toBe('9');
      expect(await sellApples(page)).toBe(201);
      await expect.poll(() => figureOf(other, 'Sales'), soon).toBe('10');
      await expect.poll(() => figureOf(page, 'Sales'), { timeout: 1_000, interval: 50 }).toBe('10');
    });

    await step(shots, 'The low stock tile opens the low stock list', [page], async () => {
      expect(Number(await figureOf(page, 'Low stock'))).toBeGreaterThan(0);
      await tile(page, 'Low stock').click();
      await page.getByRole('heading', { level: 1, name: 'Low stock', ...exact }).waitFor();
    });
    await shots.publish('dashboard');
  }, 180_000);

  it('shows new mail in the mail folder as it is written, pushed like the dashboard', async () => {
    const page = await openPage(running.browser, running.server.url);
    await step(
      shots,
      'Ada opens the mail folder; a password reset is asked for meanwhile',
      [page],
      async () => {
        await signIn(page, ADA);
        await page.goto('/mail');
        await page.getByRole('heading', { level: 1, name: 'Mail', ...exact }).waitFor();
        const resets = page
          .getByRole('navigation', { name: 'Messages' })
          .getByRole('button', { name: RESET_SUBJECT });
        const before = await resets.count();
        const asked = await page.evaluate(
          async (email) =>
            (
              await fetch('/api/v1/auth/password-reset', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ email }),
              })
            ).status,
          BOB.email,
        );
        expect(asked).toBe(202);
        // The mail is in the folder when the request answers; the view hears of it within a second.
        await expect.poll(() => resets.count(), { timeout: 1_000, interval: 50 }).toBe(before + 1);
      },
    );
  }, 60_000);
});
