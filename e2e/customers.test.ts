import { hasChromium } from '@myb/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, PHONE, Screenshots, step, VIEWPORT } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, CAROL, signIn } from './support/story';

/**
 * A shop's customers in the back office: Alice (the owner) adds Ana at the Customers page (her e-mail
 * address mistyped first, and said so at its field), finds her by part of her phone number, opens her
 * page and gives her €10.00 of store credit with a reason; taking back more than she has is refused
 * with what she has. Ana then buys at the register paying partly with her credit and brings one item
 * back, refunded to it: her page lists the entries with their receipts, and both purchases. Carol, who
 * ordered online, is listed with her online account and her order. Cyril, a cashier, reads the same
 * pages (without figures) but is not offered to give or take back credit; an unknown customer's address
 * is the app's "Nothing here". The list with figures, segments and merges: customer-list.test.ts.
 */

const TIMEOUT_MS = 150_000;
const HAMMER = 'Claw hammer';
const PASSWORD = 'correct horse battery';
const ANA = {
  name: 'Ana Lima',
  email: 'ana.lima@example.com',
  phone: '+44 20 7946 0958',
  note: 'Prefers a call after 5 pm',
};
const REASON = 'Goodwill for a late delivery';
const exact = { exact: true } as const;
const TALL = { width: 1280, height: 1400 };

