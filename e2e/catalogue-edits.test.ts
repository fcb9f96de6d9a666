import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, CAROL, catalogueRow, openShopCatalogue, SCREWDRIVERS } from './support/story';

/**
 * Alice edits her catalogue while the shop runs: a sale and a colleague's change made while her
 * form is open are neither undone nor overwritten; stock moves by an amount with a reason; a
 * supplier that was used is archived instead of deleted, and the screwdriver set it supplied first
 * gets Bolt Co's new terms and Bolt Co as its preferred supplier.
 */

const TIMEOUT_MS = 120_000;
const HAMMER = 'Claw hammer';
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('catalogue edits'))('editing the catalogue while the shop runs', () => {
  const shots = new Screenshots('catalogue');
  const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' });

  const api = (path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) =>
    productApi(running.server.url).call(path, init);
  const signInOverApi = (person: { email: string; password: string }) => productApi(running.server.url).signIn(person);
  const productRow = catalogueRow;

  it(
    'keeps a sale and a colleague’s change made while the form was open, adjusts stock with a reason, archives a supplier and prefers another',
    async () => {
      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      await step(shots, 'Alice opens her catalogue', pages, async () => {
        await openShopCatalogue(alice, ALICE);
        await productRow(alice, HAMMER).getByText('12 in stock', exact).waitFor();
      });

      const dialog = alice.getByRole('dialog', { name: `Edit ${HAMMER}` });
      await step(shots, 'Alice opens the hammer’s form', pages, async () => {
        await alice.getByRole('button', { name: `Edit ${HAMMER}`, exact: true }).click();
        await dialog.getByLabel('Price').waitFor();
        expect(await dialog.getByLabel('Price').inputValue()).toBe('19.90');
        // Stock is not a field of an existing product's form.
        expect(await dialog.getByRole('textbox', { name: 'Stock' }).count()).toBe(0);
      });

      await step(shots, 'Meanwhile Carol buys 2 hammers and a colleague changes the price', pages, async () => {
        const carol = await signInOverApi(CAROL);
        const owner = await signInOverApi(ALICE);
        const { body } = await api('/merchants/acme/catalogue', { cookie: owner });
        const hammer = (body.products as { id: string; name: string; version: number }[]).find((p) => p.name === HAMMER)!;
        const ordered = await api('/orders', {
          method: 'POST',
          cookie: carol,
          body: { merchantSlug: 'acme', items: [{ productId: hammer.id, quantity: 2 }] },
        });
        expect(ordered.status).toBe(201);
        const repriced = await api(`/merchants/acme/products/${hammer.id}`, {
          method: 'PATCH',
          cookie: owner,
          body: { priceMinor: 2150, version: hammer.version },
        });
        expect(repriced.status).toBe(200);
      });

      await step(shots, 'Alice saves her own price: she is shown both and nothing is overwritten', pages, async () => {
        await dialog.getByLabel('Price').fill('18.00');
        await dialog.getByRole('button', { name: 'Save', exact: true }).click();
        const alert = dialog.getByRole('alert').filter({ hasText: 'Changed by someone else' });
        await alert.waitFor();
        const changed = alert.getByRole('table', { name: 'What changed' });
        await changed.getByRole('row', { name: 'Price 21.50 18.00', exact: true }).waitFor();
        // The form is taller than the dialog: the picture shows the alert, not the Save button pressed.
        await alert.scrollIntoViewIfNeeded();
      });
      await shots.take(alice, 'product-conflict');

      await step(shots, 'Alice reloads: the form shows the current values', pages, async () => {
        await dialog.getByRole('button', { name: 'Reload', exact: true }).click();
        await expect.poll(() => dialog.getByLabel('Price').inputValue()).toBe('21.50');
        expect(await dialog.getByRole('alert').count()).toBe(0);
        await dialog.getByText('10 in stock.', { exact: false }).waitFor();
        await dialog.getByLabel('Price').fill('18.00');
        await dialog.getByRole('button', { name: 'Save', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        // The price is hers; the stock is what the sale left.
        await productRow(alice, HAMMER).getByText('€18.00').waitFor();
        await productRow(alice, HAMMER).getByText('10 in stock', exact).waitFor();
      });

      const adjust = alice.getByRole('dialog', { name: `Adjust stock of ${HAMMER}` });
      await step(shots, 'Alice receives 5 hammers; the quantity field shows what she typed', pages, async () => {
        await alice.getByRole('button', { name: `Adjust stock of ${HAMMER}`, exact: true }).click();
        const quantity = adjust.getByLabel('Quantity');
        await quantity.fill('2.5');
        await adjust.getByRole('button', { name: 'Save adjustment', exact: true }).click();
        await adjust.getByText('Whole numbers only.', exact).waitFor();
        expect(await quantity.inputValue()).toBe('2.5');
        await quantity.fill('-5');
        await adjust.getByRole('button', { name: 'Save adjustment', exact: true }).click();
        await adjust.getByText('Whole numbers only.', exact).or(adjust.getByText('Must be 1 or more.', exact)).waitFor();
        expect(await quantity.inputValue()).toBe('-5');
        await quantity.fill('5');
        await adjust.getByText('Stock becomes 15 if nothing sells meanwhile.', exact).waitFor();
      });
      await shots.take(alice, 'stock-adjustment');
      await step(shots, 'Alice saves the adjustment', pages, async () => {
        await adjust.getByRole('button', { name: 'Save adjustment', exact: true }).click();
        await adjust.waitFor({ state: 'hidden' });
        await productRow(alice, HAMMER).getByText('15 in stock', exact).waitFor();
      });

      await step(shots, 'ToolWorks was sent orders: Alice archives it instead of deleting it', pages, async () => {
        await alice
          .getByRole('navigation', { name: 'Shop sections' })
          .getByRole('link', { name: 'Suppliers', exact: true })
          .click();
        await alice.getByRole('heading', { level: 1, name: 'Suppliers', exact: true }).waitFor();
        await alice.getByRole('button', { name: 'Archive ToolWorks', exact: true }).click();
        await alice.getByRole('button', { name: 'Archive ToolWorks', exact: true }).waitFor({ state: 'detached' });
        const suppliers = alice.getByRole('table', { name: 'Suppliers', exact: true });
        expect(await suppliers.getByText('ToolWorks', exact).count()).toBe(0);
        // Mantine's segmented control hides its radios behind their labels: press the radio itself.
        await alice.getByRole('radio', { name: 'Archived', exact: true }).dispatchEvent('click');
        const row = suppliers.getByRole('row').filter({ hasText: 'ToolWorks' });
        await row.getByText('Archived', exact).waitFor();
        await row.getByRole('button', { name: 'Restore ToolWorks', exact: true }).waitFor();
      });
      await shots.take(alice, 'suppliers-archived');

      await step(shots, 'ToolWorks is no longer offered for a new product, and stays on the hammer', pages, async () => {
        await alice
          .getByRole('navigation', { name: 'Shop sections' })
          .getByRole('link', { name: 'Catalogue', exact: true })
          .click();
        await alice.getByRole('button', { name: 'Add product', exact: true }).click();
        const form = alice.getByRole('dialog', { name: 'New product' });
        await form.getByLabel('Suppliers', exact).click();
        await alice.getByRole('option', { name: 'Bolt Co', exact: true }).waitFor();
        expect(await alice.getByRole('option', { name: /ToolWorks/ }).count()).toBe(0);
        await alice.keyboard.press('Escape');
        await form.getByRole('button', { name: 'Cancel', exact: true }).click();
        await form.waitFor({ state: 'hidden' });
        await alice.getByRole('button', { name: `Edit ${HAMMER}`, exact: true }).click();
        await dialog.getByText('ToolWorks (archived)', exact).waitFor();
        await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
      });

      const screwdrivers = alice.getByRole('dialog', { name: `Edit ${SCREWDRIVERS}` });
      const terms = screwdrivers.getByRole('table', { name: 'Terms with each supplier' });
      const termsRow = (supplier: string) => terms.getByRole('row').filter({ has: alice.getByRole('rowheader', { name: new RegExp(`^${supplier}`) }) });
      const cells = (supplier: string) => termsRow(supplier).getByRole('cell').allTextContents();
      await step(shots, 'The screwdriver set lists its suppliers’ terms: ToolWorks, archived, is still preferred', pages, async () => {
        await alice.getByRole('button', { name: `Edit ${SCREWDRIVERS}`, exact: true }).click();
        await termsRow('ToolWorks').getByText('Preferred', exact).waitFor();
        await termsRow('ToolWorks').getByText('Archived', exact).waitFor();
        expect(await cells('ToolWorks')).toEqual(['TW-SD12', '€14.20', '4', '4', '5 days', '']);
        expect(await cells('Bolt Co')).toEqual(['BC-SD-SET', '€15.10', '1', '2', '2 days', 'Make preferred']);
        // An archived supplier's terms are not edited; it is restored first.
        expect(await screwdrivers.getByRole('button', { name: "Edit ToolWorks's terms" }).count()).toBe(0);
      });

      const boltTerms = alice.getByRole('dialog', { name: `Bolt Co's terms for ${SCREWDRIVERS}` });
      await step(shots, 'Alice sets Bolt Co’s new terms: each field says what is wrong with what she typed', pages, async () => {
        // Esc closes the small dialog only: the product's form is still open under it.
        await screwdrivers.getByRole('button', { name: "Edit Bolt Co's terms", exact: true }).click();
        await boltTerms.getByLabel('Their SKU').waitFor();
        await alice.keyboard.press('Escape');
        await boltTerms.waitFor({ state: 'hidden' });
        await terms.waitFor();
        await screwdrivers.getByRole('button', { name: "Edit Bolt Co's terms", exact: true }).click();
        expect(await boltTerms.getByLabel('Cost').inputValue()).toBe('15.10');
        await boltTerms.getByLabel('Cost').fill('14,8x');
        await boltTerms.getByLabel('Pack size').fill('0');
        await boltTerms.getByLabel('Lead time').fill('400');
        await boltTerms.getByRole('button', { name: 'Save terms', exact: true }).click();
        await boltTerms.getByText('Enter an amount like 12.50.', exact).waitFor();
        await boltTerms.getByText('Must be 1 or more.', exact).waitFor();
        await boltTerms.getByText('Must be 365 or less.', exact).waitFor();
        await shots.take(alice, 'supplier-terms-dialog');
        await boltTerms.getByLabel('Their SKU').fill('BC-SD-SET-6');
        await boltTerms.getByLabel('Cost').fill('14,80');
        await boltTerms.getByLabel('Pack size').fill('6');
        await boltTerms.getByLabel('Minimum order').fill('12');
        await boltTerms.getByLabel('Lead time').fill('3');
        await boltTerms.getByRole('button', { name: 'Save terms', exact: true }).click();
        await boltTerms.waitFor({ state: 'hidden' });
        await expect.poll(() => cells('Bolt Co')).toEqual(['BC-SD-SET-6', '€14.80', '6', '12', '3 days', 'Make preferred']);
      });

      await step(shots, 'Alice makes Bolt Co the preferred supplier: ToolWorks becomes its backup', pages, async () => {
        await screwdrivers.getByRole('button', { name: 'Make preferred: Bolt Co', exact: true }).click();
        await termsRow('Bolt Co').getByText('Preferred', exact).waitFor();
        await expect.poll(() => termsRow('ToolWorks').getByText('Preferred', exact).count()).toBe(0);
        // The preferred supplier comes first.
        await expect.poll(() => terms.getByRole('rowheader').allTextContents()).toEqual(['Bolt CoPreferred', 'ToolWorksArchived']);
        await terms.scrollIntoViewIfNeeded();
      });
      await shots.take(alice, 'supplier-terms');

      await step(shots, 'The catalogue names Bolt Co first, and the product has one preferred supplier', pages, async () => {
        await screwdrivers.getByRole('button', { name: 'Cancel', exact: true }).click();
        await screwdrivers.waitFor({ state: 'hidden' });
        await catalogueRow(alice, SCREWDRIVERS).getByText('Bolt Co (preferred), ToolWorks', exact).waitFor();
        const owner = await signInOverApi(ALICE);
        const { body } = await api('/merchants/acme/catalogue', { cookie: owner });
        const product = (body.products as { name: string; suppliers: { preferred: boolean; supplierSku: string; costMinor: number }[] }[]).find(
          (candidate) => candidate.name === SCREWDRIVERS,
        )!;
        expect(product.suppliers.filter((tie) => tie.preferred)).toEqual([
          expect.objectContaining({ supplierSku: 'BC-SD-SET-6', costMinor: 1480, packSize: 6, minOrderQuantity: 12, leadTimeDays: 3 }),
        ]);
      });

      await shots.publish('product-conflict', 'stock-adjustment', 'suppliers-archived', 'supplier-terms');
    },
    TIMEOUT_MS,
  );
});
