import { readFile } from 'node:fs/promises';
import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, catalogueRow, openShopCatalogue } from './support/story';

/**
 * Alice exports her catalogue, edits it as a spreadsheet and imports it back: a row naming a
 * category the shop does not have is shown with its line and reason, and nothing is imported; the
 * corrected file applies, and the catalogue shows the new figures.
 */

const TIMEOUT_MS = 120_000;
const NUTS = 'Nuts M10 (box of 50)';
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('catalogue import'))('importing the catalogue from CSV', () => {
  const shots = new Screenshots('catalogue-import');
  const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' });

  const productRow = catalogueRow;

  it(
    'shows a bad row with its line and reason and imports nothing; the corrected file applies',
    async () => {
      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      await step(shots, 'Alice opens her catalogue', pages, async () => {
        await openShopCatalogue(alice, ALICE);
        await productRow(alice, NUTS).getByText('60 in stock', exact).waitFor();
      });

      const exported = await step(shots, 'Alice exports the catalogue as CSV', pages, async () => {
        const [download] = await Promise.all([
          alice.waitForEvent('download'),
          alice.getByRole('link', { name: 'Export CSV', exact: true }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^acme-catalogue-\d{4}-\d{2}-\d{2}\.csv$/);
        const text = await readFile(await download.path(), 'utf8');
        expect(text.split('\r\n')[0]).toBe('\uFEFFsku,barcode,name,description,category,price,currency,tax_rate,stock,suppliers,archived');
        expect(text).toContain('N-10,3760123450027,Nuts M10 (box of 50),,fasteners,8.90,EUR,,60,bolt-co,no');
        return text;
      });

      // Counted 75 nuts; two new products, one in a category the shop does not have.
      const edited = (category: string) =>
        `${exported.replace('N-10,3760123450027,Nuts M10 (box of 50),,fasteners,8.90,EUR,,60,', 'N-10,3760123450027,Nuts M10 (box of 50),,fasteners,8.90,EUR,,75,')}` +
        `W-PLUG,,Wall plugs (box of 100),,fasteners,4.20,EUR,,30,bolt-co,no\r\n` +
        `T-SAW,,Hand saw,,${category},15.00,EUR,,5,toolworks,no\r\n`;
      const dialog = alice.getByRole('dialog', { name: 'Import the catalogue from CSV' });
      const choose = async (csv: string) =>
        dialog.locator('input[type="file"]').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

      await step(shots, 'Alice imports a file with a bad row: it is shown with its line and reason', pages, async () => {
        await alice.getByRole('button', { name: 'Import CSV', exact: true }).click();
        await choose(edited('garden'));
        const errors = dialog.getByRole('table', { name: 'Errors in the file', exact: true });
        await errors.waitFor();
        const row = errors.getByRole('row').filter({ hasText: 'Unknown category "garden"' });
        // The header, the four products exported, the new wall plugs: the saw is on line 7.
        await row.getByRole('cell', { name: '7', exact: true }).waitFor();
        await row.getByRole('cell', { name: 'category', exact: true }).waitFor();
        await dialog.getByText('1 row with errors', exact).waitFor();
        expect(await dialog.getByRole('button', { name: 'Apply import', exact: true }).isDisabled()).toBe(true);
      });
      await shots.take(alice, 'catalogue-import');

      await step(shots, 'Nothing was imported', pages, async () => {
        await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await productRow(alice, NUTS).getByText('60 in stock', exact).waitFor();
        expect(await productRow(alice, 'Wall plugs').count()).toBe(0);
      });

      await step(shots, 'Alice corrects the file: the dry run lists what changes, and she applies it', pages, async () => {
        await alice.getByRole('button', { name: 'Import CSV', exact: true }).click();
        await choose(edited('tools'));
        const changes = dialog.getByRole('table', { name: 'Rows that change', exact: true });
        await changes.waitFor();
        await dialog.getByText('2 new products', exact).waitFor();
        await dialog.getByText('1 change', exact).waitFor();
        await changes.getByRole('row').filter({ hasText: 'N-10' }).getByRole('cell', { name: '60 → 75', exact: true }).waitFor();
        await dialog.getByRole('button', { name: 'Apply import', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await alice.getByText('Catalogue imported: 2 new products, 1 change, 3 unchanged.').waitFor();
        await productRow(alice, NUTS).getByText('75 in stock', exact).waitFor();
        await productRow(alice, 'Wall plugs (box of 100)').getByText('30 in stock', exact).waitFor();
        await productRow(alice, 'Wall plugs (box of 100)').getByText('€4.20', exact).waitFor();
        await productRow(alice, 'Hand saw').getByText('5 in stock', exact).waitFor();
      });

      await shots.publish('catalogue-import');
    },
    TIMEOUT_MS,
  );
});
