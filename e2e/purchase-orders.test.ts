import { hasChromium } from '@myb/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step, VIEWPORT } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, BOLTS, signIn } from './support/story';

/**
 * A purchase order from the back office: Mia, a manager at Acme Hardware, writes one to Bolt Co; the
 * bolts and nuts she adds take Bolt Co's costs, SKUs and a quantity in whole packs from its terms, and
 * a quantity that is not whole packs is warned of. She sends it, receives the bolts and part of the
 * nuts (stock and average cost move; the receipt's note prints), and closes it short with a reason:
 * its history says who did what; the catalogue shows the bolts' average cost. Cyril, a cashier, is
 * offered neither purchase orders nor average costs.
 */

const TIMEOUT_MS = 180_000;
const NUTS = 'Nuts M10 (box of 50)';
const HAMMER = 'Claw hammer';
const PASSWORD = 'correct horse battery';
const exact = { exact: true } as const;
const TALL = { width: 1280, height: 1280 };
const soon = { timeout: 10_000 };

const text = (value: string) => value.replace(/\s+/g, ' ').trim();

interface CatalogueProduct {
  id: string;
  name: string;
  stock: number;
  averageCostMinor: number | null;
}

describe.skipIf(!hasChromium('purchase orders'))('purchase orders in Chromium', () => {
  const shots = new Screenshots('purchase-orders');
  const running = productInChromium('purchase-orders', { EMBEDDED_MQTT_PORT: '0' });

  const sections = (page: Page) => page.getByRole('navigation', { name: 'Shop sections' });
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const table = (page: Page, name: string) => page.getByRole('table', { name, exact: true });
  /** The row of a table holding `cell` (a product's name, a change of status). */
  const rowOf = (within: Locator, cell: string) =>
    within.getByRole('row').filter({ has: within.page().getByText(cell, exact) });
  const cellsOf = async (row: Locator) => (await row.getByRole('cell').allInnerTexts()).map(text);
  /** As written rather than as drawn: a status badge's text is drawn in capitals. */
  const cellTexts = async (row: Locator) => (await row.getByRole('cell').allTextContents()).map(text);
  const status = (page: Page, label: string) =>
    heading(page, new RegExp(`^PO-\\d{4}\\s*${label}$`)).waitFor(soon);
  /** Reads a toast and closes it, so that it covers nothing in a later picture. */
  const toastSaid = async (page: Page, title: string) => {
    const toast = page.locator('.mantine-Notification-root').filter({ hasText: title });
    await toast.waitFor();
    await toast.getByRole('button').click();
    await toast.waitFor({ state: 'detached' });
  };
  const combobox = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });
  const choose = async (page: Page, field: Locator, option: string) => {
    await field.click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  it(
    'writes a draft with the supplier’s terms, sends it, receives part, prints the receipt note and closes it short',
    async () => {
      const api = productApi(running.server.url);
      const owner = await api.signIn(ALICE);
      const people = {
        manager: { email: `mia-${Date.now()}@example.com`, password: PASSWORD, name: 'Mia Manager' },
        cashier: { email: `cyril-${Date.now()}@example.com`, password: PASSWORD, name: 'Cyril Cashier' },
      };
      for (const [role, person] of Object.entries(people)) {
        expect((await api.call('/auth/sign-up', { method: 'POST', body: person })).status).toBe(201);
        const added = await api.call('/merchants/acme/staff', {
          method: 'POST',
          cookie: owner,
          body: { email: person.email, role },
        });
        expect(added.status).toBe(200);
      }
      const catalogue = async () =>
        (await api.call<{ products: CatalogueProduct[] }>('/merchants/acme/catalogue', { cookie: owner }))
          .body.products;
      const productNamed = async (name: string) =>
        (await catalogue()).find((product) => product.name === name)!;
      const before = { bolts: await productNamed(BOLTS), nuts: await productNamed(NUTS) };
      expect(before.bolts.averageCostMinor).toBeNull();

      // Two earlier purchase orders of Alice's, so the list has more than one: a draft of hammers to
      // ToolWorks, and bolts sent to Bolt Co.
      const { body: suppliers } = await api.call<{ suppliers: { id: string; name: string }[] }>(
        '/merchants/acme/suppliers',
        { cookie: owner },
      );
      const supplierId = (name: string) => suppliers.suppliers.find((supplier) => supplier.name === name)!.id;
      const hammer = await productNamed(HAMMER);
      const written = await api.call<{ id: string }>('/merchants/acme/purchase-orders', {
        method: 'POST',
        cookie: owner,
        body: {
          id: crypto.randomUUID(),
          supplierId: supplierId('ToolWorks'),
          lines: [{ productId: hammer.id, quantity: 6, costMinor: 1150, supplierSku: 'TW-4471' }],
        },
      });
      expect(written.status).toBe(201);
      const earlier = await api.call<{ id: string }>('/merchants/acme/purchase-orders', {
        method: 'POST',
        cookie: owner,
        body: {
          id: crypto.randomUUID(),
          supplierId: supplierId('Bolt Co'),
          lines: [{ productId: before.bolts.id, quantity: 40, costMinor: 690 }],
          expectedOn: '2026-12-20',
        },
      });
      expect(earlier.status).toBe(201);
      expect(
        (
          await api.call(`/merchants/acme/purchase-orders/${earlier.body.id}/send`, {
            method: 'POST',
            cookie: owner,
          })
        ).status,
      ).toBe(200);

      const mia = await openPage(running.browser, running.server.url);
      const cyril = await openPage(running.browser, running.server.url);
      const pages = [mia, cyril];

      await step(shots, 'Mia writes a draft to Bolt Co: the terms fill in each line', pages, async () => {
        await signIn(mia, people.manager);
        await mia.goto('/back-office/acme/orders');
        await sections(mia)
          .getByRole('link', { name: 'Purchase orders', ...exact })
          .click();
        await heading(mia, 'Purchase orders').waitFor();
        await mia
          .getByRole('link', { name: 'New purchase order', ...exact })
          .first()
          .click();
        await heading(mia, 'New purchase order').waitFor();
        await choose(mia, combobox(mia, 'Supplier'), 'Bolt Co');
        const add = combobox(mia, 'Add a product');
        for (const [name, sku] of [
          [BOLTS, 'B-10'],
          [NUTS, 'N-10'],
        ] as const) {
          await add.fill(sku);
          await mia.getByRole('option', { name: `${name} (${sku})`, ...exact }).click();
          await mia.getByLabel(`Quantity of ${name}`, exact).waitFor();
        }
        // Bolt Co sells both in packs of 10, at least 20: 20 of each, at its costs, under its SKUs.
        expect(await mia.getByLabel(`Quantity of ${BOLTS}`, exact).inputValue()).toBe('20');
        expect(await mia.getByLabel(`Cost of one ${BOLTS}`, exact).inputValue()).toBe('6.90');
        expect(await mia.getByLabel(`Supplier’s SKU of ${BOLTS}`, exact).inputValue()).toBe('BC-M10-50');
        expect(await mia.getByLabel(`Cost of one ${NUTS}`, exact).inputValue()).toBe('4.80');
        await rowOf(table(mia, 'Lines'), BOLTS).getByText('Packs of 10, at least 20', exact).waitFor();

        const nuts = mia.getByLabel(`Quantity of ${NUTS}`, exact);
        await nuts.fill('25');
        await mia.getByText('Not whole packs of 10: 2 packs and 5 over.', exact).waitFor();
        await shots.take(mia, 'draft-not-whole-packs');
        await nuts.fill('30');
        await mia
          .getByText('Not whole packs of 10: 2 packs and 5 over.', exact)
          .waitFor({ state: 'detached' });
        await mia.getByLabel('Expected on', exact).fill('2026-12-18');
        await mia.getByLabel('Note', exact).fill('Deliver to the back door.');
        await mia.getByRole('button', { name: 'Save draft', ...exact }).click();
        await toastSaid(mia, 'PO-0003 saved');
        await status(mia, 'Draft');
        expect(mia.url()).toMatch(/\/back-office\/acme\/purchase-orders\/[0-9a-f-]{36}$/);
        // The draft page edits what was saved.
        expect(await mia.getByLabel(`Quantity of ${NUTS}`, exact).inputValue()).toBe('30');
        await mia.getByText('Total €282.00', exact).waitFor();
      });

      await step(shots, 'Mia sends it; Bolt Co is told', pages, async () => {
        await mia.getByRole('button', { name: 'Send', ...exact }).click();
        const dialog = mia.getByRole('dialog', { name: 'Send PO-0003 to Bolt Co?', ...exact });
        await dialog.getByRole('button', { name: 'Send to Bolt Co', ...exact }).click();
        await toastSaid(mia, 'PO-0003 sent');
        await status(mia, 'Sent');
        const trail = mia.getByRole('table', { name: 'Supplier deliveries', ...exact });
        await rowOf(trail, 'Bolt Co').waitFor(soon);
      });

      await step(shots, 'Mia receives the bolts and ten of the nuts', pages, async () => {
        await mia.getByRole('button', { name: 'Receive goods', ...exact }).click();
        const dialog = mia.getByRole('dialog', { name: 'Receive goods against PO-0003', ...exact });
        // What is still to come, unless she says otherwise; as a manager she may allow more than ordered.
        expect(await dialog.getByLabel(`Received of ${BOLTS}`, exact).inputValue()).toBe('20');
        expect(await dialog.getByLabel('Allow more than ordered', exact).count()).toBe(1);
        const nuts = dialog.getByLabel(`Received of ${NUTS}`, exact);
        expect(await nuts.inputValue()).toBe('30');
        await nuts.fill('31');
        await dialog.getByRole('button', { name: 'Receive into stock', ...exact }).click();
        await dialog.getByText('Only 30 still to come.', exact).waitFor();
        await nuts.fill('10');
        await dialog.getByLabel('Note', exact).fill('Nuts short: the rest next week.');
        await dialog.getByRole('button', { name: 'Receive into stock', ...exact }).click();
        await dialog.waitFor({ state: 'hidden' });
        await toastSaid(mia, 'Goods received against PO-0003');
        await status(mia, 'Partly received');
        const lines = table(mia, 'Lines');
        expect(await cellsOf(rowOf(lines, BOLTS))).toEqual([
          `${BOLTS} B-10`,
          'BC-M10-50',
          '20',
          '20',
          '0',
          '€6.90',
          '€138.00',
        ]);
        expect(await cellsOf(rowOf(lines, NUTS))).toEqual([
          `${NUTS} N-10`,
          'BC-N10-50',
          '30',
          '10',
          '20',
          '€4.80',
          '€144.00',
        ]);

        // Stock moved by what came, and the bolts' average cost is now what they cost.
        const after = { bolts: await productNamed(BOLTS), nuts: await productNamed(NUTS) };
        expect(after.bolts.stock).toBe(before.bolts.stock + 20);
        expect(after.nuts.stock).toBe(before.nuts.stock + 10);
        expect(after.bolts.averageCostMinor).toBe(690);
        expect(after.nuts.averageCostMinor).toBe(480);

        const history = table(mia, 'History');
        expect(await cellsOf(rowOf(history, 'Sent → Partly received'))).toEqual([
          'Sent → Partly received',
          people.manager.name,
          expect.any(String),
          '—',
        ]);
        await rowOf(history, 'Written as draft').getByText(people.manager.name, exact).waitFor();
        await rowOf(history, 'Draft → Sent').getByText(people.manager.name, exact).waitFor();
        await mia.setViewportSize(TALL);
        await shots.take(mia, 'purchase-order');
        await mia.setViewportSize(VIEWPORT);
      });

      await step(shots, 'The receipt note prints what came, at what cost', pages, async () => {
        await mia.getByRole('link', { name: /^Print receipt note/ }).click();
        await heading(mia, 'Receipt note for PO-0003').waitFor();
        const sheet = mia.getByRole('article', { name: 'Receipt note for PO-0003', ...exact });
        const printed = text(await sheet.innerText());
        for (const expected of [
          'Goods receipt note',
          'Acme Hardware',
          'Supplier Bolt Co',
          'Purchase order PO-0003',
          `Received by ${people.manager.name}`,
          `B-10 BC-M10-50 ${BOLTS} 20 €6.90 €6.90`,
          `N-10 BC-N10-50 ${NUTS} 10 €4.80 €4.80`,
          'Items received 30',
          'Value at cost €186.00',
          'Nuts short: the rest next week.',
        ]) {
          expect(printed).toContain(expected);
        }
        await shots.take(mia, 'purchase-receipt-note');
        await mia.getByRole('link', { name: 'Back to PO-0003', ...exact }).click();
        await status(mia, 'Partly received');
      });

      await step(shots, 'Mia closes it short with a reason; the history says so', pages, async () => {
        await mia.getByRole('button', { name: 'Close short', ...exact }).click();
        const dialog = mia.getByRole('dialog', { name: 'Close PO-0003 short?', ...exact });
        await dialog.getByRole('button', { name: 'Close short', ...exact }).click();
        await dialog.getByText('The reason is required.', exact).waitFor();
        await dialog.getByLabel(/^Reason/).fill('Bolt Co has no more nuts until March.');
        await dialog.getByRole('button', { name: 'Close short', ...exact }).click();
        await dialog.waitFor({ state: 'hidden' });
        await toastSaid(mia, 'PO-0003 closed short');
        await status(mia, 'Closed short');
        expect(await cellsOf(rowOf(table(mia, 'History'), 'Partly received → Closed short'))).toEqual([
          'Partly received → Closed short',
          people.manager.name,
          expect.any(String),
          'Bolt Co has no more nuts until March.',
        ]);
        await mia.getByRole('button', { name: 'Receive goods', ...exact }).waitFor({ state: 'detached' });
      });

      await step(shots, 'The list shows the three, by status and supplier', pages, async () => {
        await sections(mia)
          .getByRole('link', { name: 'Purchase orders', ...exact })
          .click();
        await heading(mia, 'Purchase orders').waitFor();
        const list = table(mia, 'Purchase orders');
        const row = (number: string) =>
          list.getByRole('row').filter({ has: mia.getByRole('link', { name: number, ...exact }) });
        await row('PO-0003').waitFor();
        expect(await cellTexts(row('PO-0003'))).toEqual([
          'PO-0003',
          'Bolt Co',
          'Closed short',
          '2',
          '€282.00',
          '18 Dec 2026',
          expect.stringContaining(people.manager.name),
        ]);
        expect((await cellTexts(row('PO-0001'))).slice(0, 5)).toEqual([
          'PO-0001',
          'ToolWorks',
          'Draft',
          '1',
          '€69.00',
        ]);
        await shots.take(mia, 'purchase-orders');

        await choose(mia, combobox(mia, 'Supplier'), 'Bolt Co');
        const listed = () => list.getByRole('link', { name: /^PO-/ }).allInnerTexts();
        await expect.poll(listed, soon).toEqual(['PO-0003', 'PO-0002']);
        await choose(mia, combobox(mia, 'Status'), 'Sent');
        await expect.poll(listed, soon).toEqual(['PO-0002']);
        expect(mia.url()).toContain('status=sent');
        // Sent today, it is not yet past Bolt Co's deadline to acknowledge it.
        // The box follows the address, which changes a moment after the click: `check()` reads it at once.
        const overdue = mia.getByRole('checkbox', { name: 'Not acknowledged in time', ...exact });
        await overdue.click();
        await mia.getByText('No purchase order matches', exact).waitFor(soon);
        expect(mia.url()).toContain('overdue=true');
        expect(await overdue.isChecked()).toBe(true);
      });

      await step(shots, 'The catalogue shows the bolts’ average cost beside their price', pages, async () => {
        await sections(mia)
          .getByRole('link', { name: 'Catalogue', ...exact })
          .click();
        const products = table(mia, 'Products');
        await rowOf(products, BOLTS).waitFor();
        // Read again since the goods came: the list shown first may be the one held from before.
        await expect
          .poll(async () => (await cellsOf(rowOf(products, BOLTS))).slice(3, 5), soon)
          .toEqual(['€12.50', '€6.90']);
        expect((await cellsOf(rowOf(products, HAMMER))).slice(3, 5)).toEqual(['€19.90', '—']);
      });

      await step(shots, 'Cyril, a cashier, is not offered purchase orders', pages, async () => {
        await signIn(cyril, people.cashier);
        await cyril.goto('/back-office/acme/orders');
        await sections(cyril)
          .getByRole('link', { name: 'Orders', ...exact })
          .waitFor();
        expect(
          await sections(cyril)
            .getByRole('link', { name: 'Purchase orders', ...exact })
            .count(),
        ).toBe(0);
        await cyril.goto('/back-office/acme/purchase-orders');
        await cyril
          .getByRole('heading', { name: 'Purchase orders is not part of your role', ...exact })
          .waitFor();
        // Nor the average costs: he sees no cost prices.
        await sections(cyril)
          .getByRole('link', { name: 'Catalogue', ...exact })
          .click();
        await rowOf(table(cyril, 'Products'), BOLTS).waitFor();
        expect(await cyril.getByRole('columnheader', { name: 'Average cost', ...exact }).count()).toBe(0);
      });

      await shots.publish('purchase-orders', 'purchase-order', 'purchase-receipt-note');
    },
    TIMEOUT_MS,
  );
});
