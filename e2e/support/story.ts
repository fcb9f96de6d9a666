import type { Locator, Page } from 'playwright-core';

/** The demo accounts of apps/server/src/demo/seed.ts. */
export const CAROL = { email: 'carol@example.com', password: 'carol-demo-1', name: 'Carol Customer' };
export const ALICE = { email: 'alice@acme.example', password: 'alice-demo-1', name: 'Alice Acme' };
export const ADA = { email: 'admin@meetyourbusiness.local', password: 'admin-demo-1', name: 'Ada Admin' };
export const SHOP = 'Acme Hardware';
export const BOLTS = 'Bolts 10mm (box of 50)';
export const SCREWDRIVERS = 'Screwdriver set';
export const SUPPLIERS = ['Bolt Co', 'ToolWorks'];

const exact = { exact: true } as const;

export function mainNavigation(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

export async function openFromNavigation(page: Page, link: string): Promise<void> {
  await mainNavigation(page).getByRole('link', { name: link, exact: true }).click();
  await page
    .getByRole('heading', { level: 1, name: link === 'Back office' ? 'My shops' : link, exact: true })
    .waitFor();
}

/** From the home page: the "Sign in" link, the form, then back signed in. */
export async function signIn(
  page: Page,
  person: { email: string; password: string; name: string },
): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Email', exact).fill(person.email);
  await page.getByLabel('Password', exact).fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  await page.getByRole('group', { name: 'Your account' }).getByText(person.name, exact).waitFor();
}

export function product(page: Page, name: string): Locator {
  return page.getByRole('list', { name: 'Products' }).getByRole('article', { name, exact: true });
}

/** Shops → Acme Hardware, and waits for the catalogue. */
export async function openShop(page: Page): Promise<void> {
  await openFromNavigation(page, 'Shops');
  await page.getByRole('link', { name: new RegExp(`^${SHOP}\\b`) }).click();
  await page.getByRole('heading', { level: 1, name: SHOP, exact: true }).waitFor();
  await product(page, BOLTS).waitFor();
  await product(page, SCREWDRIVERS).waitFor();
}

export async function addToCart(page: Page, name: string, quantity: number): Promise<void> {
  const card = product(page, name);
  await card.getByLabel('Quantity', exact).fill(String(quantity));
  await card.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await page.getByText(`Added ${quantity} × ${name} to your cart`).first().waitFor();
}

/** Opens the cart drawer and checks its lines; returns the drawer. */
export async function openCart(page: Page, lines: Record<string, number>): Promise<Locator> {
  const count = Object.values(lines).reduce((sum, quantity) => sum + quantity, 0);
  await page.getByRole('button', { name: `Cart (${count})`, exact: true }).click();
  const cart = page.getByRole('dialog', { name: `Your cart at ${SHOP}` });
  await cart.waitFor();
  for (const [name, quantity] of Object.entries(lines)) {
    const field = cart.getByLabel(`Quantity of ${name}`, exact);
    await field.waitFor();
    const value = await field.inputValue();
    if (value !== String(quantity)) {
      throw new Error(`the cart holds ${value} × ${name}, expected ${quantity}`);
    }
  }
  return cart;
}

/** Presses "Place order" and reads the order number from the toast. */
export async function placeOrder(page: Page, cart: Locator): Promise<string> {
  await cart.getByRole('button', { name: 'Place order', exact: true }).click();
  const toast = page.getByText(/^Order [A-Z]-\d+ placed$/);
  await toast.waitFor();
  const number = /^Order ([A-Z]-\d+) placed$/.exec((await toast.textContent()) ?? '')?.[1];
  if (number === undefined) {
    throw new Error('the toast names no order number');
  }
  return number;
}

/** The row of an order in an orders table, found by the link that carries its number. */
export function orderRow(page: Page, table: string, number: string): Locator {
  return page
    .getByRole('table', { name: table, exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: number, exact: true }) });
}

/** Waits (the lists refresh by themselves) until the order's row shows the status. */
export async function waitForOrderStatus(
  page: Page,
  table: string,
  number: string,
  status: string,
): Promise<void> {
  await orderRow(page, table, number).getByText(status, exact).waitFor({ timeout: 30_000 });
}

