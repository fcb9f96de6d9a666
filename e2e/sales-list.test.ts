import { randomUUID } from 'node:crypto';
import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, PHONE, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, CAROL, signIn } from './support/story';

/**
 * Alice opens a shop of hers that sells online and at a counter: Carol orders a jar of honey online,
 * then Alice sells two at the register and one comes back. The shop's Sales list shows the three
 * newest first, the return below zero; it narrows to one channel, finds the sale by its receipt's
 * number, opens the sale's receipt, and fits a phone.
 */

const SHOP = { name: 'Corner Deli', slug: 'corner-deli' };
const HONEY = { sku: 'HONEY-1', name: 'Heather honey', priceMinor: 850 };
const REGISTER = { name: 'Deli counter', receiptPrefix: 'D1' };

describe.skipIf(!hasChromium('sales list'))("the shop's sales list in Chromium", () => {
  const shots = new Screenshots('sales-list');
  const running = productInChromium('sales-list', { EMBEDDED_MQTT_PORT: '0' });

  /** The numbers in the Sales table, top to bottom. */
  const listedNumbers = (page: Page) =>
    page
      .getByRole('table', { name: 'Sales', exact: true })
      .locator('tbody tr td:first-child')
      .allTextContents();
  const channel = (page: Page, name: string) =>
    // Mantine's segmented control hides its radios behind their labels: press the radio itself.
    page
      .getByRole('radiogroup', { name: 'Show sales' })
      .getByRole('radio', { name, exact: true })
      .dispatchEvent('click');

  it('lists an online order, a register sale and its return newest first, narrows, finds and opens them', async () => {
    const api = productApi(running.server.url);
    const alice = await api.signIn(ALICE);
    const carol = await api.signIn(CAROL);
    const made = async <Body>(path: string, cookie: string, body: unknown): Promise<Body> => {
      const answer = await api.call<Body>(path, { method: 'POST', cookie, body });
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(201);
      return answer.body;
    };
    await made('/merchants', alice, SHOP);
    const honey = await made<{ id: string }>(`/merchants/${SHOP.slug}/products`, alice, {
      ...HONEY,
      stock: 40,
    });
    const order = await made<{ number: string }>('/orders', carol, {
      merchantSlug: SHOP.slug,
      items: [{ productId: honey.id, quantity: 1 }],
    });
    const register = await made<{ id: string }>(`/merchants/${SHOP.slug}/registers`, alice, REGISTER);
    const shift = await made<{ id: string }>(
      `/merchants/${SHOP.slug}/registers/${register.id}/shifts`,
      alice,
      {
        openingFloatMinor: 5_000,
        idempotencyKey: randomUUID(),
      },
    );
    const sale = await made<{ id: string; receiptNumber: string }>(
      `/merchants/${SHOP.slug}/registers/${register.id}/sales`,
      alice,
      {
        id: randomUUID(),
        shiftId: shift.id,
        lines: [{ productId: honey.id, quantity: 2 }],
        tenders: [{ method: 'cash', amountMinor: 2 * HONEY.priceMinor }],
        totalMinor: 2 * HONEY.priceMinor,
      },
    );
    const saleReturn = await made<{ receiptNumber: string }>(
      `/merchants/${SHOP.slug}/registers/${register.id}/returns`,
      alice,
      {
        id: randomUUID(),
        shiftId: shift.id,
        saleId: sale.id,
        lines: [{ position: 1, quantity: 1, restock: true }],
        reason: 'A present, already given one',
        refunds: [{ method: 'cash', amountMinor: HONEY.priceMinor }],
        totalMinor: HONEY.priceMinor,
      },
    );
    const newestFirst = [saleReturn.receiptNumber, sale.receiptNumber, order.number];

    const page = await openPage(running.browser, running.server.url);
    const pages = [page];
    const table = page.getByRole('table', { name: 'Sales', exact: true });
    const row = (number: string) =>
      table.getByRole('row').filter({ has: page.getByRole('link', { name: number, exact: true }) });

    await step(
      shots,
      'Alice opens Sales, next to Today: all three, newest first',
      pages,
      async () => {
        await signIn(page, ALICE);
        await page.goto(`/back-office/${SHOP.slug}/orders`);
        const sections = page.getByRole('navigation', { name: 'Shop sections' });
        await sections.getByRole('link', { name: 'Sales', exact: true }).click();
        // An owner's first section is the dashboard (Today); Sales comes next.
        expect((await sections.getByRole('link').allTextContents()).slice(0, 2)).toEqual(['Today', 'Sales']);
        await page.getByRole('heading', { level: 1, name: 'Sales', exact: true }).waitFor();
        await expect.poll(() => listedNumbers(page)).toEqual(newestFirst);
        const texts = async (number: string) =>
          (await row(number).getByRole('cell').allTextContents()).map((text) => text.trim());
        expect(await texts(order.number)).toEqual([
          order.number,
          '€8.50',
          'Online',
          'Placed',
          expect.any(String),
          'Online shop',
          '—',
          CAROL.name,
          '1',
        ]);
        expect(await texts(sale.receiptNumber)).toEqual([
          sale.receiptNumber,
          '€17.00',
          'Register',
          'Sale',
          expect.any(String),
          REGISTER.name,
          ALICE.name,
          '—',
          '2',
        ]);
        // A return gives back: its items and its total with a minus sign.
        expect(
          (await texts(saleReturn.receiptNumber)).filter((_, index) => [1, 3, 8].includes(index)),
        ).toEqual(['−€8.50', 'Return', '−1']);
      },
    );
    await shots.take(page, 'sales-list');

    await step(shots, 'Online shows the order alone; Register the sale and its return', pages, async () => {
      await channel(page, 'Online');
      await expect.poll(() => listedNumbers(page)).toEqual([order.number]);
      await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBe('online');
      await channel(page, 'Register');
      await expect.poll(() => listedNumbers(page)).toEqual([saleReturn.receiptNumber, sale.receiptNumber]);
      await channel(page, 'All');
      await expect.poll(() => listedNumbers(page)).toEqual(newestFirst);
    });

    await step(
      shots,
      'The search finds the sale by its receipt number, typed in small letters',
      pages,
      async () => {
        await page.keyboard.press('/');
        await page.getByRole('searchbox', { name: 'Search sales' }).fill(sale.receiptNumber.toLowerCase());
        await expect.poll(() => listedNumbers(page)).toEqual([sale.receiptNumber]);
        await expect
          .poll(() => new URL(page.url()).searchParams.get('q'))
          .toBe(sale.receiptNumber.toLowerCase());
        // Kept in the address: a reload shows the same list.
        await page.reload();
        await expect.poll(() => listedNumbers(page)).toEqual([sale.receiptNumber]);
      },
    );

    await step(shots, 'Its number opens the sale’s receipt', pages, async () => {
      await row(sale.receiptNumber).getByRole('link', { name: sale.receiptNumber, exact: true }).click();
      await page
        .getByRole('heading', { level: 1, name: `Receipt ${sale.receiptNumber}`, exact: true })
        .waitFor();
      expect(new URL(page.url()).pathname).toBe(`/back-office/${SHOP.slug}/register/sales/${sale.id}`);
    });

    await step(
      shots,
      'On a phone the list fits: only its table scrolls sideways, the numbers in view',
      pages,
      async () => {
        await page.setViewportSize(PHONE);
        await page.goto(`/back-office/${SHOP.slug}/sales`);
        await expect.poll(() => listedNumbers(page)).toEqual(newestFirst);
        await row(order.number).getByRole('link', { name: order.number, exact: true }).waitFor();
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          PHONE.width,
        );
        const link = await row(order.number)
          .getByRole('link', { name: order.number, exact: true })
          .boundingBox();
        expect(link!.x + link!.width).toBeLessThanOrEqual(PHONE.width);
      },
    );
    await shots.take(page, 'phone-sales');
    await shots.publish('sales-list');
  }, 180_000);
});
