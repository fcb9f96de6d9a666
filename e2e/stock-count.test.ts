import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, PHONE, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, BOLTS, CAROL, signIn } from './support/story';

/**
 * Alice counts three products at her shelves while the shop sells: she scans the bolts, then types
 * their total; Carol's order made before Alice's figure is not counted as missing. The review says
 * what applying changes and what it is worth; applied, the stock history shows the sale and the
 * count's correction with the right running balance, and the catalogue the stock counted.
 */

const TIMEOUT_MS = 150_000;
const NUTS = 'Nuts M10 (box of 50)';
const HAMMER = 'Claw hammer';
const COUNT = 'Front shelves';
const exact = { exact: true } as const;
/** For what waits on the server's answer, or on the page reading the count again. */
const soon = { timeout: 10_000 };

const escapeRegExp = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const text = (texts: string[]) => texts.map((cell) => cell.replace(/\s+/g, ' ').trim());

describe.skipIf(!hasChromium('stock count'))('a stock count in Chromium', () => {
  const shots = new Screenshots('stock-count');
  const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' });

  const startCount = async (page: Page, choose: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) => {
    await page.getByRole('button', { name: 'Start a count', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a count', exact: true });
    await choose(dialog);
    await dialog.getByRole('button', { name: 'Start counting', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  };
  /** A link of one of the back office's navigations: "Shop sections" or "Stock pages". */
  const openLink = (page: Page, navigation: string, link: string) =>
    page.getByRole('navigation', { name: navigation }).getByRole('link', { name: link, exact: true }).click();
  const scanBox = (page: Page) => page.getByRole('textbox', { name: 'Scan or type a SKU', exact: true });
  const scan = async (page: Page, sku: string) => {
    // A scanner types into whatever has the focus, then presses Enter.
    await page.keyboard.type(sku);
    await page.keyboard.press('Enter');
  };
  const isFocused = (page: Page) =>
    scanBox(page).evaluate((input) => input === input.ownerDocument.activeElement);
  const lines = (page: Page) => page.getByRole('table', { name: 'Count lines', exact: true });
  const line = (page: Page, sku: string) =>
    lines(page)
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: sku, exact: true }) });
  const cellsOf = async (page: Page, sku: string) =>
    text(await line(page, sku).getByRole('cell').allInnerTexts());
  const figure = (page: Page, label: string) =>
    page.getByRole('group', { name: 'Review', exact: true }).getByText(label, exact).locator('..');

  it(
    'scans and types figures while a sale happens, reviews the differences, applies them and shows them in the stock history',
    async () => {
      const api = productApi(running.server.url);
      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      /** Carol, a customer, orders through the API while Alice counts. */
      const carolOrders = async (name: string, quantity: number) => {
        const carol = await api.signIn(CAROL);
        const { body } = await api.call<{ products: { id: string; name: string }[] }>(
          '/merchants/acme/products',
        );
        const product = body.products.find((candidate) => candidate.name === name)!;
        const ordered = await api.call('/orders', {
          method: 'POST',
          cookie: carol,
          body: { merchantSlug: 'acme', items: [{ productId: product.id, quantity }] },
        });
        expect(ordered.status).toBe(201);
      };

      await step(shots, 'Alice opens the Stock section’s counts: none yet', pages, async () => {
        await signIn(alice, ALICE);
        await alice.goto('/back-office/acme/stock');
        await openLink(alice, 'Stock pages', 'Counts');
        await alice.getByRole('heading', { level: 1, name: 'Stock counts', exact: true }).waitFor();
        await alice.getByRole('heading', { name: 'No count yet', exact: true }).waitFor();
      });

      await step(
        shots,
        'Alice starts a count of three products; its page opens with the scan box focused',
        pages,
        async () => {
          await startCount(alice, async (dialog) => {
            await dialog.getByLabel('Name (optional)', exact).fill(COUNT);
            // Mantine's segmented control hides its radios behind their labels: press the radio itself.
            await dialog.getByRole('radio', { name: 'Chosen products', exact: true }).dispatchEvent('click');
            const products = dialog.getByLabel('Products', exact);
            for (const [name, sku] of [
              [BOLTS, 'B-10'],
              [NUTS, 'N-10'],
              [HAMMER, 'T-HAM'],
            ] as const) {
              await products.fill(sku);
              await alice.getByRole('option', { name: `${name} (${sku})`, exact: true }).click();
            }
          });
          await alice.getByRole('heading', { level: 1, name: COUNT, exact: true }).waitFor();
          await expect.poll(() => isFocused(alice), soon).toBe(true);
          expect(await cellsOf(alice, 'B-10')).toEqual(['B-10', BOLTS, '40', '', '—', '—', '—', '—']);
          expect(await lines(alice).getByRole('row').count()).toBe(4);
        },
      );

      await step(
        shots,
        'Alice scans a SKU the count does not hold, then the bolts twice',
        pages,
        async () => {
          await scan(alice, 'T-SCR');
          await alice.getByText('T-SCR is not in this count.', exact).waitFor();
          expect(await isFocused(alice)).toBe(true);
          await scan(alice, 'B-10');
          await alice.getByRole('status').getByText(`${BOLTS}: 1 counted`, exact).waitFor();
          expect(await alice.getByText('T-SCR is not in this count.', exact).count()).toBe(0);
          await scan(alice, 'B-10');
          await alice.getByRole('status').getByText(`${BOLTS}: 2 counted`, exact).waitFor();
          expect(await isFocused(alice)).toBe(true);
          await expect.poll(() => alice.getByLabel(`Count of ${BOLTS}`, exact).inputValue(), soon).toBe('2');
        },
      );

      await step(shots, 'Meanwhile Carol orders 3 boxes of bolts', pages, async () => {
        await carolOrders(BOLTS, 3);
      });

      await step(shots, 'Alice types the bolts’ total, then the nuts and the hammer', pages, async () => {
        // The bolts are counted after the sale: 38 on the shelf where the ledger says 37.
        await alice.getByLabel(`Count of ${BOLTS}`, exact).fill('38');
        await alice.getByLabel(`Count of ${BOLTS}`, exact).press('Enter');
        await expect
          .poll(() => cellsOf(alice, 'B-10'), soon)
          .toEqual(['B-10', BOLTS, '40', '', '−3', '+1', '+€12.50', expect.stringMatching(/^Alice Acme /)]);
        await alice.getByRole('status').getByText(`${BOLTS}: 38 counted`, exact).waitFor();
        // Leaving the field sends its figure as well as Enter does.
        await alice.getByLabel(`Count of ${NUTS}`, exact).fill('60');
        await alice.getByLabel(`Count of ${NUTS}`, exact).press('Tab');
        // A figure typed on the wrong line is taken back by emptying the field.
        await alice.getByLabel(`Count of ${HAMMER}`, exact).fill('1');
        await alice.getByLabel(`Count of ${HAMMER}`, exact).press('Enter');
        await alice.getByRole('status').getByText(`${HAMMER}: 1 counted`, exact).waitFor();
        await alice.getByLabel(`Count of ${HAMMER}`, exact).fill('');
        await alice.getByLabel(`Count of ${HAMMER}`, exact).press('Enter');
        await alice.getByRole('status').getByText(`${HAMMER}: not counted`, exact).waitFor();
        await alice.getByLabel(`Count of ${HAMMER}`, exact).fill('11');
        await alice.getByLabel(`Count of ${HAMMER}`, exact).press('Enter');
        await alice.getByRole('status').getByText(`${HAMMER}: 11 counted`, exact).waitFor();
        await expect
          .poll(() => cellsOf(alice, 'N-10'), soon)
          .toEqual(['N-10', NUTS, '60', '', '0', '0', '€0.00', expect.stringMatching(/^Alice Acme /)]);
        await expect
          .poll(() => cellsOf(alice, 'T-HAM'), soon)
          .toEqual(['T-HAM', HAMMER, '12', '', '0', '−1', '−€19.90', expect.stringMatching(/^Alice Acme /)]);
        expect(await alice.getByLabel(`Count of ${BOLTS}`, exact).inputValue()).toBe('38');
      });

      await step(
        shots,
        'Alice reviews: two products change, worth −€7.40 at selling price',
        pages,
        async () => {
          await figure(alice, 'Counted').getByText('3 of 3', exact).waitFor();
          await figure(alice, 'Not counted').getByText('0', exact).waitFor();
          await figure(alice, 'With a difference').getByText('2', exact).waitFor();
          await figure(alice, 'Value of the differences').getByText('−€7.40', exact).waitFor();
          await alice.getByText('at selling price: €19.90 missing, €12.50 found', exact).waitFor();
          await shots.take(alice, 'stock-count');
          await alice.getByRole('radio', { name: 'With a difference', exact: true }).dispatchEvent('click');
          await expect.poll(() => lines(alice).getByRole('row').count(), soon).toBe(3);
          await line(alice, 'B-10').waitFor();
          await line(alice, 'T-HAM').waitFor();
          await alice.getByRole('searchbox', { name: 'Search lines', exact: true }).fill('hammer');
          await expect.poll(() => lines(alice).getByRole('row').count(), soon).toBe(2);
          await alice.getByRole('radio', { name: 'Not counted', exact: true }).dispatchEvent('click');
          await alice.getByRole('heading', { name: 'No line matches', exact: true }).waitFor();
          await alice.getByRole('button', { name: 'Show every line', exact: true }).click();
          await expect.poll(() => lines(alice).getByRole('row').count(), soon).toBe(4);
        },
      );

      await step(shots, 'Alice applies the count: the dialog says what changes first', pages, async () => {
        await alice.getByRole('button', { name: 'Apply count', exact: true }).click();
        const dialog = alice.getByRole('dialog', { name: `Apply ${COUNT}?`, exact: true });
        await dialog
          .getByText('2 products will change stock, by −€7.40 in all at selling price.', exact)
          .waitFor();
        await dialog.getByRole('button', { name: 'Apply the count', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await alice.getByText(`${COUNT} applied`, exact).waitFor();
        await alice.getByText(/^Applied by Alice Acme, /).waitFor();
        // Read-only now: no scan box, no field, no button that would be refused.
        expect(await scanBox(alice).count()).toBe(0);
        expect(await alice.getByLabel(`Count of ${BOLTS}`, exact).count()).toBe(0);
        expect(await alice.getByRole('button', { name: 'Apply count', exact: true }).count()).toBe(0);
        expect(await cellsOf(alice, 'B-10')).toEqual([
          'B-10',
          BOLTS,
          '40',
          '38',
          '−3',
          '+1',
          '+€12.50',
          expect.stringMatching(/^Alice Acme /),
        ]);
      });

      await step(
        shots,
        'The bolts’ stock history shows the sale and the count’s correction',
        pages,
        async () => {
          await lines(alice).getByRole('link', { name: BOLTS, exact: true }).click();
          await alice
            .getByRole('heading', { level: 1, name: `Stock history of ${BOLTS}`, exact: true })
            .waitFor();
          const movements = alice.getByRole('table', { name: 'Stock movements', exact: true });
          const rows = async () => text(await movements.getByRole('row').allInnerTexts()).slice(1);
          await expect
            .poll(rows, soon)
            .toEqual([
              expect.stringMatching(new RegExp(` Count \\+1 38 ${COUNT} Alice Acme$`)),
              expect.stringMatching(/ Online order −3 37 Order [A-Z]-\d+ Carol Customer$/),
              expect.stringMatching(/ Opening stock \+40 40 /),
            ]);
          // The correction leads back to its count.
          await movements.getByRole('link', { name: COUNT, exact: true }).click();
          await alice.getByRole('heading', { level: 1, name: COUNT, exact: true }).waitFor();
          await alice.getByText(/^Applied by Alice Acme, /).waitFor();
        },
      );

      await step(shots, 'The catalogue shows the stock counted', pages, async () => {
        await openLink(alice, 'Shop sections', 'Catalogue');
        const products = alice.getByRole('table', { name: 'Products', exact: true });
        for (const [name, stock] of [
          [BOLTS, 38],
          [NUTS, 60],
          [HAMMER, 11],
        ] as const) {
          await products
            .getByRole('row')
            .filter({ hasText: name })
            .getByText(`${stock} in stock`, exact)
            .waitFor();
        }
      });

      let toolsCount = '';
      await step(
        shots,
        'Alice starts a count of her tools, named by the shop, and scans a screwdriver set',
        pages,
        async () => {
          await openLink(alice, 'Shop sections', 'Stock');
          await openLink(alice, 'Stock pages', 'Counts');
          await startCount(alice, async (dialog) => {
            await dialog.getByRole('radio', { name: 'A category', exact: true }).dispatchEvent('click');
            await dialog.getByLabel('Category', exact).click();
            await alice.getByRole('option', { name: 'Tools', exact: true }).click();
            await dialog.getByText('2 products on sale.', exact).waitFor();
          });
          await expect.poll(() => isFocused(alice), soon).toBe(true);
          toolsCount = (await alice.getByRole('heading', { level: 1 }).innerText()).trim();
          expect(toolsCount).not.toBe('');
          expect(await lines(alice).getByRole('row').count()).toBe(3);
          await scan(alice, 'T-SCR');
          await alice.getByRole('status').getByText('Screwdriver set: 1 counted', exact).waitFor();
        },
      );

      await step(
        shots,
        'Carol buys 2 screwdriver sets: applying is refused, and says why',
        pages,
        async () => {
          await carolOrders('Screwdriver set', 2);
          // 1 counted where the ledger said 8 takes 7 away, from the 6 now left.
          await alice.getByRole('button', { name: 'Apply count', exact: true }).click();
          const dialog = alice.getByRole('dialog', { name: `Apply ${toolsCount}?`, exact: true });
          await dialog.getByRole('button', { name: 'Apply the count', exact: true }).click();
          await dialog
            .getByRole('alert')
            .getByText(/^Screwdriver set: 6 in stock now, and the count takes 7\b/)
            .waitFor();
          await shots.take(alice, 'stock-count-refused');
          await dialog.getByRole('button', { name: 'Keep counting', exact: true }).click();
          await dialog.waitFor({ state: 'hidden' });
          await scanBox(alice).waitFor();
        },
      );

      await step(shots, 'The counts list shows the one still counting first', pages, async () => {
        await openLink(alice, 'Stock pages', 'Counts');
        const counts = alice.getByRole('table', { name: 'Stock counts', exact: true });
        // The status badges are in capitals on screen.
        await expect
          .poll(async () => text(await counts.getByRole('row').allInnerTexts()).slice(1), soon)
          .toEqual([
            expect.stringMatching(
              new RegExp(`^${escapeRegExp(toolsCount)} COUNTING 1 of 2 Alice Acme .* —$`),
            ),
            expect.stringMatching(new RegExp(`^${COUNT} APPLIED 3 of 3 Alice Acme .* Alice Acme `)),
          ]);
        // The toast of the count applied a moment ago is not this page's news.
        await alice.getByText(`${COUNT} applied`, exact).waitFor({ state: 'hidden' });
        await shots.take(alice, 'stock-counts');
      });

      // The page's width once it has settled: wider than the phone means the page scrolls sideways.
      const pageWidth = () => alice.evaluate<number>('document.documentElement.scrollWidth');
      await step(
        shots,
        'On a phone the count still fits: only its table scrolls sideways',
        pages,
        async () => {
          await alice.setViewportSize(PHONE);
          await alice.getByRole('link', { name: toolsCount, exact: true }).click();
          await alice.getByRole('heading', { level: 1, name: toolsCount, exact: true }).waitFor();
          await expect.poll(() => isFocused(alice), soon).toBe(true);
          await alice.getByLabel('Count of Screwdriver set', exact).waitFor();
          expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
          await shots.take(alice, 'phone-stock-count');
        },
      );

      await step(shots, 'Alice cancels the tools’ count on the phone: nothing moves', pages, async () => {
        await alice.getByRole('button', { name: 'Cancel count', exact: true }).click();
        const dialog = alice.getByRole('dialog', { name: `Cancel ${toolsCount}?`, exact: true });
        await dialog.getByRole('button', { name: 'Cancel the count', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await alice.getByText(/^Cancelled by Alice Acme, /).waitFor();
        expect(await scanBox(alice).count()).toBe(0);
        const { body } = await api.call<{ products: { name: string; stock: number }[] }>(
          '/merchants/acme/products',
        );
        // What Carol bought, and nothing else.
        expect(body.products.find((product) => product.name === 'Screwdriver set')?.stock).toBe(6);
        await openLink(alice, 'Stock pages', 'Counts');
        await alice
          .getByRole('table', { name: 'Stock counts', exact: true })
          .getByText('Cancelled', exact)
          .waitFor();
        expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
        await shots.take(alice, 'phone-stock-counts');
      });

      await shots.publish('stock-count', 'stock-counts');
    },
    TIMEOUT_MS,
  );
});
