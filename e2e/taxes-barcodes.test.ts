import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import {
  addToCart,
  ALICE,
  BOLTS,
  CAROL,
  catalogueRow,
  openCart,
  openShop,
  openShopSettings,
  placeOrder,
  SCREWDRIVERS,
  signIn,
} from './support/story';

/**
 * Alice sets up Acme Hardware's taxes before the register comes: a standard and a reduced rate on
 * the Settings page, rounding over the total, the standard rate as the Tools' default; then she gives
 * the screwdriver set a barcode (a mistyped one is refused with the digit it should end in) and the
 * reduced rate, and a scanner finds it by that code. Carol then orders the set with bolts (no rate):
 * her cart, and her order once placed, show the tax the shelf price includes.
 */

const TIMEOUT_MS = 120_000;
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('taxes and barcodes'))('taxes and barcodes in the browser', () => {
  const shots = new Screenshots('taxes');
  const running = productInChromium('taxes', { DEMO_AGENTS: 'false' });

  it(
    'lets the owner add tax rates, set a category default, and give a product a barcode and a rate',
    async () => {
      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      const taxes = alice.getByRole('region', { name: 'Taxes', exact: true });

      await step(shots, 'Alice opens the Taxes section of her settings: no rate yet', pages, async () => {
        await signIn(alice, ALICE);
        await openShopSettings(alice);
        await taxes.getByText(/^No tax rates yet\./).waitFor();
        expect(await taxes.getByRole('switch', { name: /^Prices include tax/ }).isChecked()).toBe(true);
      });

      await step(
        shots,
        'Alice adds a 20 % and a 5.5 % rate; a rate that is no percentage is refused next to its field',
        pages,
        async () => {
          const add = taxes.getByRole('form', { name: 'Add a tax rate' });
          await add.getByRole('textbox', { name: 'Rate name', ...exact }).fill('Standard');
          await add.getByRole('textbox', { name: 'Rate (%)', ...exact }).fill('twenty');
          await add.getByRole('button', { name: 'Add rate', ...exact }).click();
          await add.getByText('Enter a percentage from 0 to 100, such as 20 or 5.5.', exact).waitFor();
          await add.getByRole('textbox', { name: 'Rate (%)', ...exact }).fill('20');
          await add.getByRole('button', { name: 'Add rate', ...exact }).click();
          await alice.getByText('Standard (20 %) saved.', exact).waitFor();
          await add.getByRole('textbox', { name: 'Rate name', ...exact }).fill('Reduced');
          await add.getByRole('textbox', { name: 'Rate (%)', ...exact }).fill('5,5');
          await add.getByRole('button', { name: 'Add rate', ...exact }).click();
          const rates = taxes.getByRole('table', { name: 'Tax rates', ...exact });
          await rates.getByRole('row', { name: 'Reduced 5.5 %' }).waitFor();
          await rates.getByRole('row', { name: 'Standard 20 %' }).waitFor();
        },
      );

      await step(shots, 'Alice rounds tax on the total, keeping prices tax included', pages, async () => {
        const rounding = taxes.getByRole('radio', { name: 'On the total, per rate', ...exact });
        await rounding.check();
        await taxes
          .getByText('3 items at €0.99 with 20 % tax: €0.50 on the total of €2.97.', exact)
          .waitFor();
        await taxes.getByRole('button', { name: 'Save tax settings', ...exact }).click();
        await alice.getByText('Tax settings saved.', exact).waitFor();
        await alice.reload();
        await taxes.getByRole('table', { name: 'Tax rates', ...exact }).waitFor();
        expect(await taxes.getByRole('radio', { name: 'On the total, per rate', ...exact }).isChecked()).toBe(
          true,
        );
        // The details form was refilled with the new version: saving it is no conflict.
        expect(
          await alice.getByRole('alert').filter({ hasText: 'Someone else changed these settings' }).count(),
        ).toBe(0);
        await shots.takeOf(taxes, 'shop-taxes');
      });

      await step(shots, "Alice makes the standard rate the Tools' default", pages, async () => {
        await alice
          .getByRole('navigation', { name: 'Shop sections' })
          .getByRole('link', { name: 'Catalogue', ...exact })
          .click();
        await alice.getByRole('heading', { level: 1, name: 'Catalogue', ...exact }).waitFor();
        await alice.getByRole('button', { name: 'Edit Tools', ...exact }).click();
        const dialog = alice.getByRole('dialog', { name: 'Edit Tools' });
        await dialog.getByLabel('Default tax rate', exact).click();
        await alice.getByRole('option', { name: 'Standard (20 %)', ...exact }).click();
        await dialog.getByRole('button', { name: 'Save', ...exact }).click();
        await dialog.waitFor({ state: 'hidden' });
        await alice.getByRole('list', { name: 'Categories' }).getByText('· Standard (20 %)', exact).waitFor();
      });

      const form = alice.getByRole('dialog', { name: `Edit ${SCREWDRIVERS}` });
      await step(
        shots,
        'On the screwdriver set, a mistyped barcode is refused with the check digit it should have',
        pages,
        async () => {
          await alice.getByRole('button', { name: `Edit ${SCREWDRIVERS}`, ...exact }).click();
          const rate = form.getByLabel('Tax rate', exact);
          expect(await rate.getAttribute('placeholder')).toBe(
            'Category default: Standard (20 %), from Tools',
          );
          await form.getByRole('textbox', { name: 'Barcode', ...exact }).fill('4006381333932');
          // A scanner's Enter fills the field; it does not save the form.
          await form.getByRole('textbox', { name: 'Barcode', ...exact }).press('Enter');
          await form.getByRole('button', { name: 'Save', ...exact }).click();
          await form
            .getByText(
              'The check digit of 4006381333932 should be 1: check the number against the one printed under the bars.',
              exact,
            )
            .waitFor();
        },
      );
      await shots.take(alice, 'product-barcode-refused');

      await step(shots, 'Alice corrects it and gives the set the reduced rate', pages, async () => {
        await form.getByRole('textbox', { name: 'Barcode', ...exact }).fill('4006381333931');
        await form.getByLabel('Tax rate', exact).click();
        await alice.getByRole('option', { name: 'Reduced (5.5 %)', ...exact }).click();
        await form.getByRole('button', { name: 'Save', ...exact }).click();
        await form.waitFor({ state: 'hidden' });
        await catalogueRow(alice, SCREWDRIVERS).getByText('4006381333931', exact).waitFor();
      });

      await step(
        shots,
        'A scanner at the counter finds the set by its barcode, with its rate',
        pages,
        async () => {
          const api = productApi(running.server.url);
          const cookie = await api.signIn(ALICE);
          const rates = await api.call<{ taxRates: { id: string; name: string; ratePpm: number }[] }>(
            '/merchants/acme/tax-rates',
            { cookie },
          );
          const reduced = rates.body.taxRates.find((rate) => rate.name === 'Reduced')!;
          expect(reduced.ratePpm).toBe(55_000);
          const found = await api.call<{ name: string; taxRateId: string }>(
            '/merchants/acme/products/by-code/4006381333931',
            { cookie },
          );
          expect(found).toMatchObject({ status: 200, body: { name: SCREWDRIVERS, taxRateId: reduced.id } });
          const settings = await api.call<{ pricesIncludeTax: boolean; taxRounding: string }>(
            '/merchants/acme/settings',
            { cookie },
          );
          expect(settings.body).toMatchObject({ pricesIncludeTax: true, taxRounding: 'total' });
        },
      );

      await alice.context().close();

      const carol = await openPage(running.browser, running.server.url);
      // 2 × 12.50 without tax; 24.50 at 5.5 % included holds 24.50 × 0.055 / 1.055 = 1.277… → 1.28.
      await step(shots, 'Carol sees the tax her cart includes before she orders', [carol], async () => {
        await signIn(carol, CAROL);
        await openShop(carol);
        await addToCart(carol, BOLTS, 2);
        await addToCart(carol, SCREWDRIVERS, 1);
        const cart = await openCart(carol, { [BOLTS]: 2, [SCREWDRIVERS]: 1 });
        expect(await cart.getByTestId('cart-tax').allTextContents()).toEqual(['Includes Reduced 5.5%€1.28']);
        expect(await cart.getByTestId('cart-total').textContent()).toBe('€49.50');
        const number = await placeOrder(carol, cart);
        await carol.getByRole('heading', { level: 1, name: 'My orders', ...exact }).waitFor();
        await carol.getByRole('link', { name: number, ...exact }).click();
        const items = carol.getByRole('table', { name: 'Items', ...exact });
        await items.getByRole('rowheader', { name: 'Includes Reduced 5.5%', ...exact }).waitFor();
        expect(await items.getByRole('row', { name: /^Includes Reduced 5\.5%/ }).textContent()).toBe(
          'Includes Reduced 5.5%€1.28',
        );
        expect(await items.getByRole('row', { name: /^Total/ }).textContent()).toBe('Total€49.50');
      });
      await shots.take(carol, 'order-tax');

      await shots.publish('shop-taxes');
      await carol.context().close();
    },
    TIMEOUT_MS,
  );
});