const text = (value: string) => value.replace(/\s+/g, ' ').trim();
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!hasChromium('customers'))("a shop's customers in Chromium", () => {
  const shots = new Screenshots('customers');
  const running = productInChromium('customers', { EMBEDDED_MQTT_PORT: '0' });

  const sections = (page: Page) => page.getByRole('navigation', { name: 'Shop sections' });
  const customersTable = (page: Page) => page.getByRole('table', { name: 'Customers', exact: true });
  /** A row of a table by the link it leads with (a customer's name, a receipt's or order's number). */
  const rowOf = (table: Locator, link: string) =>
    table.getByRole('row').filter({ has: table.page().getByRole('link', { name: link, exact: true }) });
  const rowText = async (row: Locator) => text(await row.innerText());
  /** A figure of a page's summary (Balance, E-mail): its label and value as one line. */
  const fact = async (page: Page, label: string) =>
    text(await page.getByText(label, exact).locator('..').innerText());
  const radio = (scope: Locator, name: string) =>
    // Mantine's segmented control hides its radios behind their labels: press the radio itself.
    scope.getByRole('radio', { name, exact: true }).dispatchEvent('click');
  const openCustomers = async (page: Page) => {
    await page.goto('/back-office/acme/orders');
    await sections(page).getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers', exact: true }).waitFor();
  };
  const search = (page: Page) => page.getByRole('searchbox', { name: 'Search customers', exact: true });

  it(
    'adds a customer, finds her by her phone, gives her store credit, and shows what she and an online shopper bought',
    async () => {
      const api = productApi(running.server.url);
      const owner = await api.signIn(ALICE);
      const cashier = { email: `cyril-${Date.now()}@example.com`, password: PASSWORD, name: 'Cyril Cashier' };
      expect((await api.call('/auth/sign-up', { method: 'POST', body: cashier })).status).toBe(201);
      expect(
        (
          await api.call('/merchants/acme/staff', {
            method: 'POST',
            cookie: owner,
            body: { email: cashier.email, role: 'cashier' },
          })
        ).status,
      ).toBe(200);
      const { body: catalogue } = await api.call<{
        products: { id: string; name: string; priceMinor: number }[];
      }>('/merchants/acme/products');
      const hammer = catalogue.products.find((product) => product.name === HAMMER)!;
      const ordered = await api.call<{ id: string; number: string }>('/orders', {
        method: 'POST',
        cookie: await api.signIn(CAROL),
        body: { merchantSlug: 'acme', items: [{ productId: hammer.id, quantity: 1 }] },
      });
      expect(ordered.status).toBe(201);
      const order = ordered.body;

      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      let anaPath = '';

      await step(
        shots,
        'Alice adds Ana; her mistyped e-mail address is shown at its field',
        pages,
        async () => {
          await signIn(alice, ALICE);
          await openCustomers(alice);
          await alice.getByRole('button', { name: 'Add customer', exact: true }).click();
          const dialog = alice.getByRole('dialog', { name: 'Add customer', exact: true });
          // Its label ends with the asterisk of a required field.
          await dialog.getByLabel(/^Name\b/).fill(ANA.name);
          await dialog.getByLabel('E-mail', exact).fill('ana.lima@');
          await dialog.getByLabel('Phone', exact).fill(ANA.phone);
          await dialog.getByLabel(/^Note\b/).fill(ANA.note);
          await dialog.getByRole('button', { name: 'Save', exact: true }).click();
          const email = dialog.getByLabel('E-mail', exact);
          await dialog.getByText('Write the e-mail address like name@example.com.', exact).waitFor();
          expect(await email.getAttribute('aria-invalid')).toBe('true');
          await email.fill(ANA.email);
          await dialog.getByRole('button', { name: 'Save', exact: true }).click();
          await alice.getByText(`${ANA.name} added.`, exact).waitFor();
          await dialog.waitFor({ state: 'hidden' });
          await rowOf(customersTable(alice), ANA.name).waitFor();
        },
      );

      await step(shots, 'Alice finds Ana by part of her phone number and opens her page', pages, async () => {
        await search(alice).fill('7946-0958');
        const table = customersTable(alice);
        await expect.poll(() => table.getByRole('row').count()).toBe(2);
        // Alice, the owner, sees figures: Ana has bought nothing yet.
        expect(await rowText(rowOf(table, ANA.name))).toMatch(
          new RegExp(`^${escape(ANA.name)} No purchase yet 0 €0\\.00 ${escape(ANA.email)}$`, 'i'),
        );
        await table.getByRole('link', { name: ANA.name, exact: true }).click();
        await alice.getByRole('heading', { level: 1, name: ANA.name, exact: true }).waitFor();
        anaPath = new URL(alice.url()).pathname;
        expect(await fact(alice, 'E-mail')).toBe(`E-mail ${ANA.email}`);
        expect(await fact(alice, 'Note')).toBe(`Note ${ANA.note}`);
        expect(await fact(alice, 'Balance')).toBe('Balance €0.00');
        await alice.getByRole('heading', { name: 'No store credit yet', exact: true }).waitFor();
        await alice.getByRole('heading', { name: 'No purchases yet', exact: true }).waitFor();
      });

      await step(shots, 'Alice gives Ana €10.00 of store credit with a reason', pages, async () => {
        await alice.getByRole('button', { name: 'Give or take back credit', exact: true }).click();
        const dialog = alice.getByRole('dialog', { name: 'Give or take back credit', exact: true });
        await dialog.getByLabel('Amount', exact).fill('10');
        await dialog.getByText('Their store credit becomes €10.00.', exact).waitFor();
        await dialog.getByLabel('Reason', exact).fill(REASON);
        await dialog.getByRole('button', { name: 'Give credit', exact: true }).click();
        await alice.getByText(`€10.00 given to ${ANA.name}: €10.00 of store credit.`, exact).waitFor();
        await dialog.waitFor({ state: 'hidden' });
        await expect.poll(() => fact(alice, 'Balance')).toBe('Balance €10.00');
        const entries = alice.getByRole('table', { name: 'Store credit entries', exact: true });
        const rows = entries.getByRole('row');
        await expect.poll(() => rows.count()).toBe(2);
        expect(await rowText(rows.nth(1))).toMatch(
          new RegExp(`^.+ By hand \\+€10\\.00 €10\\.00 ${REASON} Alice Acme$`),
        );
      });

      await step(shots, 'Taking back more than Ana has is refused with what she has', pages, async () => {
        await alice.getByRole('button', { name: 'Give or take back credit', exact: true }).click();
        const dialog = alice.getByRole('dialog', { name: 'Give or take back credit', exact: true });
        await radio(dialog, 'Take back credit');
        await dialog.getByLabel('Amount', exact).fill('15');
        await dialog.getByText('They have €10.00 of store credit.', exact).waitFor();
        await dialog.getByLabel('Reason', exact).fill('Given twice');
        await dialog.getByRole('button', { name: 'Take back credit', exact: true }).click();
        await dialog
          .getByRole('alert')
          .getByText(`${ANA.name} has €10.00 of store credit, not the €15.00 asked for.`, exact)
          .waitFor();
        await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        expect(await fact(alice, 'Balance')).toBe('Balance €10.00');
      });

      // Ana buys two hammers at the counter, €6.00 of them with her credit, and brings one back,
      // refunded €6.00 to her credit and the rest in cash.
      const anaId = anaPath.split('/').at(-1)!;
      const register = await api.call<{ id: string }>('/merchants/acme/registers', {
        method: 'POST',
        cookie: owner,
        body: { name: 'Counter', receiptPrefix: 'CU' },
      });
      expect(register.status).toBe(201);
      const shift = await api.call<{ id: string }>(`/merchants/acme/registers/${register.body.id}/shifts`, {
        method: 'POST',
        cookie: owner,
        body: { openingFloatMinor: 10_000, idempotencyKey: crypto.randomUUID() },
      });
      expect(shift.status).toBe(201);
      const sold = await api.call<{ id: string; receiptNumber: string }>(
        `/merchants/acme/registers/${register.body.id}/sales`,
        {
          method: 'POST',
          cookie: owner,
          body: {
            id: crypto.randomUUID(),
            shiftId: shift.body.id,
            customerId: anaId,
            lines: [{ productId: hammer.id, quantity: 2 }],
            tenders: [
              { method: 'store_credit', amountMinor: 600 },
              { method: 'cash', amountMinor: 2 * hammer.priceMinor - 600 },
            ],
            totalMinor: 2 * hammer.priceMinor,
          },
        },
      );
      expect(sold.status).toBe(201);
      const returned = await api.call<{ id: string; receiptNumber: string }>(
        `/merchants/acme/registers/${register.body.id}/returns`,
        {
          method: 'POST',
          cookie: owner,
          body: {
            id: crypto.randomUUID(),
            shiftId: shift.body.id,
            saleId: sold.body.id,
            lines: [{ position: 1, quantity: 1, restock: true }],
            reason: 'One was enough',
            refunds: [
              { method: 'store_credit', amountMinor: 600 },
              { method: 'cash', amountMinor: hammer.priceMinor - 600 },
            ],
            totalMinor: hammer.priceMinor,
          },
        },
      );
      expect(returned.status).toBe(201);
      const [sale, refund] = [sold.body, returned.body];

      await step(
        shots,
        "Ana's page lists her credit's entries and her purchases at the register",
        pages,
        async () => {
          await alice.reload();
          await alice.getByRole('heading', { level: 1, name: ANA.name, exact: true }).waitFor();
          const entries = alice.getByRole('table', { name: 'Store credit entries', exact: true });
          await expect
            .poll(async () => (await entries.getByRole('row').allInnerTexts()).slice(1).map(text))
            .toEqual([
              expect.stringMatching(
                new RegExp(`^.+ Refund \\+€6\\.00 €10\\.00 Alice Acme ${refund.receiptNumber}$`),
              ),
              expect.stringMatching(
                new RegExp(`^.+ Sale −€6\\.00 €4\\.00 Alice Acme ${sale.receiptNumber}$`),
              ),
              expect.stringMatching(new RegExp(`^.+ By hand \\+€10\\.00 €10\\.00 ${REASON} Alice Acme$`)),
            ]);
          expect(await fact(alice, 'Balance')).toBe('Balance €10.00');
          const purchases = alice.getByRole('table', { name: 'Purchases', exact: true });
          expect((await purchases.getByRole('row').allInnerTexts()).slice(1).map(text)).toEqual([
            expect.stringMatching(new RegExp(`^${refund.receiptNumber} −€19\\.90 Register return .+$`)),
            expect.stringMatching(new RegExp(`^${sale.receiptNumber} €39\\.80 Register sale .+$`)),
          ]);
          // Tall enough to show her figures, her purchases and her credit under them.
          await alice.setViewportSize(TALL);
          await shots.take(alice, 'customer');
          await alice.setViewportSize(VIEWPORT);
          await rowOf(purchases, sale.receiptNumber)
            .getByRole('link', { name: sale.receiptNumber, exact: true })
            .click();
          await alice
            .getByRole('heading', { level: 1, name: `Receipt ${sale.receiptNumber}`, exact: true })
            .waitFor();
        },
      );

      await step(shots, 'On a phone her page fits: only its tables scroll sideways', pages, async () => {
        await alice.setViewportSize(PHONE);
        await alice.goto(anaPath);
        await alice.getByRole('table', { name: 'Purchases', exact: true }).waitFor();
        expect(await alice.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          PHONE.width,
        );
        await alice.setViewportSize(VIEWPORT);
      });

      await step(
        shots,
        'Carol, who ordered online, is listed with her account and her order',
        pages,
        async () => {
          await openCustomers(alice);
          const carol = rowOf(customersTable(alice), CAROL.name);
          await carol.getByText('Online account', exact).waitFor();
          // Her net spend: two hammers, one brought back.
          expect(await rowText(rowOf(customersTable(alice), ANA.name))).toContain('€19.90');
          await carol.getByRole('link', { name: CAROL.name, exact: true }).click();
          await alice
            .getByRole('heading', { level: 1, name: `${CAROL.name} Online account`, exact: true })
            .waitFor();
          const purchases = alice.getByRole('table', { name: 'Purchases', exact: true });
          const row = rowOf(purchases, order.number);
          expect(await rowText(row)).toMatch(
            // A badge's text shows in capitals.
            new RegExp(`^${order.number} Placed €19\\.90 Online order .+$`, 'i'),
          );
          await row.getByRole('link', { name: order.number, exact: true }).click();
          await alice
            .getByRole('heading', { level: 1, name: `Order ${order.number} Placed`, exact: true })
            .waitFor();
        },
      );

      const cyril = await openPage(running.browser, running.server.url);
      await step(
        shots,
        'Cyril, a cashier, reads Ana’s page without giving or taking credit',
        [cyril],
        async () => {
          await signIn(cyril, cashier);
          await openCustomers(cyril);
          await search(cyril).fill('ana');
          await customersTable(cyril).getByRole('link', { name: ANA.name, exact: true }).waitFor();
          expect(await customersTable(cyril).getByRole('columnheader', { name: 'Net spend' }).count()).toBe(0);
          await customersTable(cyril).getByRole('link', { name: ANA.name, exact: true }).click();
          await cyril.getByRole('heading', { level: 1, name: ANA.name, exact: true }).waitFor();
          await cyril.getByRole('table', { name: 'Store credit entries', exact: true }).waitFor();
          // Every request has come back, the shop role included, and would show the button by now.
          await cyril.waitForLoadState('networkidle');
          expect(await fact(cyril, 'Balance')).toBe('Balance €10.00');
          expect(await cyril.getByRole('button', { name: 'Give or take back credit' }).count()).toBe(0);
          // What Ana spends is for owners and managers: no figures, no merge.
          expect(await cyril.getByRole('heading', { name: 'Figures', exact: true }).count()).toBe(0);
          expect(await cyril.getByRole('button', { name: 'Merge a duplicate' }).count()).toBe(0);
          await cyril.getByRole('button', { name: 'Edit', exact: true }).waitFor();
        },
      );

      await step(shots, 'An unknown customer’s address is the app’s Nothing here', [cyril], async () => {
        await cyril.goto(`/back-office/acme/customers/${crypto.randomUUID()}`);
        await cyril.getByRole('heading', { name: 'Nothing here', exact: true }).waitFor();
      });

      await shots.publish('customer');
    },
    TIMEOUT_MS,
  );
});
