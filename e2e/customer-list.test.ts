import { hasChromium } from '@myb/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step, VIEWPORT } from './support/browser';
import { productInChromium } from './support/product';
import { CAROL, signIn } from './support/story';

/**
 * Green Grocer's customer list in the back office: Bob (the owner) reads the demo's customers with
 * their figures, narrows the list to the repeat customers and then to the new ones (the segment's
 * rule said under the filter, the filter kept in the address and in the CSV export's address). Carol
 * ordered online, and was also added at the counter as "Carol C." with a sale there: Bob opens
 * Carol's page, merges Carol C. into it, and her page shows the online order and the register sale in
 * one history, two visits; he records her consent given on the phone. Carol C. leaves the list.
 */

const TIMEOUT_MS = 150_000;
const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const SLUG = 'green-grocer';
const DUPLICATE = { name: 'Carol C.', phone: '+33 6 11 22 33 44' };
const exact = { exact: true } as const;
const TALL = { width: 1280, height: 1700 };

const text = (value: string) => value.replace(/\s+/g, ' ').trim();

describe.skipIf(!hasChromium('customer-list'))("a shop's customer list in Chromium", () => {
  const shots = new Screenshots('customer-list');
  const running = productInChromium('customer-list', { EMBEDDED_MQTT_PORT: '0' });

  const customersTable = (page: Page) => page.getByRole('table', { name: 'Customers', exact: true });
  const names = async (page: Page) =>
    (await customersTable(page).getByRole('row').allInnerTexts())
      .slice(1)
      .map((row) => text(row).split(' ')[0]);
  const rowOf = (table: Locator, link: string) =>
    table.getByRole('row').filter({ has: table.page().getByRole('link', { name: link, exact: true }) });
  const fact = async (page: Page, label: string) =>
    text(await page.getByText(label, exact).locator('..').innerText());
  const chooseSegment = async (page: Page, segment: string) => {
    const field = page.getByRole('combobox', { name: 'Segment', exact: true });
    await field.click();
    await page.getByRole('option', { name: segment, exact: true }).click();
  };
  const toastSaid = async (page: Page, message: string) => {
    const toast = page.locator('.mantine-Notification-root').filter({ hasText: message });
    await toast.waitFor();
    await toast.getByRole('button').click();
    await toast.waitFor({ state: 'detached' });
  };

  it(
    'narrows the list by segment, merges a duplicate, and shows one history of online orders and register sales',
    async () => {
      const api = productApi(running.server.url);
      const owner = await api.signIn(BOB);
      const { body: catalogue } = await api.call<{
        products: { id: string; sku: string; priceMinor: number }[];
      }>(`/merchants/${SLUG}/products`);
      const apples = catalogue.products.find((product) => product.sku === 'F-APL')!;
      const ordered = await api.call<{ id: string; number: string }>('/orders', {
        method: 'POST',
        cookie: await api.signIn(CAROL),
        body: { merchantSlug: SLUG, items: [{ productId: apples.id, quantity: 2 }] },
      });
      expect(ordered.status).toBe(201);
      const duplicate = await api.call<{ id: string }>(`/merchants/${SLUG}/customers`, {
        method: 'POST',
        cookie: owner,
        body: { id: crypto.randomUUID(), ...DUPLICATE },
      });
      expect(duplicate.status).toBe(201);
      const register = await api.call<{ id: string }>(`/merchants/${SLUG}/registers`, {
        method: 'POST',
        cookie: owner,
        body: { name: 'Back door', receiptPrefix: 'BD' },
      });
      const shift = await api.call<{ id: string }>(
        `/merchants/${SLUG}/registers/${register.body.id}/shifts`,
        {
          method: 'POST',
          cookie: owner,
          body: { openingFloatMinor: 0, idempotencyKey: crypto.randomUUID() },
        },
      );
      const sold = await api.call<{ receiptNumber: string; totalMinor: number }>(
        `/merchants/${SLUG}/registers/${register.body.id}/sales`,
        {
          method: 'POST',
          cookie: owner,
          body: {
            id: crypto.randomUUID(),
            shiftId: shift.body.id,
            customerId: duplicate.body.id,
            lines: [{ productId: apples.id, quantity: 1 }],
            tenders: [{ method: 'card', amountMinor: apples.priceMinor }],
            totalMinor: apples.priceMinor,
          },
        },
      );
      expect(sold.status).toBe(201);

      const bob = await openPage(running.browser, running.server.url);
      const pages = [bob];

      await step(
        shots,
        'Bob reads his customers with their figures and narrows them by segment',
        pages,
        async () => {
          await signIn(bob, BOB);
          await bob.goto(`/back-office/${SLUG}/customers`);
          await bob.getByRole('heading', { level: 1, name: 'Customers', exact: true }).waitFor();
          await expect.poll(() => names(bob)).toEqual(['Carol', 'Carol', 'Hana', 'Eli', 'Dora']);
          expect(text(await rowOf(customersTable(bob), 'Eli Park').innerText())).toMatch(
            /^Eli Park Repeat .+ 2 €/i,
          );
          expect(text(await rowOf(customersTable(bob), 'Hana Novak').innerText())).toMatch(
            /^Hana Novak No purchase yet 0 €0\.00 hana@example\.com$/i,
          );

          await chooseSegment(bob, 'Repeat');
          await expect.poll(() => names(bob)).toEqual(['Eli']);
          await bob.getByText(/^Repeat: Two visits or more, the last within the last 90 days\./).waitFor();
          expect(new URL(bob.url()).searchParams.get('segment')).toBe('repeat');
          const exportLink = bob.getByRole('link', { name: 'Export CSV', exact: true });
          expect(await exportLink.getAttribute('href')).toBe(
            `/api/v1/merchants/${SLUG}/customers/export?segment=repeat`,
          );

          await chooseSegment(bob, 'New');
          await expect.poll(() => names(bob)).toEqual(['Carol', 'Carol', 'Dora']);
          await bob.getByText(/^New: One visit, within the last 90 days\./).waitFor();
        },
      );

      await step(
        shots,
        'Bob merges Carol C., added at the counter, into Carol’s online record',
        pages,
        async () => {
          await customersTable(bob).getByRole('link', { name: CAROL.name, exact: true }).click();
          await bob
            .getByRole('heading', { level: 1, name: `${CAROL.name} Online account`, exact: true })
            .waitFor();
          expect(await fact(bob, 'Visits')).toBe('Visits 1');
          await bob.getByRole('button', { name: 'Merge a duplicate', exact: true }).click();
          const dialog = bob.getByRole('dialog', {
            name: `Merge a duplicate into ${CAROL.name}`,
            exact: true,
          });
          await dialog.getByRole('combobox', { name: 'The duplicate record' }).fill('carol c');
          await bob
            .getByRole('option', { name: `${DUPLICATE.name} (${DUPLICATE.phone})`, exact: true })
            .click();
          await dialog.getByText(`Merge ${DUPLICATE.name} into ${CAROL.name}?`, exact).waitFor();
          await dialog.getByText(/Both records are kept/).waitFor();
          await dialog.getByRole('button', { name: 'Merge records', exact: true }).click();
          await toastSaid(bob, `${DUPLICATE.name} merged into ${CAROL.name}.`);
          await dialog.waitFor({ state: 'hidden' });
        },
      );

      await step(
        shots,
        'Carol’s page: the online order and the register sale in one history',
        pages,
        async () => {
          await expect.poll(() => fact(bob, 'Visits')).toBe('Visits 2');
          expect(await fact(bob, 'Segment')).toMatch(/^Segment Repeat$/i);
          const purchases = bob.getByRole('table', { name: 'Purchases', exact: true });
          expect((await purchases.getByRole('row').allInnerTexts()).slice(1).map(text)).toEqual([
            expect.stringMatching(new RegExp(`^${sold.body.receiptNumber} .+ Register sale .+$`)),
            expect.stringMatching(new RegExp(`^${ordered.body.number} Placed .+ Online order .+$`, 'i')),
          ]);
          await bob.getByText(/^Merged into this record: Carol C\. \(by Bob Green, .+\)\./).waitFor();

          await bob.getByRole('button', { name: 'Record consent', exact: true }).click();
          const dialog = bob.getByRole('dialog', { name: 'Record marketing consent', exact: true });
          await dialog.getByRole('combobox', { name: 'How' }).click();
          await bob.getByRole('option', { name: 'On the phone', exact: true }).click();
          await dialog.getByRole('textbox', { name: 'Note' }).fill('Newsletter once a month');
          await dialog.getByRole('button', { name: 'Record consent', exact: true }).click();
          await toastSaid(bob, `${CAROL.name}'s consent to marketing given (on the phone).`);
          const history = bob.getByRole('table', { name: 'Consent history', exact: true });
          await expect.poll(() => history.getByRole('row').count()).toBe(2);
          expect(text(await history.getByRole('row').nth(1).innerText())).toMatch(
            /^.+ Given On the phone Newsletter once a month Bob Green$/,
          );
          expect(await fact(bob, 'Now')).toMatch(/^Now Given On the phone, .+, recorded by Bob Green$/i);
          await bob.setViewportSize(TALL);
          await shots.take(bob, 'customer-page');
          await bob.setViewportSize(VIEWPORT);
        },
      );

      await step(shots, 'Carol C. leaves the list; Carol is a repeat customer now', pages, async () => {
        await bob.getByRole('link', { name: 'All customers', exact: true }).click();
        await bob.getByRole('heading', { level: 1, name: 'Customers', exact: true }).waitFor();
        await expect.poll(() => names(bob)).toEqual(['Carol', 'Hana', 'Eli', 'Dora']);
        expect(text(await rowOf(customersTable(bob), CAROL.name).innerText())).toMatch(
          new RegExp(`^${CAROL.name} Online account Repeat .+ 2 €`, 'i'),
        );
        await shots.take(bob, 'customers');
        await chooseSegment(bob, 'Repeat');
        await expect.poll(() => names(bob)).toEqual(['Carol', 'Eli']);
      });

      await shots.publish('customers', 'customer-page');
    },
    TIMEOUT_MS,
  );
});
