import { readFile } from 'node:fs/promises';
import { hasChromium } from '@myb/testing';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, BOLTS, CAROL, signIn } from './support/story';

/**
 * Alice reads the stock history of her bolts while the shop runs: Carol's order appears by itself
 * with the stock it left, a damaged box with its reason; she narrows the list by type and by person,
 * and downloads what she sees as a CSV file whose balances are the screen's.
 */

const TIMEOUT_MS = 120_000;
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('stock history'))('the stock history in Chromium', () => {
  const shots = new Screenshots('stock');
  const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' });

  it(
    "shows a product's movements live, with who, why and the running balance, narrowed and exported",
    async () => {
      const api = productApi(running.server.url);
      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      const movements = alice.getByRole('table', { name: 'Stock movements', exact: true });
      const rowsOf = async () =>
        (await movements.getByRole('row').allInnerTexts()).slice(1).map((text) => text.replace(/\s+/g, ' ').trim());

      await step(shots, 'Alice opens the bolts’ stock history from her catalogue', pages, async () => {
        await signIn(alice, ALICE);
        await alice.goto('/back-office/acme/catalogue');
        await alice.getByRole('link', { name: `Stock history of ${BOLTS}`, exact: true }).click();
        await alice.getByRole('heading', { level: 1, name: `Stock history of ${BOLTS}`, exact: true }).waitFor();
        await movements.getByRole('row').filter({ hasText: 'Opening stock' }).waitFor();
      });

      await step(shots, 'Carol orders 3 boxes and a colleague writes off a split box: both appear by themselves', pages, async () => {
        const carol = await api.signIn(CAROL);
        const owner = await api.signIn(ALICE);
        const { body } = await api.call<{ products: { id: string; name: string }[] }>('/merchants/acme/products');
        const bolts = body.products.find((product) => product.name === BOLTS)!;
        const ordered = await api.call<{ number: string }>('/orders', {
          method: 'POST',
          cookie: carol,
          body: { merchantSlug: 'acme', items: [{ productId: bolts.id, quantity: 3 }] },
        });
        expect(ordered.status).toBe(201);
        const adjusted = await api.call(`/merchants/acme/products/${bolts.id}/stock-adjustments`, {
          method: 'POST',
          cookie: owner,
          body: { change: -1, reason: 'damaged', note: 'box split open' },
        });
        expect(adjusted.status).toBe(201);
        await movements.getByRole('row').filter({ hasText: 'box split open' }).waitFor();
        // The header's stock follows too.
        await alice.getByText('36 in stock', exact).waitFor();
        await expect.poll(rowsOf).toEqual([
          expect.stringMatching(/Adjustment −1 36 Damaged: box split open Alice Acme$/),
          expect.stringMatching(new RegExp(`Online order −3 37 Order ${ordered.body.number} Carol Customer$`)),
          expect.stringMatching(/Opening stock \+40 40 Stock when the product entered the ledger —$/),
        ]);
      });
      await shots.take(alice, 'stock-history');

      await step(shots, 'Alice narrows to online orders, then to what Carol did', pages, async () => {
        await alice.getByRole('combobox', { name: 'Type', exact: true }).click();
        await alice.getByRole('option', { name: 'Online order', exact: true }).click();
        await expect.poll(rowsOf).toEqual([expect.stringContaining('Online order −3 37')]);
        // The section's link opens the whole shop's movements, unfiltered.
        await alice.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: 'Stock', exact: true }).click();
        await alice.getByRole('heading', { level: 1, name: 'Stock movements', exact: true }).waitFor();
        await movements.getByRole('button', { name: 'Carol Customer', exact: true }).first().click();
        await alice.getByText('By Carol Customer', exact).waitFor();
        await expect.poll(rowsOf).toEqual([expect.stringContaining('Online order −3 37')]);
        await alice.getByRole('button', { name: "Show everyone's movements", exact: true }).click();
        await expect.poll(async () => (await rowsOf()).length).toBeGreaterThan(1);
      });

      await step(shots, 'Alice finds the bolts by typing part of their name in the product box', pages, async () => {
        await alice.getByRole('combobox', { name: 'Product', exact: true }).fill('bolts 10');
        await alice.getByRole('option', { name: BOLTS }).click();
        await alice.getByRole('heading', { level: 1, name: `Stock history of ${BOLTS}`, exact: true }).waitFor();
        await alice.getByText('36 in stock', exact).waitFor();
        await expect.poll(async () => (await rowsOf()).length).toBe(3);
        await alice.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: 'Stock', exact: true }).click();
        await alice.getByRole('heading', { level: 1, name: 'Stock movements', exact: true }).waitFor();
      });

      await step(shots, 'Alice downloads the bolts’ history as CSV: the balances are the screen’s', pages, async () => {
        await movements.getByRole('button', { name: BOLTS, exact: true }).first().click();
        await alice.getByRole('heading', { level: 1, name: `Stock history of ${BOLTS}`, exact: true }).waitFor();
        const [download] = await Promise.all([
          alice.waitForEvent('download'),
          alice.getByRole('link', { name: 'Export CSV', exact: true }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^acme-stock-movements-\d{4}-\d{2}-\d{2}\.csv$/);
        const rows = parse<Record<string, string>>(await readFile((await download.path())), { bom: true, columns: true });
        expect(rows.map((row) => [row.type, row.quantity, row.balance_after, row.person])).toEqual([
          ['opening', '40', '40', ''],
          ['order', '-3', '37', 'Carol Customer'],
          ['adjustment', '-1', '36', 'Alice Acme'],
        ]);
      });

      await shots.publish('stock-history');
    },
    TIMEOUT_MS,
  );
});
