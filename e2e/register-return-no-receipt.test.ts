import { hasChromium } from '@myb/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, BOLTS, signIn } from './support/story';

/**
 * A return without a receipt: Mia, a manager, opens a register; a customer brings back a box of bolts
 * (scanned by its barcode, damaged, so not back on the shelf) and two claw hammers (found by name, back
 * on the shelf), with no receipt. Mia takes them back at today's prices and refunds them in cash. The
 * receipt says it is a return and names no sale; the bolts' stock has not moved and the hammers' has;
 * the X report counts the return. Cyril, a cashier of the same shop, is not offered *No receipt*.
 */

const TIMEOUT_MS = 120_000;
const REGISTER = 'Back till';
const HAMMER = 'Claw hammer';
const BOLTS_BARCODE = '3760123450010';
const PASSWORD = 'correct horse battery';
const exact = { exact: true } as const;
const soon = { timeout: 10_000 };

const text = (value: string) => value.replace(/\s+/g, ' ').trim();
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!hasChromium('register-return-no-receipt'))('a return without a receipt in Chromium', () => {
  const shots = new Screenshots('register-return-no-receipt');
  const running = productInChromium('register-return-no-receipt', { EMBEDDED_MQTT_PORT: '0' });

  const isFocused = (locator: Locator) =>
    locator.evaluate((element) => element === element.ownerDocument.activeElement);
  /** A scanner types into whatever has the focus, then presses Enter. */
  const scan = async (page: Page, code: string) => {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  };
  /** A row of a report or receipt table: its header and value as one line. */
  const row = (scope: Locator, label: string) =>
    scope.getByRole('row', { name: new RegExp(`^${escape(label)}(\\s|$)`) });
  /** The selling screen's tile of a product: its name, price and stock. */
  const tile = (page: Page, name: string) =>
    page
      .getByRole('list', { name: 'Product tiles', exact: true })
      .getByRole('button', { name: new RegExp(`^${escape(name)}`) });
  const registersPage = async (page: Page) => {
    await page.goto('/back-office/acme/register');
    await page.getByRole('heading', { level: 1, name: 'Registers', exact: true }).waitFor();
  };

  it(
    'lets a manager take goods back without a receipt at today’s prices, and not a cashier',
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
      const created = await api.call('/merchants/acme/registers', {
        method: 'POST',
        cookie: owner,
        body: { name: REGISTER, receiptPrefix: 'B1' },
      });
      expect(created.status).toBe(201);

      const mia = await openPage(running.browser, running.server.url);
      const cyril = await openPage(running.browser, running.server.url);
      const pages = [mia, cyril];

      let stock = { bolts: 0, hammers: 0 };
      const stockShown = async (page: Page) => {
        const of = async (name: string) =>
          Number(/(\d+) in stock$/.exec(text(await tile(page, name).innerText()))?.[1]);
        return { bolts: await of(BOLTS), hammers: await of(HAMMER) };
      };

      await step(shots, 'Mia opens the register with €100 in the drawer', pages, async () => {
        await signIn(mia, people.manager);
        await registersPage(mia);
        await mia.getByRole('button', { name: `Open ${REGISTER}`, exact: true }).click();
        const dialog = mia.getByRole('dialog', { name: `Open ${REGISTER}`, exact: true });
        await dialog.getByLabel('Float counted in the drawer', exact).fill('100');
        await dialog.getByRole('button', { name: 'Open register', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await mia.getByRole('heading', { level: 1, name: REGISTER, exact: true }).waitFor();
        // The toast saying so goes, so that it covers nothing later.
        await mia
          .locator('.mantine-Notification-root')
          .filter({ hasText: `${REGISTER} is open` })
          .getByRole('button')
          .click();
        await tile(mia, HAMMER).waitFor();
        stock = await stockShown(mia);
        expect(stock.bolts).toBeGreaterThan(0);
        expect(stock.hammers).toBeGreaterThan(0);
      });

      const dialog = mia.getByRole('dialog', { name: 'Return without a receipt', exact: true });
      const lines = dialog.getByRole('table', { name: 'Lines to return', exact: true });
      await step(
        shots,
        'No receipt: Mia scans the bolts’ barcode and finds the hammer by name, two of them',
        pages,
        async () => {
          await mia.getByRole('button', { name: 'Return', exact: true }).click();
          const find = mia.getByRole('dialog', { name: 'Return', exact: true });
          await find.getByLabel('Receipt number', exact).waitFor();
          expect(await find.getByText(/must take a return without one/).count()).toBe(0);
          await find.getByRole('button', { name: 'No receipt', exact: true }).click();
          const search = dialog.getByRole('combobox', { name: 'Scan or search products', exact: true });
          await expect.poll(() => isFocused(search), soon).toBe(true);
          await scan(mia, BOLTS_BARCODE);
          await dialog.getByRole('status').getByText(`Added ${BOLTS}: 1 coming back.`, exact).waitFor();
          await lines.getByRole('row', { name: new RegExp(`^${escape(BOLTS)}`) }).waitFor();
          expect(await search.inputValue()).toBe('');
          await scan(mia, 'claw');
          const list = dialog.getByRole('listbox', { name: 'Matching products', exact: true });
          await list.getByRole('option', { name: new RegExp(`^${HAMMER}`) }).waitFor();
          await mia.keyboard.press('Enter');
          await lines.getByRole('row', { name: new RegExp(`^${HAMMER}`) }).waitFor();
          await list.waitFor({ state: 'hidden' });
          await dialog.getByLabel(`Return how many of ${HAMMER}`, exact).fill('2');
          await dialog.getByLabel(`${BOLTS} goes back on the shelf`, exact).uncheck();
          expect(await dialog.getByLabel(`${HAMMER} goes back on the shelf`, exact).isChecked()).toBe(true);
          // At today's prices, €12.50 and 2 × €19.90, offered in cash.
          expect(text(await lines.innerText())).toBe(
            `Product Return Back on shelf Refund ${BOLTS} €12.50 each €12.50 ${HAMMER} €19.90 each €39.80`,
          );
          await dialog.getByLabel('Refund', exact).getByText('€52.30', exact).waitFor();
          expect(await dialog.getByLabel('Cash refund', exact).inputValue()).toBe('52.30');
          expect(await dialog.getByLabel('Card refund', exact).inputValue()).toBe('0.00');
        },
      );

      await step(
        shots,
        'A reason is needed, and the refunds must add up: Mia refunds €52.30 in cash',
        pages,
        async () => {
          const refund = dialog.getByRole('button', { name: 'Refund €52.30', exact: true });
          await refund.click();
          await dialog.getByText('Say why the goods come back.', exact).waitFor();
          await dialog.getByLabel('Reason', exact).fill('Faulty');
          // Part by card, without a sale's payment to follow: what counts is that it adds up.
          await dialog.getByLabel('Card refund', exact).fill('10');
          await dialog
            .getByText('The refunds come to €62.30, more than the €52.30 returned.', exact)
            .waitFor();
          expect(await refund.isDisabled()).toBe(true);
          await dialog.getByLabel('Card refund', exact).fill('0.00');
          await expect.poll(() => refund.isDisabled(), soon).toBe(false);
          await shots.take(mia, 'register-return-no-receipt');
          await refund.click();
          await dialog.waitFor({ state: 'hidden' });
          await mia
            .getByRole('heading', { name: 'Refunded €52.30: give €52.30 back in cash', exact: true })
            .waitFor();
        },
      );

      await step(
        shots,
        'The receipt says Return, names no sale, and lists what came back',
        pages,
        async () => {
          const receipt = mia.getByRole('article', { name: /^Receipt B1-\d{6}$/ });
          await receipt.getByRole('heading', { name: 'Return without receipt', exact: true }).waitFor();
          expect(await row(receipt, 'Return of').count()).toBe(0);
          for (const [label, value] of [
            ['Reason', 'Faulty'],
            ['Cashier', people.manager.name],
            ['Subtotal', '−€52.30'],
            ['Refund', '−€52.30'],
            ['Cash refund', '−€52.30'],
          ] as const) {
            expect(text(await row(receipt, label).first().innerText())).toBe(`${label} ${value}`);
          }
          await shots.take(mia, 'register-return-no-receipt-receipt');
          expect(text(await receipt.getByRole('table', { name: 'Items' }).innerText())).toBe(
            `${BOLTS} −1 × €12.50, not restocked −€12.50 ${HAMMER} −2 × €19.90 −€39.80`,
          );
        },
      );

      await step(shots, 'The hammers are back in stock; the damaged bolts are not', pages, async () => {
        await mia.getByRole('button', { name: 'New sale', exact: true }).click();
        await tile(mia, HAMMER).waitFor();
        await expect
          .poll(() => stockShown(mia), soon)
          .toEqual({
            bolts: stock.bolts,
            hammers: stock.hammers + 2,
          });
      });

      await step(shots, 'The X report counts the return', pages, async () => {
        await mia.getByRole('button', { name: 'X report', exact: true }).click();
        const xReport = mia.getByRole('dialog', { name: 'X report', exact: true });
        const report = xReport.getByRole('article', { name: `X report of ${REGISTER}`, exact: true });
        await report.waitFor();
        expect(text(await row(report, 'Returns (1)').first().innerText())).toBe('Returns (1) −€52.30');
        await xReport.getByRole('button', { name: 'Close', exact: true }).click();
        await xReport.waitFor({ state: 'hidden' });
      });

      await step(
        shots,
        'Cyril, a cashier, is told a manager takes returns without a receipt',
        pages,
        async () => {
          await signIn(cyril, people.cashier);
          await registersPage(cyril);
          await cyril.getByRole('link', { name: `Sell on ${REGISTER}`, exact: true }).click();
          await cyril.getByRole('heading', { level: 1, name: REGISTER, exact: true }).waitFor();
          await cyril.getByRole('button', { name: 'Return', exact: true }).click();
          const find = cyril.getByRole('dialog', { name: 'Return', exact: true });
          await find
            .getByText('No receipt? A manager or the owner must take a return without one.', exact)
            .waitFor();
          await find.getByRole('button', { name: 'Find the sale', exact: true }).waitFor();
          expect(await find.getByRole('button', { name: 'No receipt' }).count()).toBe(0);
        },
      );

      await shots.publish('register-return-no-receipt');
    },
    TIMEOUT_MS,
  );
});
