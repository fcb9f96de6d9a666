import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, CAROL, signIn } from './support/story';

/**
 * Alice gives her flour and yeast reorder rules on the Low stock page. Carol's online orders take
 * both under their minimum: the rules write what they need into one draft purchase order to their
 * supplier, in whole packs, and the page shows how many days what is left lasts. Alice raises the
 * flour's maximum and the draft follows.
 */

const SHOP = { name: 'Bread Corner', slug: 'bread-corner' };
const FLOUR = { sku: 'FLOUR-1', name: 'Stone-ground flour 1 kg', priceMinor: 320, stock: 10 };
const YEAST = { sku: 'YEAST-1', name: 'Dried yeast 7 g', priceMinor: 90, stock: 30 };

describe.skipIf(!hasChromium('low stock'))('low stock and reorder rules in Chromium', () => {
  const shots = new Screenshots('low-stock');
  const running = productInChromium('low-stock', { EMBEDDED_MQTT_PORT: '0' });

  /** Each row of the Low stock table: product, on hand, min / max, on order, in drafts, sells a day, cover, supplier, needs. */
  const rows = async (page: Page) => {
    const table = page.getByRole('table', { name: 'Low stock', exact: true });
    const texts: string[][] = [];
    for (const row of await table.locator('tbody tr').all()) {
      texts.push((await row.getByRole('cell').allTextContents()).slice(0, 9).map((text) => text.trim()));
    }
    return texts;
  };
  const show = (page: Page, name: string) =>
    page
      .getByRole('radiogroup', { name: 'Which products' })
      .getByRole('radio', { name, exact: true })
      .dispatchEvent('click');

  it('sets rules, and shows the draft the rules write as sales take products under their minimum', async () => {
    const api = productApi(running.server.url);
    const alice = await api.signIn(ALICE);
    const carol = await api.signIn(CAROL);
    const made = async <Body>(
      path: string,
      body: unknown,
      cookie = alice,
      method = 'POST',
    ): Promise<Body> => {
      const answer = await api.call<Body>(path, { method, cookie, body });
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body;
    };
    await made('/merchants', SHOP);
    const mill = await made<{ id: string }>(`/merchants/${SHOP.slug}/suppliers`, {
      name: 'Valley Mill',
      emails: ['orders@valley-mill.example'],
    });
    const [flour, yeast] = [
      await made<{ id: string }>(`/merchants/${SHOP.slug}/products`, { ...FLOUR, supplierIds: [mill.id] }),
      await made<{ id: string }>(`/merchants/${SHOP.slug}/products`, { ...YEAST, supplierIds: [mill.id] }),
    ];
    for (const [product, packSize] of [
      [flour, 6],
      [yeast, 10],
    ] as const) {
      await made(
        `/merchants/${SHOP.slug}/products/${product.id}/suppliers/${mill.id}`,
        { costMinor: 180, packSize, minOrderQuantity: 1, preferred: true },
        alice,
        'PUT',
      );
    }
    await made(
      `/merchants/${SHOP.slug}/products/${yeast.id}/reorder-rule`,
      { minimum: 10, maximum: 40 },
      alice,
      'PUT',
    );

    const page = await openPage(running.browser, running.server.url);
    const pages = [page];

    await step(shots, 'Alice opens Stock, then Low stock, and adds a rule for the flour', pages, async () => {
      await signIn(page, ALICE);
      await page.goto(`/back-office/${SHOP.slug}/stock`);
      await page.getByRole('link', { name: 'Low stock', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Low stock' }).waitFor();
      await page.getByText('Nothing is low').waitFor();
      await page.getByRole('button', { name: 'Add a rule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a reorder rule' });
      await dialog.getByRole('combobox', { name: 'Product' }).fill('flour');
      await page.getByRole('option', { name: `${FLOUR.name} (${FLOUR.sku})` }).click();
      await dialog.getByRole('textbox', { name: 'Minimum' }).fill('5');
      await dialog.getByRole('textbox', { name: 'Maximum' }).fill('3');
      await dialog.getByRole('button', { name: 'Save rule' }).click();
      await dialog.getByText('make it at least the minimum').waitFor();
      await dialog.getByRole('textbox', { name: 'Maximum' }).fill('20');
      await dialog.getByRole('button', { name: 'Save rule' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await show(page, 'Every rule');
      await expect
        .poll(() => rows(page))
        .toEqual([
          [FLOUR.name + FLOUR.sku, '10', '5 / 20', '0', '0', '0', '—', 'Valley Mill', '—'],
          [YEAST.name + YEAST.sku, '30', '10 / 40', '0', '0', '0', '—', 'Valley Mill', '—'],
        ]);
    });

    await step(
      shots,
      'Carol’s orders take both under their minimum: the rules write one draft, in whole packs',
      pages,
      async () => {
        await made(
          '/orders',
          {
            merchantSlug: SHOP.slug,
            items: [
              { productId: flour.id, quantity: 7 },
              { productId: yeast.id, quantity: 24 },
            ],
          },
          carol,
        );
        await show(page, 'At or under the minimum');
        // Flour: 3 left, 17 to reach 20 → 3 packs of 6 = 18. Yeast: 6 left, 34 to reach 40 → 4 packs of 10 = 40.
        // Both at 60 % of their minimum: by name.
        await expect
          .poll(() => rows(page), { timeout: 15_000 })
          .toEqual([
            [YEAST.name + YEAST.sku, '6', '10 / 40', '0', '40', '0.86', '7 days', 'Valley Mill', '40'],
            [FLOUR.name + FLOUR.sku, '3', '5 / 20', '0', '18', '0.25', '12 days', 'Valley Mill', '18'],
          ]);
        const drafts = await made<{
          purchaseOrders: { origin: string; lineCount: number; totalMinor: number }[];
        }>(`/merchants/${SHOP.slug}/purchase-orders?status=draft`, undefined, alice, 'GET');
        expect(
          drafts.purchaseOrders.map((order) => [order.origin, order.lineCount, order.totalMinor]),
        ).toEqual([['reorder', 2, (18 + 40) * 180]]);
      },
    );
    await shots.take(page, 'low-stock');

    await step(shots, 'Alice raises the flour’s maximum to 30: the draft’s line follows', pages, async () => {
      await page.getByRole('button', { name: `Change the rule of ${FLOUR.name}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Reorder rule' });
      await dialog.getByRole('textbox', { name: 'Maximum' }).fill('30');
      await dialog.getByRole('button', { name: 'Save rule' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // 27 to reach 30 → 5 packs of 6 = 30.
      await expect
        .poll(async () => (await rows(page)).find((row) => row[0] === FLOUR.name + FLOUR.sku), {
          timeout: 15_000,
        })
        .toEqual([FLOUR.name + FLOUR.sku, '3', '5 / 30', '0', '30', '0.25', '12 days', 'Valley Mill', '30']);
    });
    await shots.publish('low-stock');
  }, 180_000);
});
