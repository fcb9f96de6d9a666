import { randomUUID } from 'node:crypto';
import { hasChromium } from '@myb/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step, VIEWPORT } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, BOLTS, signIn } from './support/story';

/**
 * Customers at the counter: Ana Lopez has €5.00 of store credit, given by Alice (the owner). Cyril, a
 * cashier, scans a box of bolts, finds Ana by part of her name without touching the mouse, and the cart
 * shows her with her credit; parked and resumed, the cart is still hers. She pays €5.00 by store credit
 * (no more: it gives no change) and the rest in cash; the receipt names her. Ben Okafor, new to the
 * shop, is added on the spot and his sale is his. Then Ana brings the bolts back with her receipt, the
 * refund goes to her store credit, and her balance is back up. Last, Alice takes a return without a
 * receipt for Ben, picked in the same dialog over the return's, and refunds it to his store credit;
 * when some of it is taken back while he pays with it, the sale is refused saying what he has, and
 * paid again with that.
 */

const TIMEOUT_MS = 150_000;
const REGISTER = 'Counter till';
const PASSWORD = 'correct horse battery';
const ANA = { name: 'Ana Lopez', email: 'ana.lopez@example.com', phone: '+33 6 12 34 56 78' };
const BEN = { name: 'Ben Okafor', email: 'ben.okafor@example.com' };
const exact = { exact: true } as const;
const soon = { timeout: 10_000 };
const WIDE = { width: 1680, height: 800 };

