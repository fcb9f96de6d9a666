import { randomUUID } from 'node:crypto';
import { hasChromium } from '@myb/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, ALICE, BOLTS, CAROL, signIn } from './support/story';

/**
 * The supply loop closed, in Chromium: Acme Hardware's bolts have a reorder rule; a sale at the
 * counter and Carol's order online take them under its minimum, and a draft purchase order to Bolt Co
 * appears by itself, in whole packs. Alice sends it; Sam, at Bolt Co, signs in to the supplier portal
 * and confirms fewer than asked, with a day; Alice sees it confirmed, receives part, and closes the
 * rest short. The stock, the average cost and the stock history all say so.
 */

const TIMEOUT_MS = 180_000;
const SAM = { email: 'sam@boltco.example', password: 'correct horse battery', name: 'Sam Supplier' };
const exact = { exact: true } as const;
const soon = { timeout: 15_000 };
const text = (value: string) => value.replace(/\s+/g, ' ').trim();

interface CatalogueProduct {
  id: string;
  name: string;
  stock: number;
  averageCostMinor: number | null;
}

/** A day a few weeks ahead, as a date field takes it. */
const daysAhead = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

describe.skipIf(!hasChromium('the supply loop'))('the supply loop in Chromium', () => {
  const shots = new Screenshots('supply-loop');
  const running = productInChromium('supply-loop', { EMBEDDED_MQTT_PORT: '0' });

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const rowOf = (within: Locator, cell: string) =>
    within.getByRole('row').filter({ has: within.page().getByText(cell, exact) });
  const cellsOf = async (row: Locator) => (await row.getByRole('cell').allInnerTexts()).map(text);
  /** Closes a toast once it shows, so that it covers nothing in a later picture. */
  const closeToast = async (page: Page, title: string) => {
    const toast = page.locator('.mantine-Notification-root').filter({ hasText: title });
    await toast.getByRole('button').click();
    await toast.waitFor({ state: 'detached' });
  };

  it(
    'reorders under the minimum, the supplier confirms fewer, and part is received and the rest closed short',
    async () => {
      const api = productApi(running.server.url);
      const alice = await api.signIn(ALICE);
      const carol = await api.signIn(CAROL);
      const admin = await api.signIn(ADA);
      const call = async <Body>(
        path: string,
        cookie: string,
        method = 'GET',
        body?: unknown,
      ): Promise<Body> => {
        const answer = await api.call<Body>(path, { method, cookie, body });
        expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
        return answer.body;
      };
      const bolts = async () =>
        (await call<{ products: CatalogueProduct[] }>('/merchants/acme/catalogue', alice)).products.find(
          (product) => product.name === BOLTS,
        )!;

      // Sam works at Bolt Co: his account is tied to the shop's supplier.
      expect((await api.call('/auth/sign-up', { method: 'POST', body: SAM })).status).toBe(201);
      const sam = await api.signIn(SAM);
      const { user } = await call<{ user: { id: string } }>('/auth/me', sam);
      const { suppliers } = await call<{ suppliers: { id: string; slug: string }[] }>(
        '/merchants/acme/suppliers',
        alice,
      );
      const boltCo = suppliers.find((supplier) => supplier.slug === 'bolt-co')!;
      await call(`/admin/users/${user.id}/suppliers/${boltCo.id}`, admin, 'PUT');

      // The rule: under two fewer than there are now, order back up to twenty more.
      const before = await bolts();
      await call(`/merchants/acme/products/${before.id}/reorder-rule`, alice, 'PUT', {
        minimum: before.stock - 2,
        maximum: before.stock + 20,
      });

      // Two boxes sold at the counter, one online: three fewer, one under the minimum.
      const register = await call<{ id: string }>('/merchants/acme/registers', alice, 'POST', {
        name: 'Front till',
        receiptPrefix: 'FT',
      });
      const shift = await call<{ id: string }>(
        `/merchants/acme/registers/${register.id}/shifts`,
        alice,
        'POST',
        {
          openingFloatMinor: 5_000,
          idempotencyKey: randomUUID(),
        },
      );
      await call(`/merchants/acme/registers/${register.id}/sales`, alice, 'POST', {
        id: randomUUID(),
        shiftId: shift.id,
        lines: [{ productId: before.id, quantity: 2 }],
        tenders: [{ method: 'cash', amountMinor: 2_500 }],
        totalMinor: 2_500,
      });
      await call('/orders', carol, 'POST', {
        merchantSlug: 'acme',
        items: [{ productId: before.id, quantity: 1 }],
      });
      const onHand = before.stock - 3;
      // 23 to reach the maximum; Bolt Co takes at least 20, in packs of 10: 30.
      const ordered = 30;

      const shop = await openPage(running.browser, running.server.url);
      const supplier = await openPage(running.browser, running.server.url);
      const pages = [shop, supplier];
      let number = '';

      await step(
        shots,
        'A draft to Bolt Co has appeared by itself, in whole packs; Alice sends it',
        pages,
        async () => {
          await signIn(shop, ALICE);
          await shop.goto('/back-office/acme/purchase-orders?status=draft');
          await heading(shop, 'Purchase orders').waitFor();
          const list = shop.getByRole('table', { name: 'Purchase orders', ...exact });
          const draft = list.getByRole('row').filter({ hasText: 'Reorder rules' });
          await expect.poll(() => draft.count(), soon).toBe(1);
          number = text(await draft.getByRole('link', { name: /^PO-\d{4}$/ }).innerText());
          await draft.getByRole('link', { name: number, ...exact }).click();
          await heading(shop, new RegExp(`^${number}\\s*Draft$`)).waitFor(soon);
          expect(await shop.getByLabel(`Quantity of ${BOLTS}`, exact).inputValue()).toBe(String(ordered));
          expect(await shop.getByLabel(`Cost of one ${BOLTS}`, exact).inputValue()).toBe('6.90');
          await shots.take(shop, 'supply-loop-draft');
          await shop.getByRole('button', { name: 'Send', ...exact }).click();
          await shop
            .getByRole('dialog', { name: `Send ${number} to Bolt Co?`, ...exact })
            .getByRole('button', { name: 'Send to Bolt Co', ...exact })
            .click();
          await heading(shop, new RegExp(`^${number}\\s*Sent$`)).waitFor(soon);
          // Bolt Co has four working hours to acknowledge it; until then it can go to a backup supplier instead.
          await shop.getByRole('alert').filter({ hasText: 'Bolt Co is to acknowledge it by' }).waitFor();
          await shop.getByRole('button', { name: 'Send to backup suppliers', ...exact }).waitFor();
        },
      );

      await step(shots, 'Sam confirms 20 of the 30 in the supplier portal, with a day', pages, async () => {
        await signIn(supplier, SAM);
        await supplier
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Purchase orders', ...exact })
          .click();
        await supplier.getByRole('link', { name: number, ...exact }).click();
        await supplier
          .getByRole('heading', { level: 1, name: `Purchase order ${number}`, ...exact })
          .waitFor();
        await supplier
          .getByRole('textbox', { name: `Quantity of ${BOLTS} you will deliver`, ...exact })
          .fill('20');
        await supplier.getByLabel('Delivery date').fill(daysAhead(10));
        await supplier.getByLabel('Note to the shop').fill('Ten boxes more in the new year.');
        await supplier.getByRole('button', { name: 'Confirm', ...exact }).click();
        await supplier
          .getByRole('status')
          .filter({ hasText: `${number} is confirmed` })
          .waitFor();
      });

      await step(
        shots,
        'Alice sees it confirmed, receives ten, then closes the rest short',
        pages,
        async () => {
          await shop.reload();
          await heading(shop, new RegExp(`^${number}\\s*Confirmed by supplier$`)).waitFor(soon);
          await shop.getByText(/Confirmed in the supplier portal by Sam Supplier/).waitFor();
          const lines = shop.getByRole('table', { name: 'Lines', ...exact });
          expect((await cellsOf(rowOf(lines, BOLTS))).slice(2, 6)).toEqual([
            String(ordered),
            '20',
            '0',
            '20',
          ]);

          await shop.getByRole('button', { name: 'Receive goods', ...exact }).click();
          const dialog = shop.getByRole('dialog', { name: `Receive goods against ${number}`, ...exact });
          await dialog.getByLabel(`Received of ${BOLTS}`, exact).fill('10');
          await dialog.getByRole('button', { name: 'Receive into stock', ...exact }).click();
          await dialog.waitFor({ state: 'hidden' });
          await closeToast(shop, `Goods received against ${number}`);
          await heading(shop, new RegExp(`^${number}\\s*Partly received$`)).waitFor(soon);

          await shop.getByRole('button', { name: 'Close short', ...exact }).click();
          const closing = shop.getByRole('dialog', { name: `Close ${number} short?`, ...exact });
          await closing
            .getByLabel(/^Reason/)
            .fill('Bolt Co sends the other ten in the new year; ordered again then.');
          await closing.getByRole('button', { name: 'Close short', ...exact }).click();
          await closing.waitFor({ state: 'hidden' });
          await closeToast(shop, `${number} closed short`);
          await heading(shop, new RegExp(`^${number}\\s*Closed short$`)).waitFor(soon);
          await shots.take(shop, 'supply-loop-closed');
        },
      );

      await step(
        shots,
        'The stock, the average cost and the stock history say what came',
        pages,
        async () => {
          const after = await bolts();
          expect(after.stock).toBe(onHand + 10);
          // Nothing had a known cost before: the average is what these ten cost.
          expect(after.averageCostMinor).toBe(690);
          await shop.goto('/back-office/acme/stock');
          const movements = shop.getByRole('table', { name: 'Stock movements', ...exact });
          const received = movements.getByRole('row').filter({ hasText: `Received on ${number}` });
          await received.first().waitFor(soon);
          expect(text(await received.first().innerText())).toContain('+10');
        },
      );
      await shots.publish('supply-loop-draft', 'supply-loop-closed');
    },
    TIMEOUT_MS,
  );
});