/** Back office → Acme Hardware → Orders → the order. */
export async function openShopOrder(page: Page, number: string): Promise<void> {
  await openFromNavigation(page, 'Back office');
  await page.getByRole('link', { name: new RegExp(`^${SHOP}\\b`) }).click();
  await page
    .getByRole('navigation', { name: 'Shop sections' })
    .getByRole('link', { name: 'Orders', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Orders', exact: true }).waitFor();
  await orderRow(page, 'Orders', number).getByRole('link', { name: number, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^Order ${number}\\b`) }).waitFor();
}

/** Presses Dispatch, confirms it, and waits until every supplier's delivery reads E-mailed. */
export async function dispatchAndWaitForDeliveries(page: Page, number: string): Promise<void> {
  await page.getByRole('button', { name: 'Dispatch', exact: true }).click();
  // The dialog names the suppliers the dispatch will tell before anything is sent.
  const confirm = page.getByRole('dialog', { name: `Dispatch order ${number}?`, exact: true });
  for (const supplier of SUPPLIERS) {
    await confirm.getByRole('listitem').filter({ hasText: supplier }).waitFor();
  }
  await confirm.getByRole('button', { name: `Dispatch and tell ${SUPPLIERS.length} suppliers`, exact: true }).click();
  await page.getByText(`Order ${number} dispatched`, exact).waitFor();
  await page.getByText(`${SUPPLIERS.length} suppliers notified.`, exact).waitFor();
  const deliveries = page.getByRole('table', { name: 'Supplier deliveries', exact: true });
  for (const supplier of SUPPLIERS) {
    const row = deliveries
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: supplier, exact: true }) });
    // The agents' receipts move each row on from Published to E-mailed, live.
    await row.getByText('E-mailed', exact).waitFor({ timeout: 45_000 });
  }
  await page.getByRole('heading', { level: 1, name: new RegExp(`^Order ${number} Dispatched$`) }).waitFor();
  await page.getByRole('button', { name: 'Dispatch', exact: true }).waitFor({ state: 'detached' });
}

/** Opens the shop's message log: every supplier's device online, and the order's messages e-mailed. */
export async function openMessagesOf(page: Page, number: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Shop sections' })
    .getByRole('link', { name: 'Messages', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Messages', exact: true }).waitFor();
  const devices = page.getByRole('table', { name: 'Supplier devices', exact: true });
  for (const supplier of SUPPLIERS) {
    const row = devices.getByRole('row').filter({ has: page.getByRole('cell', { name: supplier, exact: true }) });
    await row.getByText('Online', exact).waitFor();
  }
  await page.getByRole('textbox', { name: 'Order', exact: true }).fill(number);
  const messages = page.getByRole('table', { name: 'Messages to suppliers', exact: true });
  for (const supplier of SUPPLIERS) {
    const row = messages
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: supplier, exact: true }) });
    await row.getByText('E-mailed', exact).waitFor();
    await row
      .getByRole('button', { name: `Resend the message to ${supplier} for order ${number}` })
      .waitFor();
  }
}

/** A product's row in the back office's catalogue. */
export function catalogueRow(page: Page, name: string): Locator {
  return page.getByRole('table', { name: 'Products', exact: true }).getByRole('row').filter({ hasText: name });
}

/** From any page, signed in as its owner: Back office → Acme Hardware → Settings. */
export async function openShopSettings(page: Page): Promise<void> {
  await openFromNavigation(page, 'Back office');
  await page.getByRole('link', { name: new RegExp(`^${SHOP}\\b`) }).click();
  await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
}

/** Signs in and opens Acme Hardware's catalogue in the back office. */
export async function openShopCatalogue(page: Page, person: { email: string; password: string; name: string }): Promise<void> {
  await signIn(page, person);
  await page.goto('/back-office/acme/catalogue');
  await page.getByRole('heading', { level: 1, name: 'Catalogue', exact: true }).waitFor();
}
