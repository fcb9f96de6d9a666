import { buildWebOnce, cleanUp, hasChromium, startServer, type RunningServer } from '@myb/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, Screenshots, step } from './support/browser';
import { ALICE, mainNavigation, openFromNavigation, openShopSettings as openSettings, SHOP, signIn } from './support/story';

/**
 * Alice, owner of Acme Hardware, edits her shop's settings, closes it and opens it again; then she
 * renames herself and changes her password, in Chromium against the real server process.
 */
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('browser settings'))('shop and account settings in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let failed = false;

  beforeAll(async () => {
    await buildWebOnce();
    server = await startServer('settings', { DEMO_AGENTS: 'false' });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    if (failed) {
      console.error(`\n----- server output (settings) -----\n${server?.output()}\n----- end of server output -----\n`);
    }
    await cleanUp(
      async () => browser?.close(),
      async () => server?.stop(),
    );
  });

  it('lets the owner edit the shop, close it and reopen it', async () => {
    const shots = new Screenshots('shop-settings');
    const page = await openPage(browser, server.url);
    try {
      await step(shots, 'Alice signs in and opens her shop settings', [page], async () => {
        await signIn(page, ALICE);
        await openSettings(page);
      });
      await step(shots, 'Alice gives the shop an address and a time zone', [page], async () => {
        await page.getByRole('textbox', { name: 'Address', ...exact }).fill('12 Harbour Road\nPortsmouth PO1 3AA');
        await page.getByRole('combobox', { name: 'Time zone', ...exact }).fill('Europe/Lond');
        await page.getByRole('option', { name: 'Europe/London', ...exact }).click();
        await page.getByRole('button', { name: 'Save settings', ...exact }).click();
        await page.getByText(`${SHOP}: settings saved.`, exact).waitFor();
        expect(await page.getByRole('combobox', { name: 'Time zone', ...exact }).inputValue()).toBe('Europe/London');
        await shots.take(page, 'shop-settings');
      });
      await step(shots, 'A change saved meanwhile elsewhere is offered to load, not overwritten', [page], async () => {
        const elsewhere = await openPage(browser, server.url);
        try {
          await signIn(elsewhere, ALICE);
          await openSettings(elsewhere);
          await elsewhere.getByRole('textbox', { name: 'Description', ...exact }).fill('Bolts, nuts, and now screws too.');
          await elsewhere.getByRole('button', { name: 'Save settings', ...exact }).click();
          await elsewhere.getByText(`${SHOP}: settings saved.`, exact).waitFor();
        } finally {
          await elsewhere.context().close();
        }
        await page.getByRole('textbox', { name: 'Description', ...exact }).fill('Only bolts.');
        await page.getByRole('button', { name: 'Save settings', ...exact }).click();
        await page.getByRole('alert').filter({ hasText: 'Someone else changed these settings' }).waitFor();
        await page.getByRole('button', { name: 'Load the current settings', ...exact }).click();
        await expect
          .poll(() => page.getByRole('textbox', { name: 'Description', ...exact }).inputValue())
          .toBe('Bolts, nuts, and now screws too.');
      });
      await step(shots, 'A name of nothing but spaces is refused next to the field', [page], async () => {
        await page.getByRole('textbox', { name: 'Name', ...exact }).fill('   ');
        await page.getByRole('button', { name: 'Save settings', ...exact }).click();
        await page.getByText('The name is required.', exact).waitFor();
        await page.getByRole('textbox', { name: 'Name', ...exact }).fill(SHOP);
      });
      await step(shots, 'Alice lets deliveries bring up to 5 % more than ordered unasked', [page], async () => {
        const panel = page.getByRole('region', { name: 'Receiving goods', ...exact });
        const tolerance = panel.getByRole('textbox', { name: 'Over-receipt tolerance', ...exact });
        await tolerance.fill('101');
        await panel.getByRole('button', { name: 'Save tolerance', ...exact }).click();
        await panel.getByText('The tolerance is at most 100 %.', exact).waitFor();
        await tolerance.fill('5');
        await panel.getByRole('button', { name: 'Save tolerance', ...exact }).click();
        await page.getByText('Over-receipt tolerance saved.', exact).waitFor();
        await page.reload();
        await expect
          .poll(() =>
            page
              .getByRole('region', { name: 'Receiving goods', ...exact })
              .getByRole('textbox', { name: 'Over-receipt tolerance', ...exact })
              .inputValue(),
          )
          .toBe('5');
        await shots.takeOf(page.getByRole('region', { name: 'Receiving goods', ...exact }), 'receiving-tolerance');
      });
      await step(shots, 'Alice closes the shop, typing its name to confirm', [page], async () => {
        await page.getByRole('button', { name: 'Close shop…', ...exact }).click();
        const dialog = page.getByRole('dialog', { name: `Close ${SHOP}?` });
        const confirm = dialog.getByRole('button', { name: 'Close shop', ...exact });
        expect(await confirm.isDisabled()).toBe(true);
        await dialog.getByRole('textbox', { name: "Type the shop's name to confirm" }).fill(SHOP);
        await shots.take(page, 'close-shop');
        await confirm.click();
        await page.getByRole('heading', { name: 'This shop is closed', ...exact }).waitFor();
        await page.getByText(/by Alice Acme\. It is not listed and takes no orders/).waitFor();
      });
      await step(shots, 'The closed shop is no longer among the shops, and its page says it has closed', [page], async () => {
        await openFromNavigation(page, 'Shops');
        await page.getByRole('link', { name: /^Green Grocer\b/ }).waitFor();
        // The list shown from the cache is refreshed as it opens.
        await page.getByRole('link', { name: new RegExp(`^${SHOP}\\b`) }).waitFor({ state: 'detached' });
        await page.goto('/shops/acme');
        await page.getByRole('status').getByText(`${SHOP} has closed and takes no new orders.`, exact).waitFor();
      });
      await step(shots, 'Alice reopens it, and it is listed again', [page], async () => {
        await openSettings(page);
        await page.getByRole('button', { name: 'Reopen shop', ...exact }).click();
        await page.getByText(`${SHOP} is open again.`, exact).waitFor();
        await openFromNavigation(page, 'Shops');
        await page.getByRole('link', { name: new RegExp(`^${SHOP}\\b`) }).waitFor();
      });
      await shots.publish('shop-settings', 'receiving-tolerance');
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await page.context().close();
    }
  }, 90_000);

  it('lets a person change their name and password', async () => {
    const shots = new Screenshots('account-settings');
    const page = await openPage(browser, server.url);
    const other = await openPage(browser, server.url);
    try {
      await step(shots, 'Alice is signed in on two devices', [page, other], async () => {
        await signIn(other, ALICE);
        await signIn(page, ALICE);
        await mainNavigation(page).getByRole('link', { name: 'Account', ...exact }).click();
        await page.getByRole('heading', { level: 1, name: 'My account', ...exact }).waitFor();
      });
      await step(shots, 'Alice renames herself', [page], async () => {
        const form = page.getByRole('form', { name: 'Your name' });
        await form.getByRole('textbox', { name: 'Name', ...exact }).fill('Alice A. Acme');
        await form.getByRole('button', { name: 'Save name', ...exact }).click();
        await page.getByText('Your name is now Alice A. Acme.', exact).waitFor();
        await page.getByRole('group', { name: 'Your account' }).getByText('Alice A. Acme', exact).waitFor();
      });
      await step(shots, 'A wrong current password is refused next to its field', [page], async () => {
        const form = page.getByRole('form', { name: 'Change your password' });
        await form.getByLabel('Current password', exact).fill('not my password');
        await form.getByLabel('New password', exact).fill('harbour lights 42');
        await form.getByRole('button', { name: 'Change password', ...exact }).click();
        await form.getByText('This is not your current password.', exact).waitFor();
        await shots.take(page, 'account-settings');
      });
      await step(shots, 'Alice changes her password; her other device is signed out', [page, other], async () => {
        const form = page.getByRole('form', { name: 'Change your password' });
        await form.getByLabel('Current password', exact).fill(ALICE.password);
        await form.getByRole('button', { name: 'Change password', ...exact }).click();
        await page.getByText('Password changed. Your other devices are signed out.', exact).waitFor();
        await other.reload();
        await other.getByRole('link', { name: 'Sign in', ...exact }).waitFor();
      });
      await step(shots, 'The new password signs her in', [other], async () => {
        await signIn(other, { ...ALICE, name: 'Alice A. Acme', password: 'harbour lights 42' });
      });
      await shots.publish('account-settings');
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await page.context().close();
      await other.context().close();
    }
  }, 90_000);
});
