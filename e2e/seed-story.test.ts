import {
  buildWebOnce,
  cleanUp,
  createScratchDatabase,
  hasChromium,
  hasServices,
  requireServiceUrl,
  serviceUrl,
  startServer,
  startSmtpServer,
  type LoopbackSmtpServer,
  type RunningServer,
  type ScratchDatabase,
} from '@myb/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarePrivateExchange, type PrivateExchange } from './support/amqp';
import { launchChromium, openPage, Screenshots, step } from './support/browser';
import { productApi } from './support/api';
import { productInChromium } from './support/product';
import {
  addToCart,
  ALICE,
  BOLTS,
  CAROL,
  dispatchAndWaitForDeliveries,
  openCart,
  openFromNavigation,
  openMessagesOf,
  openShop,
  openShopOrder,
  orderRow,
  placeOrder,
  SCREWDRIVERS,
  SHOP,
  signIn,
  waitForOrderStatus,
} from './support/story';

/**
 * The demo story of the README, in Chromium against the real server process: Carol orders bolts and
 * a screwdriver set from Acme Hardware, Alice dispatches the order, each supplier's agent receives
 * its message and e-mails the supplier's people.
 */

const STORY_TIMEOUT_MS = 180_000;
const SETUP_TIMEOUT_MS = 240_000;

const browserReady = hasChromium('browser story');
const rabbitReady = hasServices('browser story on RabbitMQ and SMTP', 'rabbitmq');

function reportServer(server: RunningServer | undefined, failed: boolean, scenario: string): void {
  if (failed && server !== undefined) {
    console.error(
      `\n----- server output (${scenario}) -----\n${server.output()}\n----- end of server output -----\n`,
    );
  }
}

/** Carol signs in, fills her cart at Acme Hardware and places the order; returns its number. */
async function carolOrders(carol: Page, shots: Screenshots): Promise<string> {
  const pages = [carol];
  await step(shots, 'Carol signs in', pages, () => signIn(carol, CAROL));
  await step(shots, 'Carol opens Acme Hardware', pages, () => openShop(carol));
  await shots.take(carol, 'shop');
  await step(shots, 'Carol fills her cart', pages, async () => {
    await addToCart(carol, BOLTS, 2);
    await addToCart(carol, SCREWDRIVERS, 1);
  });
  const cart = await step(shots, 'Carol opens her cart', pages, () =>
    openCart(carol, { [BOLTS]: 2, [SCREWDRIVERS]: 1 }),
  );
  await shots.take(carol, 'cart');
  const number = await step(shots, 'Carol places the order', pages, () => placeOrder(carol, cart));
  await step(shots, 'Carol sees it placed in My orders', pages, async () => {
    await carol.getByRole('heading', { level: 1, name: 'My orders', exact: true }).waitFor();
    await waitForOrderStatus(carol, 'My orders', number, 'Placed');
  });
  return number;
}

/** Alice signs in, opens the order in the back office and dispatches it. */
async function aliceDispatches(alice: Page, number: string, shots: Screenshots): Promise<void> {
  const pages = [alice];
  await step(shots, 'Alice signs in', pages, () => signIn(alice, ALICE));
  await step(shots, 'Alice opens the order', pages, () => openShopOrder(alice, number));
  await step(shots, 'Alice dispatches; both deliveries are e-mailed', pages, () =>
    dispatchAndWaitForDeliveries(alice, number),
  );
  await shots.take(alice, 'order-dispatched');
  await step(shots, 'Alice finds both messages in the message log', pages, () => openMessagesOf(alice, number));
  await shots.take(alice, 'messages');
}