const text = (value: string) => value.replace(/\s+/g, ' ').trim();
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!hasChromium('register-customers'))(
  'customers and store credit at the register in Chromium',
  () => {
    const shots = new Screenshots('register-customers');
    const running = productInChromium('register-customers', { EMBEDDED_MQTT_PORT: '0' });

    const search = (page: Page) =>
      page.getByRole('combobox', { name: 'Scan or search products', exact: true });
    const isFocused = (locator: Locator) =>
      locator.evaluate((element) => element === element.ownerDocument.activeElement);
    const cart = (page: Page) => page.getByRole('region', { name: 'Cart', exact: true });
    const chip = (page: Page) => cart(page).getByRole('group', { name: 'Customer', exact: true });
    /** A row of a receipt's table: its header and value as one line. */
    const row = (scope: Locator, label: string) =>
      scope.getByRole('row', { name: new RegExp(`^${escape(label)}(\\s|$)`) });
    const radio = (scope: Locator, name: string) =>
      // Mantine's segmented control hides its radios behind their labels: press the radio itself.
      scope.getByRole('radio', { name, exact: true }).dispatchEvent('click');
    const scanBolts = async (page: Page) => {
      await search(page).fill('B-10');
      await search(page).press('Enter');
      await cart(page).getByRole('listitem', { name: BOLTS, exact: true }).waitFor();
    };

    it(
      'finds a customer, pays with her store credit, adds a new one on the spot, and refunds to store credit',
      async () => {
        const api = productApi(running.server.url);
        const owner = await api.signIn(ALICE);
        const cashier = {
          email: `cyril-${Date.now()}@example.com`,
          password: PASSWORD,
          name: 'Cyril Cashier',
        };
        expect((await api.call('/auth/sign-up', { method: 'POST', body: cashier })).status).toBe(201);
        const staff = await api.call('/merchants/acme/staff', {
          method: 'POST',
          cookie: owner,
          body: { email: cashier.email, role: 'cashier' },
        });
        expect(staff.status).toBe(200);
        const register = await api.call('/merchants/acme/registers', {
          method: 'POST',
          cookie: owner,
          body: { name: REGISTER, receiptPrefix: 'K1' },
        });
        expect(register.status).toBe(201);
        const ana = await api.call<{ id: string }>('/merchants/acme/customers', {
          method: 'POST',
          cookie: owner,
          body: { id: randomUUID(), ...ANA },
        });
        expect(ana.status).toBe(201);
        const credit = await api.call(`/merchants/acme/customers/${ana.body.id}/store-credit`, {
          method: 'POST',
          cookie: owner,
          body: { id: randomUUID(), amountMinor: 500, reason: 'Sorry for the late delivery' },
        });
        expect(credit.status).toBe(201);
        const balanceOfAna = async () =>
          (
            await api.call<{ customer: { storeCreditMinor: number } }>(
              `/merchants/acme/customers/${ana.body.id}`,
              {
                cookie: owner,
              },
            )
          ).body.customer.storeCreditMinor;

        const cyril = await openPage(running.browser, running.server.url);
        const pages = [cyril];
        let alice = cyril;
        let benId = '';

        await step(shots, 'Cyril opens the register and scans a box of bolts', pages, async () => {
          await signIn(cyril, cashier);
          await cyril.goto('/back-office/acme/register');
          await cyril.getByRole('button', { name: `Open ${REGISTER}`, exact: true }).click();
          const dialog = cyril.getByRole('dialog', { name: `Open ${REGISTER}`, exact: true });
          await dialog.getByLabel('Float counted in the drawer', exact).fill('50');
          await dialog.getByRole('button', { name: 'Open register', exact: true }).click();
          await dialog.waitFor({ state: 'hidden' });
          await cyril.getByRole('heading', { level: 1, name: REGISTER, exact: true }).waitFor();
          // The toast saying so goes, so that it covers nothing later.
          await cyril
            .locator('.mantine-Notification-root')
            .filter({ hasText: `${REGISTER} is open` })
            .getByRole('button')
            .click();
          await scanBolts(cyril);
          await cyril.getByRole('button', { name: 'Pay €12.50', exact: true }).waitFor();
        });

        await step(
          shots,
          'Add customer: “lop” finds Ana with her store credit, picked with Enter; the cart shows her',
          pages,
          async () => {
            await cart(cyril).getByRole('button', { name: 'Add customer', exact: true }).click();
            const dialog = cyril.getByRole('dialog', { name: 'Customer', exact: true });
            const find = dialog.getByRole('combobox', { name: 'Find a customer', exact: true });
            await expect.poll(() => isFocused(find), soon).toBe(true);
            await cyril.keyboard.type('lop');
            const found = dialog.getByRole('listbox', { name: 'Customers found', exact: true });
            const option = found.getByRole('option', { name: new RegExp(`^${ANA.name}`) });
            expect(text(await option.innerText())).toBe(
              `${ANA.name} ${ANA.email} · ${ANA.phone} €5.00 store credit`,
            );
            await dialog.getByText('1 customer found: ↑ ↓ and Enter pick one.', exact).waitFor();
            await cyril.keyboard.press('Enter');
            await dialog.waitFor({ state: 'hidden' });
            expect(text(await chip(cyril).innerText())).toBe(`${ANA.name} €5.00 store credit`);
            await cyril.getByRole('status').getByText(`Selling to ${ANA.name}.`, exact).waitFor();
            await expect.poll(() => isFocused(search(cyril)), soon).toBe(true);
          },
        );

        await step(shots, 'Parked and resumed, the cart is still Ana’s', pages, async () => {
          await cart(cyril).getByRole('button', { name: 'Park cart', exact: true }).click();
          await cart(cyril).getByRole('button', { name: 'Add customer', exact: true }).waitFor();
          await cyril.getByRole('button', { name: 'Parked carts (1)', exact: true }).click();
          const dialog = cyril.getByRole('dialog', { name: 'Parked carts', exact: true });
          await dialog.getByText(new RegExp(`^1 item for ${ANA.name}`)).waitFor();
          await dialog.getByRole('button', { name: /^Resume the cart parked at .+, €12\.50$/ }).click();
          await dialog.waitFor({ state: 'hidden' });
          expect(text(await chip(cyril).innerText())).toBe(`${ANA.name} €5.00 store credit`);
        });

        let receiptNumber = '';
        await step(
          shots,
          'Ana pays €5.00 by store credit, no more, and €7.50 in cash; the receipt names her',
          pages,
          async () => {
            await cyril.getByRole('button', { name: 'Pay €12.50', exact: true }).click();
            const dialog = cyril.getByRole('dialog', { name: 'Payment', exact: true });
            await dialog.getByText(`For ${ANA.name}`, exact).waitFor();
            await radio(dialog, 'Store credit');
            const amount = dialog.getByLabel('Store credit amount', exact);
            await expect.poll(() => amount.inputValue(), soon).toBe('5.00');
            await dialog
              .getByText(
                `${ANA.name} has €5.00 of store credit: it pays at most €5.00, and gives no change.`,
                exact,
              )
              .waitFor();
            // Wide enough that the Pay dialog leaves the cart's customer in view.
            await cyril.setViewportSize(WIDE);
            await shots.take(cyril, 'register-customer');
            await cyril.setViewportSize(VIEWPORT);
            await amount.fill('6');
            await dialog.getByRole('button', { name: 'Add store credit', exact: true }).click();
            await dialog
              .getByText('The customer’s store credit pays at most €5.00: pay the rest another way.', exact)
              .waitFor();
            await amount.fill('5');
            await dialog.getByRole('button', { name: 'Add store credit', exact: true }).click();
            await dialog.getByRole('status', { name: 'Left to pay' }).getByText('€7.50', exact).waitFor();
            // Her credit is spent: store credit is offered no more.
            expect(await dialog.getByRole('radio', { name: 'Store credit' }).count()).toBe(0);
            await dialog
              .getByRole('group', { name: 'Quick cash amounts' })
              .getByRole('button', { name: 'Exact €7.50', exact: true })
              .click();
            expect(text(await dialog.getByRole('table', { name: 'Payments' }).innerText())).toBe(
              'Store credit €5.00 Cash €7.50',
            );
            await dialog.getByRole('button', { name: 'Complete sale', exact: true }).click();
            await dialog.waitFor({ state: 'hidden' });
            await cyril.getByRole('heading', { name: 'Paid: €12.50', exact: true }).waitFor();
            const receipt = cyril.getByRole('article', { name: /^Receipt K1-\d{6}$/ });
            receiptNumber = (await receipt.getAttribute('aria-label'))!.replace('Receipt ', '');
            for (const [label, value] of [
              ['Customer', ANA.name],
              ['Total', '€12.50'],
              ['Store credit', '€5.00'],
              ['Cash', '€7.50'],
              ['Change', '€0.00'],
            ] as const) {
              expect(text(await row(receipt, label).first().innerText())).toBe(`${label} ${value}`);
            }
            expect(await balanceOfAna()).toBe(0);
          },
        );

        await step(
          shots,
          'A new sale has no customer; Ben, new here, is added on the spot and the sale is his',
          pages,
          async () => {
            await cyril.getByRole('button', { name: 'New sale', exact: true }).click();
            await scanBolts(cyril);
            await cart(cyril).getByRole('button', { name: 'Add customer', exact: true }).click();
            const dialog = cyril.getByRole('dialog', { name: 'Customer', exact: true });
            await expect
              .poll(() => isFocused(dialog.getByRole('combobox', { name: 'Find a customer' })), soon)
              .toBe(true);
            await cyril.keyboard.type(BEN.name);
            await dialog
              .getByText(`No customer matches “${BEN.name}”: add them with New customer.`, exact)
              .waitFor();
            await cyril.keyboard.press('Tab');
            await cyril.keyboard.press('Enter');
            const form = cyril.getByRole('dialog', { name: 'New customer', exact: true });
            const name = form.getByLabel('Name', exact);
            expect(await name.inputValue()).toBe(BEN.name);
            await expect.poll(() => isFocused(name), soon).toBe(true);
            await form.getByLabel('E-mail (optional)', exact).fill('ben.okafor');
            await form.getByRole('button', { name: 'Add customer', exact: true }).click();
            await form.getByText('Write the e-mail address like name@example.com.', exact).waitFor();
            await form.getByLabel('E-mail (optional)', exact).fill(BEN.email);
            await cyril.keyboard.press('Enter');
            await form.waitFor({ state: 'hidden' });
            expect(text(await chip(cyril).innerText())).toBe(BEN.name);
            await expect.poll(() => isFocused(search(cyril)), soon).toBe(true);

            await cyril.getByRole('button', { name: 'Pay €12.50', exact: true }).click();
            const pay = cyril.getByRole('dialog', { name: 'Payment', exact: true });
            await pay.getByText(`For ${BEN.name}`, exact).waitFor();
            // No store credit to pay with.
            expect(await pay.getByRole('radio', { name: 'Store credit' }).count()).toBe(0);
            await pay.getByRole('button', { name: 'Exact €12.50', exact: true }).click();
            await pay.getByRole('button', { name: 'Complete sale', exact: true }).click();
            await cyril.getByRole('heading', { name: 'Paid: €12.50', exact: true }).waitFor();
            const receipt = cyril.getByRole('article', { name: /^Receipt K1-\d{6}$/ });
            expect(text(await row(receipt, 'Customer').innerText())).toBe(`Customer ${BEN.name}`);
            await cyril.getByRole('button', { name: 'New sale', exact: true }).click();
            await cart(cyril).getByRole('button', { name: 'Add customer', exact: true }).waitFor();
          },
        );

        await step(
          shots,
          'Ana brings the bolts back with her receipt: the €12.50 goes to her store credit',
          pages,
          async () => {
            await cyril.getByRole('button', { name: 'Return', exact: true }).click();
            const find = cyril.getByRole('dialog', { name: 'Return', exact: true });
            await find.getByLabel('Receipt number', exact).fill(receiptNumber);
            await cyril.keyboard.press('Enter');
            const dialog = cyril.getByRole('dialog', { name: `Return from ${receiptNumber}`, exact: true });
            await dialog.getByText(new RegExp(`, for ${ANA.name}\\.$`)).waitFor();
            await dialog.getByLabel(`Return how many of ${BOLTS}`, exact).fill('1');
            await dialog.getByLabel('Reason', exact).fill('Changed mind');
            // Back the way it was paid first: her store credit, then cash.
            const toCredit = dialog.getByLabel('Store credit refund', exact);
            await expect.poll(() => toCredit.inputValue(), soon).toBe('5.00');
            expect(await dialog.getByLabel('Cash refund', exact).inputValue()).toBe('7.50');
            await dialog.getByText(`Added to ${ANA.name}’s store credit, any amount.`, exact).waitFor();
            await dialog.getByLabel('Cash refund', exact).fill('0');
            await toCredit.fill('12.50');
            await dialog.getByRole('button', { name: 'Refund €12.50', exact: true }).click();
            await dialog.waitFor({ state: 'hidden' });
            await cyril.getByRole('heading', { name: 'Refunded €12.50', exact: true }).waitFor();
            const receipt = cyril.getByRole('article', { name: /^Receipt K1-\d{6}$/ });
            for (const [label, value] of [
              ['Customer', ANA.name],
              ['Return of', receiptNumber],
              ['Store credit refund', '−€12.50'],
            ] as const) {
              expect(text(await row(receipt, label).first().innerText())).toBe(`${label} ${value}`);
            }
            expect(await balanceOfAna()).toBe(1_250);
          },
        );

        await step(
          shots,
          'Without a receipt, Alice picks Ben in the same dialog, over the return, and refunds to his store credit',
          pages,
          async () => {
            alice = await openPage(running.browser, running.server.url);
            pages.push(alice);
            await signIn(alice, ALICE);
            await alice.goto('/back-office/acme/register');
            await alice.getByRole('link', { name: `Sell on ${REGISTER}`, exact: true }).click();
            await alice.getByRole('button', { name: 'Return', exact: true }).click();
            await alice
              .getByRole('dialog', { name: 'Return', exact: true })
              .getByRole('button', { name: 'No receipt', exact: true })
              .click();
            const dialog = alice.getByRole('dialog', { name: 'Return without a receipt', exact: true });
            const products = dialog.getByRole('combobox', { name: 'Scan or search products', exact: true });
            await expect.poll(() => isFocused(products), soon).toBe(true);
            await alice.keyboard.type('B-10');
            await alice.keyboard.press('Enter');
            await dialog.getByRole('button', { name: 'Refund €12.50', exact: true }).waitFor();
            expect(await dialog.getByLabel('Store credit refund').count()).toBe(0);
            // Esc closes the customer's dialog alone.
            await dialog.getByRole('button', { name: 'Add customer', exact: true }).click();
            const picker = alice.getByRole('dialog', { name: 'Customer', exact: true });
            await picker.getByRole('combobox', { name: 'Find a customer', exact: true }).waitFor();
            await alice.keyboard.press('Escape');
            await picker.waitFor({ state: 'hidden' });
            await expect.poll(() => isFocused(products), soon).toBe(true);
            await dialog.getByRole('button', { name: 'Add customer', exact: true }).click();
            await expect
              .poll(() => isFocused(picker.getByRole('combobox', { name: 'Find a customer' })), soon)
              .toBe(true);
            await alice.keyboard.type('okafor');
            await alice.keyboard.press('Enter');
            await picker.waitFor({ state: 'hidden' });
            expect(text(await dialog.getByRole('group', { name: 'Customer', exact: true }).innerText())).toBe(
              BEN.name,
            );
            await dialog.getByLabel('Reason', exact).fill('Gift');
            await dialog.getByLabel('Cash refund', exact).fill('0');
            await dialog.getByLabel('Store credit refund', exact).fill('12.50');
            await dialog.getByRole('button', { name: 'Refund €12.50', exact: true }).click();
            await dialog.waitFor({ state: 'hidden' });
            const receipt = alice.getByRole('article', { name: /^Receipt K1-\d{6}$/ });
            for (const [label, value] of [
              ['Customer', BEN.name],
              ['Store credit refund', '−€12.50'],
            ] as const) {
              expect(text(await row(receipt, label).first().innerText())).toBe(`${label} ${value}`);
            }
            const found = await api.call<{
              customers: { id: string; name: string; storeCreditMinor: number }[];
            }>('/merchants/acme/customers?q=okafor', { cookie: owner });
            expect(found.body.customers.map((each) => [each.name, each.storeCreditMinor])).toEqual([
              [BEN.name, 1_250],
            ]);
            benId = found.body.customers[0]!.id;
          },
        );

        await step(
          shots,
          'Credit taken back while Ben pays: the sale is refused with what he has, and paid again',
          pages,
          async () => {
            await alice.getByRole('button', { name: 'New sale', exact: true }).click();
            await scanBolts(alice);
            await cart(alice).getByRole('button', { name: 'Add customer', exact: true }).click();
            await alice.keyboard.type('okafor');
            await alice.keyboard.press('Enter');
            expect(text(await chip(alice).innerText())).toBe(`${BEN.name} €12.50 store credit`);
            await alice.getByRole('button', { name: 'Pay €12.50', exact: true }).click();
            const pay = alice.getByRole('dialog', { name: 'Payment', exact: true });
            await radio(pay, 'Store credit');
            await pay.getByRole('button', { name: 'Add store credit', exact: true }).click();
            await pay.getByRole('status', { name: 'Left to pay' }).getByText('€0.00', exact).waitFor();
            // Meanwhile a manager takes €1.00 of it back.
            const taken = await api.call(`/merchants/acme/customers/${benId}/store-credit`, {
              method: 'POST',
              cookie: owner,
              body: { id: randomUUID(), amountMinor: -100, reason: 'Correction' },
            });
            expect(taken.status).toBe(201);
            await pay.getByRole('button', { name: 'Complete sale', exact: true }).click();
            await pay
              .getByRole('alert')
              .getByText(`${BEN.name} has €11.50 of store credit, not the €12.50 asked for.`, exact)
              .waitFor();
            await pay
              .getByRole('button', { name: 'Remove the store credit payment of €12.50', exact: true })
              .click();
            await radio(pay, 'Store credit');
            const amount = pay.getByLabel('Store credit amount', exact);
            await expect.poll(() => amount.inputValue(), soon).toBe('11.50');
            await pay.getByRole('button', { name: 'Add store credit', exact: true }).click();
            await pay.getByRole('button', { name: 'Exact €1.00', exact: true }).click();
            await pay.getByRole('button', { name: 'Complete sale', exact: true }).click();
            await alice.getByRole('heading', { name: 'Paid: €12.50', exact: true }).waitFor();
            const receipt = alice.getByRole('article', { name: /^Receipt K1-\d{6}$/ });
            expect(text(await row(receipt, 'Store credit').first().innerText())).toBe('Store credit €11.50');
          },
        );

        await shots.publish('register-customer');
      },
      TIMEOUT_MS,
    );
  },
);
