import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ALICE, BOLTS, signIn } from './support/story';

/**
 * A discount above the cashier's cap (10 % at first), approved on the spot: Mia, a manager, sets her
 * register PIN on the Registers page; Cyril, a cashier, takes 20 % off a cart, is told a manager must
 * approve it, and at payment Mia picks her name and types her PIN, wrong once, then right. The sale
 * goes through and its receipt says who approved the discount.
 */

const REGISTER = 'Side till';
const PASSWORD = 'correct horse battery';
const PIN = '4826';
const exact = { exact: true } as const;

const text = (value: string) => value.replace(/\s+/g, ' ').trim();

describe.skipIf(!hasChromium('register-approval'))('a discount approved at the register in Chromium', () => {
  const shots = new Screenshots('register-approval');
  const running = productInChromium('register-approval', { EMBEDDED_MQTT_PORT: '0' });

  const registersPage = async (page: Page) => {
    await page.goto('/back-office/acme/register');
    await page.getByRole('heading', { level: 1, name: 'Registers', exact: true }).waitFor();
  };

  it('asks for a manager’s PIN when a cashier’s discount goes above the cap, and records who approved', async () => {
    const api = productApi(running.server.url);
    const owner = await api.signIn(ALICE);
    const people = {
      cashier: { email: `cyril-${Date.now()}@example.com`, password: PASSWORD, name: 'Cyril Cashier' },
      manager: { email: `mia-${Date.now()}@example.com`, password: PASSWORD, name: 'Mia Manager' },
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
      body: { name: REGISTER, receiptPrefix: 'S1' },
    });
    expect(created.status).toBe(201);

    const mia = await openPage(running.browser, running.server.url);
    const cyril = await openPage(running.browser, running.server.url);
    const pages = [mia, cyril];

    await step(shots, 'Mia sets her register PIN: 4 to 8 digits, typed twice', pages, async () => {
      await signIn(mia, people.manager);
      await registersPage(mia);
      const panel = mia.getByRole('region', { name: 'Your register PIN', exact: true });
      await panel.getByRole('button', { name: 'Set PIN', exact: true }).click();
      const dialog = mia.getByRole('dialog', { name: 'Your register PIN', exact: true });
      await dialog.getByLabel('New PIN', exact).fill('482');
      await dialog.getByRole('button', { name: 'Set PIN', exact: true }).click();
      await dialog.getByText('The PIN is at least 4 digits.', exact).waitFor();
      await dialog.getByLabel('New PIN', exact).fill(PIN);
      await dialog.getByLabel('New PIN again', exact).fill(PIN);
      await dialog.getByRole('button', { name: 'Set PIN', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await panel.getByRole('button', { name: 'Change PIN', exact: true }).waitFor();
      await panel.getByText(/^Set .*approve a discount above a cashier’s cap\.$/).waitFor();
    });

    await step(
      shots,
      'Cyril opens the register; a cashier’s PIN is for clocking in, not approving',
      pages,
      async () => {
        await signIn(cyril, people.cashier);
        await registersPage(cyril);
        await cyril
          .getByRole('region', { name: 'Your register PIN' })
          .getByText('Set one to use on any register of this shop: to clock in and out.', exact)
          .waitFor();
        await cyril.getByRole('button', { name: `Open ${REGISTER}`, exact: true }).click();
        const dialog = cyril.getByRole('dialog', { name: `Open ${REGISTER}`, exact: true });
        await dialog.getByLabel('Float counted in the drawer', exact).fill('50');
        await dialog.getByRole('button', { name: 'Open register', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await cyril.getByRole('heading', { level: 1, name: REGISTER, exact: true }).waitFor();
      },
    );

    await step(shots, '20 % off the cart is above a cashier’s 10 %: the dialog says so', pages, async () => {
      const search = cyril.getByRole('combobox', { name: 'Scan or search products', exact: true });
      await search.fill('B-10');
      await search.press('Enter');
      const cart = cyril.getByRole('region', { name: 'Cart', exact: true });
      await cart.getByRole('listitem', { name: BOLTS, exact: true }).waitFor();
      await cart.getByRole('button', { name: 'Cart discount', exact: true }).click();
      const dialog = cyril.getByRole('dialog', { name: 'Discount on the cart', exact: true });
      await dialog.getByLabel('Percent off', exact).fill('5');
      expect(await dialog.getByText('A manager must approve this').count()).toBe(0);
      await dialog.getByLabel('Percent off', exact).fill('20');
      await dialog
        .getByText(
          'The sale’s discounts would come to 20 %, above your 10 % cap: a manager approves them with their PIN when the customer pays.',
          exact,
        )
        .waitFor();
      await dialog.getByRole('button', { name: 'Apply discount', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await cyril.getByRole('button', { name: 'Pay €10.00', exact: true }).waitFor();
    });

    const pay = cyril.getByRole('dialog', { name: 'Payment', exact: true });
    await step(
      shots,
      'At payment Mia picks her name and types her PIN; a wrong one is refused',
      pages,
      async () => {
        await cyril.getByRole('button', { name: 'Pay €10.00', exact: true }).click();
        await pay.getByRole('button', { name: 'Exact €10.00', exact: true }).click();
        const complete = pay.getByRole('button', { name: 'Complete sale', exact: true });
        const approval = pay.getByRole('region', { name: 'Manager’s approval', exact: true });
        await approval.getByText(/^The discounts come to 20 % of this sale, above your 10 % cap/).waitFor();
        expect(await complete.isDisabled()).toBe(true);
        await approval.getByRole('combobox', { name: 'Approved by', exact: true }).click();
        await cyril.getByRole('option', { name: people.manager.name, exact: true }).click();
        await approval.getByLabel('PIN', exact).fill('0000');
        await complete.click();
        await pay.getByText(/That PIN is not right for Mia Manager: try again \(4 tries left\)\./).waitFor();
        expect(await approval.getByLabel('PIN', exact).inputValue()).toBe('');
        await approval.getByLabel('PIN', exact).fill(PIN);
        expect(await approval.getByLabel('PIN', exact).getAttribute('type')).toBe('password');
        await shots.take(cyril, 'register-approval');
      },
    );

    await step(
      shots,
      'The sale goes through; the receipt names who approved the discount',
      pages,
      async () => {
        await pay.getByRole('button', { name: 'Complete sale', exact: true }).click();
        await cyril.getByRole('heading', { name: 'Paid: €10.00', exact: true }).waitFor();
        const receipt = cyril.getByRole('article', { name: /^Receipt S1-000001$/ });
        const approvedBy = receipt.getByRole('row', { name: /^Discounts approved by/ });
        expect(text(await approvedBy.innerText())).toBe('Discounts approved by Mia Manager');
      },
    );

    await shots.publish('register-approval');
  }, 120_000);
});