describe.skipIf(!browserReady || !rabbitReady)('the seed story on RabbitMQ, SMTP and Chromium', () => {
  const shots = new Screenshots('rabbitmq-smtp');
  let smtp: LoopbackSmtpServer | undefined;
  let exchange: PrivateExchange | undefined;
  let database: ScratchDatabase | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let failed = false;

  beforeAll(async () => {
    try {
      await buildWebOnce();
      const amqpUrl = requireServiceUrl('rabbitmq');
      smtp = await startSmtpServer();
      exchange = await declarePrivateExchange(amqpUrl);
      // On PostgreSQL when the run has one (a database of its own), otherwise on PGlite.
      const postgres = serviceUrl('postgres');
      database = postgres === undefined ? undefined : await createScratchDatabase(postgres);
      server = await startServer('rabbitmq', {
        AMQP_URL: amqpUrl,
        AMQP_EXCHANGE: exchange.name,
        RECEIPTS_QUEUE: exchange.receiptsQueue,
        SMTP_URL: smtp.url,
        ...(database === undefined ? {} : { DATABASE_URL: database.url }),
      });
      browser = await launchChromium();
    } catch (error) {
      failed = true;
      throw error;
    }
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    reportServer(server, failed, 'RabbitMQ and SMTP');
    await cleanUp(
      async () => browser?.close(),
      async () => server?.stop(),
      async () => exchange?.remove(),
      async () => smtp?.close(),
      async () => database?.drop(),
    );
  }, 60_000);

  it(
    'Carol orders, Alice dispatches, each supplier person receives one e-mail with their lines',
    async ({ onTestFailed }) => {
      onTestFailed(() => {
        failed = true;
      });
      const carol = await openPage(browser!, server!.url);
      const alice = await openPage(browser!, server!.url);

      const number = await carolOrders(carol, shots);
      await aliceDispatches(alice, number, shots);

      // One e-mail per recipient: Bolt Co has one address, ToolWorks two. Green Grocer's two purchase
      // orders the seed sent were e-mailed too, once the server ran: one to each of its suppliers.
      const allMails = await step(
        shots,
        'the SMTP server receives the suppliers’ e-mails',
        [alice],
        async () => {
          // Counted once the work is done: both deliveries were e-mailed (the agents' receipts say so)
          // before this step; anything more than five would be a duplicate.
          return smtp!.waitFor(5, 30_000);
        },
      );
      expect(allMails).toHaveLength(5);
      const mails = allMails.filter((mail) => !mail.parsed.subject?.startsWith('Purchase order '));
      expect(
        allMails
          .filter((mail) => !mails.includes(mail))
          .map((mail) => mail.envelopeTo.join(', '))
          .sort(),
      ).toEqual(['hello@orcharddirect.example', 'orders@freshfarms.example']);
      const byRecipient = new Map(mails.map((mail) => [mail.envelopeTo.join(', '), mail]));
      expect([...byRecipient.keys()].sort()).toEqual([
        'orders@boltco.example',
        'sales@toolworks.example',
        'warehouse@toolworks.example',
      ]);
      expect(mails).toHaveLength(3);
      for (const mail of mails) {
        expect(mail.parsed.subject).toContain(`Order ${number} from ${SHOP}`);
        expect(mail.parsed.text).toContain(`Order: ${number}`);
      }
      const boltCo = byRecipient.get('orders@boltco.example')!.parsed;
      expect(boltCo.subject).toContain('2 items');
      expect(boltCo.text).toContain(`- 2 × ${BOLTS} (SKU B-10)`);
      expect(boltCo.text).toContain(`- 1 × ${SCREWDRIVERS} (SKU T-SCR)`);
      for (const address of ['sales@toolworks.example', 'warehouse@toolworks.example']) {
        const toolWorks = byRecipient.get(address)!.parsed;
        expect(toolWorks.subject).toContain('1 item');
        expect(toolWorks.text).toContain(`- 1 × ${SCREWDRIVERS} (SKU T-SCR)`);
        expect(toolWorks.text).not.toContain(BOLTS);
      }

      await step(shots, 'Carol sees the order dispatched in My orders', [carol], async () => {
        await openFromNavigation(carol, 'My orders');
        await waitForOrderStatus(carol, 'My orders', number, 'Dispatched');
      });
      await shots.take(carol, 'my-orders');
      await shots.publish('shop', 'cart', 'order-dispatched');
    },
    STORY_TIMEOUT_MS,
  );
});

