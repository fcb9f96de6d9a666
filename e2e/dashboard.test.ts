import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { signIn } from './support/story';

/**
 * Bob opens Green Grocer's back office in the morning and lands on the dashboard: the day so far against
 * the same weekday last week (the demo's counter has five weeks behind it), net sales by hour, and what
 * waits on him. A sale at the counter shows on it without reloading; a tile opens the list behind it.
 */

const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const soon = { timeout: 10_000 };
const exact = { exact: true };

describe.skipIf(!hasChromium('dashboard'))('the dashboard in Chromium', () => {
  const shots = new Screenshots('dashboard');
  const running = productInChromium('dashboard', { EMBEDDED_MQTT_PORT: '0' });

  /** A tile's figure, read from its accessible name ("Sales: 7"). */
  const tile = (page: Page, title: string) => page.getByRole('link', { name: new RegExp(`^${title}: `) });
  const figureOf = async (page: Page, title: string) =>
    ((await tile(page, title).getAttribute('aria-label')) ?? '').slice(title.length + 2);

  it('opens on today against last week, follows a sale at the counter, and leads to the list behind a tile', async () => {
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

    await step(shots, 'A sale at the counter shows without a reload', [page], async () => {
      const api = productApi(running.server.url);
      const cookie = await api.signIn(BOB);
      const registers = await api.call<{
        registers: { id: string; name: string; openShift: { id: string } | null }[];
      }>('/merchants/green-grocer/registers', { cookie });
      const counter = registers.body.registers.find((register) => register.name === 'Counter')!;
      const products = await api.call<{ products: { id: string; sku: string; priceMinor: number }[] }>(
        '/merchants/green-grocer/products',
        { cookie },
      );
      const apples = products.body.products.find((product) => product.sku === 'F-APL')!;
      const sale = await api.call(`/merchants/green-grocer/registers/${counter.id}/sales`, {
        method: 'POST',
        cookie,
        body: {
          id: crypto.randomUUID(),
          shiftId: counter.openShift!.id,
          lines: [{ productId: apples.id, quantity: 1 }],
          tenders: [{ method: 'card', amountMinor: apples.priceMinor }],
          totalMinor: apples.priceMinor,
        },
      });
      expect(sale.status, JSON.stringify(sale.body)).toBe(201);
      await expect.poll(() => figureOf(page, 'Sales'), soon).toBe('9');
    });

    await step(shots, 'The low stock tile opens the low stock list', [page], async () => {
      expect(Number(await figureOf(page, 'Low stock'))).toBeGreaterThan(0);
      await tile(page, 'Low stock').click();
      await page.getByRole('heading', { level: 1, name: 'Low stock', ...exact }).waitFor();
    });
    await shots.publish('dashboard');
  }, 180_000);
});
