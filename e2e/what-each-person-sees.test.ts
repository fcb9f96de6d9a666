import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, PHONE, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, ALICE, CAROL, mainNavigation, openShop, product, signIn } from './support/story';

/**
 * What each person sees, in Chromium against the real server (`npm start`'s embedded mode): quantity
 * fields that show what was typed and send nothing else, each role's controls and only those, an
 * admin's way into every shop, one lit navigation tab, no failed request on a signed-out visit, a
 * loader while a page's code arrives, and a back office that fits a 390 px phone.
 */

const exact = { exact: true } as const;
const NUTS = 'Nuts M10 (box of 50)';
const PASSWORD = 'correct horse battery';
/** Run on a table in the page: scrolls the box that scrolls it sideways to its end; says by how much. */
const SCROLL_TO_END = `(table) => {
  let box = table.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  box?.scrollBy({ left: 10000, behavior: 'instant' });
  return box?.scrollLeft ?? 0;
}`;

describe.skipIf(!hasChromium('what each person sees'))('what each person sees', () => {
  const shots = new Screenshots('what-each-person-sees');
  const running = productInChromium('screens', { EMBEDDED_MQTT_PORT: '0' });

  const api = (path: string, init: RequestInit = {}) => fetch(`${running.server.url}/api/v1${path}`, init);
  const json = (body: object, cookie?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const signInOverApi = async (person: { email: string; password: string }) => {
    const response = await api('/auth/sign-in', json({ email: person.email, password: person.password }));
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };
  /** A new account that Alice adds to Acme Hardware's staff with `role`. */
  const staffMember = async (role: 'cashier' | 'manager') => {
    const person = { email: `${role}-${Date.now()}@example.com`, password: PASSWORD, name: `Acme ${role}` };
    expect((await api('/auth/sign-up', json(person))).status).toBe(201);
    const added = await api(
      '/merchants/acme/staff',
      json({ email: person.email, role }, await signInOverApi(ALICE)),
    );
    expect(added.status).toBe(200);
    return person;
  };
  const orderCount = async (cookie: string) =>
    ((await (await api('/orders?limit=200', { headers: { cookie } })).json()) as { orders: unknown[] }).orders
      .length;

  it('quantity fields show what was typed, say what is wrong, and send no order the person did not see', async () => {
    const carol = await openPage(running.browser, running.server.url);
    const cookie = await signInOverApi(CAROL);
    const ordersBefore = await orderCount(cookie);
    await step(shots, 'Carol opens Acme Hardware', [carol], async () => {
      await signIn(carol, CAROL);
      await openShop(carol);
    });
    const card = product(carol, NUTS);
    const field = card.getByLabel('Quantity', exact);
    const add = card.getByRole('button', { name: 'Add to cart', exact: true });
    await card.getByText('60 in stock', exact).waitFor();

    // The examples, each typed key by key as a person would.
    const examples: [typed: string, message: string][] = [
      ['100', 'Only 60 in stock.'],
      ['-5', 'At least 1.'],
      ['2.5', 'Whole numbers only.'],
      ['99999999999999', 'Only 60 in stock.'],
      ['', 'Enter a quantity.'],
    ];
    for (const [typed, message] of examples) {
      await step(shots, `Carol types "${typed}" on the shop page`, [carol], async () => {
        await field.clear();
        if (typed !== '') {
          await field.pressSequentially(typed);
        }
        expect(await field.inputValue()).toBe(typed);
        await card.getByText(message, exact).waitFor();
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        expect(await add.isDisabled()).toBe(true);
        // Enter in the field does not add either.
        await field.press('Enter');
        expect(await carol.getByRole('button', { name: 'Cart (0)', exact: true }).count()).toBe(1);
      });
      if (typed === '100') {
        await shots.take(carol, 'shop-quantity-over-stock');
      }
    }

    await step(shots, 'Carol adds all 60, and the card refuses one more', [carol], async () => {
      await field.clear();
      await field.pressSequentially('60');
      await add.click();
      await carol.getByText(`Added 60 × ${NUTS} to your cart (60 in cart).`).waitFor();
      await field.clear();
      await field.pressSequentially('1');
      await card.getByText('All 60 in stock are in your cart already.', exact).waitFor();
      expect(await add.isDisabled()).toBe(true);
    });

    const cart = carol.getByRole('dialog', { name: 'Your cart at Acme Hardware' });
    const line = cart.getByLabel(`Quantity of ${NUTS}`, exact);
    const place = cart.getByRole('button', { name: 'Place order', exact: true });
    await step(shots, 'Carol opens her cart', [carol], async () => {
      await carol.getByRole('button', { name: 'Cart (60)', exact: true }).click();
      await cart.waitFor();
      expect(await line.inputValue()).toBe('60');
    });
    for (const [typed, message] of [...examples, ['61', 'Only 60 in stock.'] as [string, string]]) {
      await step(shots, `Carol types "${typed}" in her cart`, [carol], async () => {
        await line.clear();
        if (typed !== '') {
          await line.pressSequentially(typed);
        }
        expect(await line.inputValue()).toBe(typed);
        await cart.getByText(message, exact).waitFor();
        expect(await place.isDisabled()).toBe(true);
        await cart.getByText(`Correct the quantity of ${NUTS} to place the order.`, exact).waitFor();
        expect(await cart.getByTestId('cart-total').textContent()).toBe('—');
      });
      if (typed === '') {
        await shots.take(carol, 'cart-quantity-blank');
      }
    }
    await shots.take(carol, 'cart-quantity-over-stock');
    // Nothing reached the server while the fields were wrong.
    expect(await orderCount(cookie)).toBe(ordersBefore);

    await step(shots, 'Carol orders 3, the quantity she sees', [carol], async () => {
      await line.clear();
      await line.pressSequentially('3');
      expect(await place.isDisabled()).toBe(false);
      await place.click();
      await carol.getByRole('heading', { level: 1, name: 'My orders', exact: true }).waitFor();
    });
    const orders = (await (await api('/orders?limit=200', { headers: { cookie } })).json()) as {
      orders: { items: { name: string; quantity: number }[] }[];
    };
    expect(orders.orders).toHaveLength(ordersBefore + 1);
    expect(orders.orders[0]!.items.map((item) => item.quantity)).toEqual([3]);
    await shots.publish('shop-quantity-over-stock', 'cart-quantity-blank');
  }, 180_000);

  it('a cashier reads the catalogue without a control he may not use; a manager gets them', async () => {
    const cashier = await staffMember('cashier');
    const manager = await staffMember('manager');
    const openCatalogue = async (page: Page) => {
      await page.goto('/back-office/acme/catalogue');
      await page.getByRole('heading', { level: 1, name: 'Catalogue', exact: true }).waitFor();
      await page.getByRole('table', { name: 'Products', exact: true }).getByText(NUTS, exact).waitFor();
    };

    const cyril = await openPage(running.browser, running.server.url);
    await step(shots, 'the cashier opens the catalogue', [cyril], async () => {
      await signIn(cyril, cashier);
      await cyril.goto('/back-office/acme/orders');
      const sections = cyril.getByRole('navigation', { name: 'Shop sections' });
      await sections.getByRole('link', { name: 'Catalogue', exact: true }).click();
      await cyril.getByRole('table', { name: 'Products', exact: true }).getByText(NUTS, exact).waitFor();
      expect(await sections.getByRole('link').allTextContents()).toEqual(['Sales', 'Orders', 'Register', 'Customers', 'Catalogue', 'My hours']);
    });
    // Every request has come back, a refused one included, and would show itself.
    await cyril.waitForLoadState('networkidle');
    expect(await cyril.getByRole('button', { name: 'Add product' }).count()).toBe(0);
    expect(await cyril.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(0);
    expect(await cyril.getByRole('button', { name: 'Add category' }).count()).toBe(0);
    expect(await cyril.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    // Reading the catalogue, he may take it away as a spreadsheet.
    await cyril.getByRole('link', { name: 'Export CSV', exact: true }).waitFor();
    expect(await cyril.getByText(/may not|Could not load/).count()).toBe(0);
    await shots.take(cyril, 'catalogue-cashier');
    await step(shots, 'the cashier is told Staff is not for him', [cyril], async () => {
      await cyril.goto('/back-office/acme/staff');
      await cyril.getByRole('heading', { name: 'Staff is not part of your role' }).waitFor();
    });

    const mona = await openPage(running.browser, running.server.url);
    await step(shots, 'the manager opens the catalogue', [mona], async () => {
      await signIn(mona, manager);
      await openCatalogue(mona);
      await mona.getByRole('button', { name: 'Add product', exact: true }).waitFor();
      await mona.getByRole('button', { name: `Edit ${NUTS}`, exact: true }).waitFor();
      await mona.getByRole('button', { name: 'Add category', exact: true }).waitFor();
    });
    await shots.publish('catalogue-cashier');
  }, 120_000);

  it('an admin finds every shop under Back office, and one tab is lit in each menu on the audit log', async () => {
    const ada = await openPage(running.browser, running.server.url);
    await step(shots, 'Ada opens the back office from the menu', [ada], async () => {
      await signIn(ada, ADA);
      await mainNavigation(ada).getByRole('link', { name: 'Back office', exact: true }).click();
      await ada.getByRole('heading', { level: 1, name: 'My shops', exact: true }).waitFor();
      for (const shop of ['Acme Hardware', 'Green Grocer']) {
        await ada.getByRole('link', { name: new RegExp(`^${shop}\\b`) }).waitFor();
      }
      expect(await ada.getByText('You have no shop yet').count()).toBe(0);
    });
    await shots.take(ada, 'back-office-admin');
    await step(shots, 'Ada opens a shop and its staff', [ada], async () => {
      await ada.getByRole('link', { name: /^Green Grocer\b/ }).click();
      await ada.getByRole('heading', { level: 1, name: 'Today', exact: true }).waitFor();
      const sections = ada.getByRole('navigation', { name: 'Shop sections' });
      await sections.getByRole('link', { name: 'Staff', exact: true }).click();
      await ada.getByRole('heading', { level: 1, name: 'Staff', exact: true }).waitFor();
    });
    await step(shots, 'Ada opens the audit log: one tab is lit in each menu', [ada], async () => {
      await mainNavigation(ada).getByRole('link', { name: 'Admin', exact: true }).click();
      const sections = ada.getByRole('navigation', { name: 'Admin sections' });
      await sections.getByRole('link', { name: 'Audit log', exact: true }).click();
      await ada.getByRole('heading', { level: 1, name: 'Audit log', exact: true }).waitFor();
      expect(await mainNavigation(ada).locator('[aria-current="page"]').allTextContents()).toEqual(['Admin']);
      expect(await sections.locator('[aria-current="page"]').allTextContents()).toEqual(['Audit log']);
    });
  }, 120_000);

  it('a signed-out visit logs no error in the browser console', async () => {
    const visitor = await openPage(running.browser, running.server.url);
    const errors: string[] = [];
    visitor.on('console', (message) => {
      if (message.type() === 'error') {
        errors.push(message.text());
      }
    });
    visitor.on('pageerror', (error) => errors.push(error.message));
    await step(shots, 'a visitor browses signed out', [visitor], async () => {
      await visitor.goto('/');
      await visitor.getByRole('link', { name: /^Acme Hardware\b/ }).waitFor();
      await visitor.getByRole('link', { name: /^Acme Hardware\b/ }).click();
      await product(visitor, NUTS).waitFor();
      await visitor.getByRole('link', { name: 'Sign in', exact: true }).click();
      await visitor.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      // Every request has come back: a failed one has logged its error.
      await visitor.waitForLoadState('networkidle');
    });
    expect(errors).toEqual([]);
  }, 120_000);

  it('a page whose code is on its way shows a loader', async () => {
    const alice = await openPage(running.browser, running.server.url);
    await signIn(alice, ALICE);
    // Hold the back office's code back, as a slow connection would.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await alice.route(/\/assets\/back-office-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await step(shots, 'Alice opens the back office on a slow connection', [alice], async () => {
      await mainNavigation(alice).getByRole('link', { name: 'Back office', exact: true }).click();
      await alice.getByRole('status', { name: 'Loading page' }).waitFor();
      release();
      await alice.getByRole('heading', { level: 1, name: 'My shops', exact: true }).waitFor();
    });
  }, 120_000);

  it('the back office fits a 390 px phone', async () => {
    const context390 = await running.browser.newContext({
      baseURL: running.server.url,
      viewport: PHONE,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
      timezoneId: 'Europe/Paris',
    });
    context390.setDefaultTimeout(20_000);
    const signInAt390 = async (person: { email: string; password: string }) => {
      const page = await context390.newPage();
      await context390.clearCookies();
      await step(shots, `${person.email} signs in on a phone`, [page], async () => {
        await page.goto('/sign-in');
        await page.getByLabel('Email', exact).fill(person.email);
        await page.getByLabel('Password', exact).fill(person.password);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      });
      return page;
    };
    const overflow: string[] = [];
    const visit = async (page: Page, path: string, heading: string | RegExp, shot: string) => {
      await step(shots, `open ${path} at 390 px`, [page], async () => {
        await page.goto(path);
        await page
          .getByRole('heading', { level: 1, name: heading, exact: typeof heading === 'string' })
          .waitFor();
        await page.waitForLoadState('networkidle');
      });
      await shots.take(page, shot);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (width > PHONE.width) {
        overflow.push(`${path}: ${width} px`);
      }
    };
    const { products } = (await (await api('/merchants/acme/products')).json()) as {
      products: { id: string }[];
    };
    const placed = await api(
      '/orders',
      json(
        { merchantSlug: 'acme', items: [{ productId: products[0]!.id, quantity: 1 }] },
        await signInOverApi(CAROL),
      ),
    );
    expect(placed.status).toBe(201);
    const order = (await placed.json()) as { id: string; number: string };

    const alice = await signInAt390(ALICE);
    const screens: [path: string, heading: string | RegExp, shot: string][] = [
      ['/back-office', 'My shops', 'phone-my-shops'],
      ['/back-office/acme/orders', 'Orders', 'phone-orders'],
      [`/back-office/acme/orders/${order.id}`, new RegExp(`^Order ${order.number}`), 'phone-order'],
      ['/back-office/acme/catalogue', 'Catalogue', 'phone-catalogue'],
      ['/back-office/acme/suppliers', 'Suppliers', 'phone-suppliers'],
      ['/back-office/acme/messages', 'Messages', 'phone-messages'],
      ['/back-office/acme/staff', 'Staff', 'phone-staff'],
      ['/mail', 'Mail', 'phone-mail'],
    ];
    for (const [path, heading, shot] of screens) {
      await visit(alice, path, heading, shot);
    }
    await step(
      shots,
      'the orders table scrolls sideways and keeps the order number in view',
      [alice],
      async () => {
        await alice.goto('/back-office/acme/orders');
        const table = alice.getByRole('table', { name: 'Orders', exact: true });
        const link = table.getByRole('link', { name: order.number, exact: true });
        await link.waitFor();
        // Scroll the table's box to its far end, as a swipe would.
        const scrolledBy = await alice.evaluate<number>(
          `(${SCROLL_TO_END})(document.querySelector('table[aria-label="Orders"]'))`,
        );
        expect(scrolledBy).toBeGreaterThan(100);
        // The scroll was instant: the next frame is drawn where it ended.
        await alice.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))');
        const where = await link.boundingBox();
        expect(where).not.toBeNull();
        expect(where!.x).toBeGreaterThanOrEqual(0);
        expect(where!.x + where!.width).toBeLessThanOrEqual(PHONE.width);
        await shots.take(alice, 'phone-orders-scrolled');
      },
    );
    await step(shots, 'the shop form speaks of a web address, not a slug', [alice], async () => {
      await alice.goto('/back-office');
      await alice.getByText('Web address: /shops/acme', exact).waitFor();
      const field = alice.getByRole('textbox', { name: 'Web address', exact: true });
      await field.fill('corner-shop');
      await alice.getByText(/^Your shop's page: \/shops\/corner-shop\./).waitFor();
      expect(await alice.getByText('Slug', exact).count()).toBe(0);
    });
    await alice.close();
    const ada = await signInAt390(ADA);
    await visit(ada, '/admin', 'Admin', 'phone-users');
    await visit(ada, '/admin/audit-log', 'Audit log', 'phone-audit-log');
    expect(overflow).toEqual([]);
    await shots.publish('phone-orders', 'phone-catalogue', 'phone-my-shops', 'phone-users');
  }, 180_000);
});