describe.skipIf(!browserReady)(
  'the seed story as `npm start` runs it (PGlite, embedded broker, mail folder)',
  () => {
    const shots = new Screenshots('embedded');
    const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' }, SETUP_TIMEOUT_MS);

    it(
      'Alice reads the suppliers’ e-mails under Mail',
      async () => {
        const carol = await openPage(running.browser, running.server.url);
        const alice = await openPage(running.browser, running.server.url);

        const number = await carolOrders(carol, shots);
        await aliceDispatches(alice, number, shots);

        await step(shots, 'Alice finds the three e-mails under Mail', [alice], async () => {
          await openFromNavigation(alice, 'Mail');
          const messages = alice.getByRole('navigation', { name: 'Messages' });
          const subject = `Order ${number} from ${SHOP}`;
          // The folder is read live: wait for the three agents' e-mails (one per recipient).
          await expect
            .poll(() => messages.getByRole('button', { name: subject }).count(), { timeout: 30_000 })
            .toBe(3);
          await messages
            .getByRole('button', { name: new RegExp(`${subject}.*orders@boltco\\.example`) })
            .click();
        });
        await step(shots, 'Alice reads Bolt Co’s e-mail', [alice], async () => {
          const message = alice.getByRole('article', {
            name: `Order ${number} from ${SHOP} — 2 items`,
            exact: true,
          });
          await message.getByText('orders@boltco.example').waitFor();
          const body = message
            .getByTitle(`Message: Order ${number} from ${SHOP} — 2 items`, { exact: true })
            .contentFrame();
          await body.getByRole('row', { name: `${BOLTS} B-10 2`, exact: true }).waitFor();
          await body.getByRole('row', { name: `${SCREWDRIVERS} T-SCR 1`, exact: true }).waitFor();
          // The dispatch toast closes by itself; the picture of the mail view is better without it.
          await alice.getByText(`Order ${number} dispatched`, { exact: true }).waitFor({ state: 'hidden' });
        });
        await shots.take(alice, 'mail');

        await step(shots, 'Carol sees the order dispatched in My orders', [carol], async () => {
          await openFromNavigation(carol, 'My orders');
          await waitForOrderStatus(carol, 'My orders', number, 'Dispatched');
        });
        await shots.take(carol, 'my-orders');
        await shots.publish('mail');
      },
      STORY_TIMEOUT_MS,
    );

    it(
      'Alice pages back through a busy shop’s orders',
      async () => {
        const api = (path: string, init: RequestInit = {}) => fetch(`${running.server.url}/api/v1${path}`, init);
        const { signIn: signInOverApi } = productApi(running.server.url);
        const carol = await signInOverApi(CAROL);
        const { products } = (await (await api('/merchants/acme/products')).json()) as {
          products: { id: string }[];
        };
        // More orders than the web app's page of 50, one unit at a time across the catalogue.
        for (let placed = 0, i = 0; placed < 60; i += 1) {
          expect(i).toBeLessThan(600);
          const response = await api('/orders', {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: carol },
            body: JSON.stringify({
              merchantSlug: 'acme',
              items: [{ productId: products[i % products.length]!.id, quantity: 1 }],
            }),
          });
          placed += response.status === 201 ? 1 : 0;
        }
        const all = (await (
          await api('/merchants/acme/orders?limit=200', { headers: { cookie: await signInOverApi(ALICE) } })
        ).json()) as {
          orders: { number: string }[];
        };
        expect(all.orders.length).toBeGreaterThan(50);
        expect(all.orders.length).toBeLessThanOrEqual(100);

        const alice = await openPage(running.browser, running.server.url);
        await step(shots, 'Alice opens every order of her shop', [alice], async () => {
          await signIn(alice, ALICE);
          await alice.goto('/back-office/acme/orders?status=all');
          await alice.getByRole('heading', { level: 1, name: 'Orders', exact: true }).waitFor();
        });
        const rows = alice.getByRole('table', { name: 'Orders', exact: true }).locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(50);
        await step(shots, 'Alice shows the older orders', [alice], async () => {
          await alice.getByRole('button', { name: 'Show older orders', exact: true }).click();
          await expect.poll(() => rows.count()).toBe(all.orders.length);
        });
        await orderRow(alice, 'Orders', all.orders.at(-1)!.number).waitFor();
        expect(await alice.getByRole('button', { name: 'Show older orders', exact: true }).count()).toBe(0);
      },
      STORY_TIMEOUT_MS,
    );
  },
);
