import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, Screenshots, step } from './support/browser';
import { productApi } from './support/api';
import { productInChromium } from './support/product';
import { ALICE, CAROL, orderRow, signIn } from './support/story';

/**
 * Alice confirms a dispatch only after reading which suppliers it tells, cancels an order with a
 * reason (its stock shows back in the catalogue), and finds an order by its number without the
 * letter; Carol cancels an order of her own. On the product as `npm start` runs it.
 */

const NUTS = 'Nuts M10 (box of 50)';
const HAMMER = 'Claw hammer';
const exact = { exact: true } as const;

const browserReady = hasChromium('orders: cancel, confirm, search');

describe.skipIf(!browserReady)('cancelling, confirming and searching orders in Chromium', () => {
  const shots = new Screenshots('orders');
  const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' });

  const api = (path: string, init: RequestInit = {}) => fetch(`${running.server.url}/api/v1${path}`, init);
  const signInOverApi = (person: { email: string; password: string }) => productApi(running.server.url).signIn(person);

  /** The stock the back office's catalogue shows for a product, as its badge reads. */
  const catalogueStock = (page: Page, name: string) =>
    page
      .getByRole('table', { name: 'Products', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name, exact: true }) })
      .getByText(/ in stock$|^Out of stock$/);

  it(
    'Alice reads who a dispatch tells, cancels an order with its stock back, and finds an order by "1004"',
    async () => {
      const carolCookie = await signInOverApi(CAROL);
      const { products } = (await (await api('/merchants/acme/products')).json()) as {
        products: { id: string; name: string; stock: number }[];
      };
      const productNamed = (name: string) => products.find((product) => product.name === name)!;
      const place = async (items: { name: string; quantity: number }[]) => {
        const response = await api('/orders', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: carolCookie },
          body: JSON.stringify({
            merchantSlug: 'acme',
            items: items.map((item) => ({ productId: productNamed(item.name).id, quantity: item.quantity })),
          }),
        });
        expect(response.status).toBe(201);
        return (await response.json()) as { id: string; number: string };
      };
      const nutsAtStart = productNamed(NUTS).stock;
      const hammersAtStart = productNamed(HAMMER).stock;
      const toCancel = await place([
        { name: NUTS, quantity: 5 },
        { name: HAMMER, quantity: 1 },
      ]);
      const toFind = await place([{ name: NUTS, quantity: 2 }]);
      const carolCancels = await place([{ name: HAMMER, quantity: 2 }]);

      const alice = await openPage(running.browser, running.server.url);
      await step(shots, 'Alice sees the stock the orders took', [alice], async () => {
        await signIn(alice, ALICE);
        await alice.goto('/back-office/acme/catalogue');
        await catalogueStock(alice, NUTS).getByText(`${nutsAtStart - 7} in stock`, exact).waitFor();
        await catalogueStock(alice, HAMMER).getByText(`${hammersAtStart - 3} in stock`, exact).waitFor();
      });

      await step(shots, 'Alice presses Dispatch and reads which suppliers will be told', [alice], async () => {
        await alice.goto(`/back-office/acme/orders/${toCancel.id}`);
        await alice.getByRole('heading', { level: 1, name: `Order ${toCancel.number} Placed`, exact: true }).waitFor();
        await alice.getByRole('button', { name: 'Dispatch', exact: true }).click();
        const confirm = alice.getByRole('dialog', { name: `Dispatch order ${toCancel.number}?`, exact: true });
        const suppliers = confirm.getByRole('list', { name: 'Suppliers to be told' }).getByRole('listitem');
        await expect.poll(() => suppliers.allTextContents()).toEqual(['Bolt Co', 'ToolWorks']);
        await confirm.getByRole('button', { name: 'Dispatch and tell 2 suppliers', exact: true }).waitFor();
      });
      await shots.take(alice, 'dispatch-confirm');

      await step(shots, 'Alice changes her mind: Esc closes the dialog and nothing is sent', [alice], async () => {
        await alice.keyboard.press('Escape');
        await alice.getByRole('dialog').waitFor({ state: 'detached' });
        await alice.getByRole('heading', { level: 1, name: `Order ${toCancel.number} Placed`, exact: true }).waitFor();
      });

      await step(shots, 'Alice cancels the order, saying why', [alice], async () => {
        await alice.getByRole('button', { name: 'Cancel order', exact: true }).click();
        const dialog = alice.getByRole('dialog', { name: `Cancel order ${toCancel.number}?`, exact: true });
        await dialog.getByRole('button', { name: 'Cancel the order', exact: true }).click();
        // The shop must give its customer a reason: the form says so before anything is sent.
        await dialog.getByText('Say why the order is cancelled: the customer will read it.', exact).waitFor();
        await dialog.getByLabel('Reason, for the customer').fill('Out of hammers until Friday.');
        await dialog.getByRole('button', { name: 'Cancel the order', exact: true }).click();
        await alice.getByText(`Order ${toCancel.number} cancelled`, exact).waitFor();
        await alice.getByRole('heading', { level: 1, name: `Order ${toCancel.number} Cancelled`, exact: true }).waitFor();
        await alice.getByText('Reason: Out of hammers until Friday.', exact).waitFor();
        await alice.getByText(`${ALICE.name} cancelled this order on`).waitFor();
        expect(await alice.getByRole('button', { name: 'Dispatch', exact: true }).count()).toBe(0);
        await alice.getByText(`Order ${toCancel.number} cancelled`, exact).waitFor({ state: 'hidden' });
      });
      await shots.take(alice, 'order-cancelled');

      await step(shots, 'Alice sees the stock back in the catalogue', [alice], async () => {
        await alice.goto('/back-office/acme/catalogue');
        await catalogueStock(alice, NUTS).getByText(`${nutsAtStart - 2} in stock`, exact).waitFor();
        await catalogueStock(alice, HAMMER).getByText(`${hammersAtStart - 2} in stock`, exact).waitFor();
      });

      const digits = toFind.number.split('-')[1]!;
      await step(shots, `Alice finds order ${toFind.number} by typing ${digits}`, [alice], async () => {
        await alice.goto('/back-office/acme/orders');
        await alice.getByRole('heading', { level: 1, name: 'Orders', exact: true }).waitFor();
        await orderRow(alice, 'Orders', carolCancels.number).waitFor();
        await alice.keyboard.press('/');
        await alice.getByRole('searchbox', { name: 'Search orders' }).fill(digits);
        const rows = alice.getByRole('table', { name: 'Orders', exact: true }).locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(1);
        await orderRow(alice, 'Orders', toFind.number).waitFor();
        await expect.poll(() => new URL(alice.url()).searchParams.get('q')).toBe(digits);
      });
      await shots.take(alice, 'orders-search');

      await step(shots, 'Alice narrows the list to days she picks, in her own time zone', [alice], async () => {
        await alice.getByRole('searchbox', { name: 'Search orders' }).fill('');
        const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });
        const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });
        await alice.getByLabel('Placed from', exact).fill(today);
        await alice.getByLabel('Placed until', exact).fill(today);
        await orderRow(alice, 'Orders', toFind.number).waitFor();
        await orderRow(alice, 'Orders', carolCancels.number).waitFor();
        await alice.getByLabel('Placed from', exact).fill(tomorrow);
        await alice.getByText('The first day must come before the last.', exact).waitFor();
        await alice.getByLabel('Placed until', exact).fill(tomorrow);
        await alice.getByRole('heading', { name: 'No order matches', exact: true }).waitFor();
        await alice.getByRole('button', { name: 'Clear search and dates', exact: true }).click();
        await orderRow(alice, 'Orders', toFind.number).waitFor();
      });

      await step(shots, 'Alice sees the cancelled order under Cancelled', [alice], async () => {
        await alice.getByRole('radiogroup', { name: 'Show orders' }).getByText('Cancelled', exact).click();
        await orderRow(alice, 'Orders', toCancel.number).getByText('Cancelled', exact).waitFor();
      });

      const carol = await openPage(running.browser, running.server.url);
      await step(shots, 'Carol cancels an order of her own, without a reason', [carol], async () => {
        await signIn(carol, CAROL);
        await carol.goto(`/orders/${carolCancels.id}`);
        await carol.getByRole('button', { name: 'Cancel order', exact: true }).click();
        const dialog = carol.getByRole('dialog', { name: `Cancel order ${carolCancels.number}?`, exact: true });
        await dialog.getByRole('button', { name: 'Cancel the order', exact: true }).click();
        await carol.getByText('You cancelled this order on').waitFor();
        await carol.getByText('No reason given.', exact).waitFor();
      });
      await step(shots, 'Carol reads why the shop cancelled her other order', [carol], async () => {
        await carol.goto(`/orders/${toCancel.id}`);
        await carol.getByText('Acme Hardware cancelled this order on').waitFor();
        await carol.getByText('Reason: Out of hammers until Friday.', exact).waitFor();
      });
      await shots.take(carol, 'my-order-cancelled');
      await step(shots, `Carol finds her order ${toFind.number} by typing ${digits}`, [carol], async () => {
        await carol.goto('/orders');
        await orderRow(carol, 'My orders', toCancel.number).getByText('Cancelled', exact).waitFor();
        await carol.getByRole('searchbox', { name: 'Search my orders' }).fill(digits);
        const rows = carol.getByRole('table', { name: 'My orders', exact: true }).locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(1);
        await orderRow(carol, 'My orders', toFind.number).waitFor();
      });
      await shots.publish('dispatch-confirm', 'order-cancelled', 'orders-search');
    },
    180_000,
  );
});
