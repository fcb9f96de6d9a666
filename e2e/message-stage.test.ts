import type { Browser } from 'playwright-core';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildWebOnce, hasChromium, startServer, type RunningServer } from '@myb/testing';
import { launchChromium, openPage, Screenshots, step } from './support/browser';
import { ALICE, signIn } from './support/story';

/**
 * One message seen by the shop (its order page and Messages) and by its supplier (the supplier
 * inbox), in Chromium against the real server: the same stage on every screen, the order's number in
 * the inbox, and the warning when no device has taken the message for longer than the threshold.
 */
const exact = { exact: true } as const;
const SAM = { email: 'sam@boltco.example', password: 'correct horse battery', name: 'Sam Supplier' };
const NOT_TAKEN = /^No device has taken this message for \d+ seconds?: is the supplier's agent running\?$/;

async function api<T>(baseUrl: string, path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  }
  return { body: JSON.parse(text) as T, cookie: response.headers.getSetCookie().find((c) => c.startsWith('myb_session='))?.split(';')[0] };
}

const signInByApi = async (baseUrl: string, email: string, password: string) =>
  (await api(baseUrl, '/auth/sign-in', { method: 'POST', body: { email, password } })).cookie!;

describe.skipIf(!hasChromium('one message, one stage, on every screen'))('one message, one stage, on every screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let order: { id: string; number: string };

  beforeAll(async () => {
    await buildWebOnce();
    // No agents run: Bolt Co's device subscribed once and stopped, so what it is sent waits, untaken.
    server = await startServer('message-stage', { DEMO_AGENTS: 'false', NOT_TAKEN_WARNING_SECONDS: '2' });
    const health = (await api<{ broker: string }>(server.url, '/health')).body;
    const device = await mqtt.connectAsync(/mqtt:\/\/\S+/.exec(health.broker)![0], {
      clientId: 'myb-agent-acme-bolt-co',
      clean: false,
      protocolVersion: 4,
    });
    await device.subscribeAsync('acme/+', { qos: 1 });
    await device.endAsync();

    // Sam works at Bolt Co: he signs up, and an admin links him to the supplier.
    const alice = await signInByApi(server.url, ALICE.email, ALICE.password);
    const admin = await signInByApi(server.url, 'admin@meetyourbusiness.local', 'admin-demo-1');
    const sam = (await api<{ user: { id: string } }>(server.url, '/auth/sign-up', { method: 'POST', body: SAM })).body.user;
    const { suppliers } = (await api<{ suppliers: { id: string; slug: string }[] }>(server.url, '/merchants/acme/suppliers', { cookie: alice })).body;
    const boltCo = suppliers.find((supplier) => supplier.slug === 'bolt-co')!;
    await api(server.url, `/admin/users/${sam.id}/suppliers/${boltCo.id}`, { method: 'PUT', cookie: admin });

    // Carol orders bolts; Alice dispatches.
    const carol = await signInByApi(server.url, 'carol@example.com', 'carol-demo-1');
    const { products } = (await api<{ products: { id: string; suppliers?: unknown; supplierIds: string[] }[] }>(server.url, '/merchants/acme/catalogue', { cookie: alice })).body;
    const bolts = products.find((product) => product.supplierIds.length === 1 && product.supplierIds[0] === boltCo.id)!;
    const placed = (await api<{ id: string }>(server.url, '/orders', { method: 'POST', cookie: carol, body: { merchantSlug: 'acme', items: [{ productId: bolts.id, quantity: 2 }] } })).body;
    order = (await api<{ id: string; number: string }>(server.url, `/merchants/acme/orders/${placed.id}/dispatch`, { method: 'POST', cookie: alice })).body;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the shop and the supplier the same stage, the order's number, and the warning that no device took it", async () => {
    const shots = new Screenshots('message-stage');
    const shop = await openPage(browser, server.url);
    const supplier = await openPage(browser, server.url);

    await step(shots, "the order page warns that no device took Bolt Co's message", [shop], async () => {
      await signIn(shop, ALICE);
      await shop.goto(`/back-office/acme/orders/${order.id}`);
      const row = shop
        .getByRole('table', { name: 'Supplier deliveries', exact: true })
        .getByRole('row')
        .filter({ has: shop.getByRole('cell', { name: 'Bolt Co', exact: true }) });
      await row.getByText('Published', exact).waitFor();
      await row.getByRole('status').getByText(NOT_TAKEN).waitFor({ timeout: 30_000 });
      await shots.take(shop, 'delivery-not-taken');
    });

    await step(shots, 'Messages says the same, and offers Retry', [shop], async () => {
      await shop.goto(`/back-office/acme/messages?order=${encodeURIComponent(order.number)}`);
      const row = shop
        .getByRole('table', { name: 'Messages to suppliers', exact: true })
        .getByRole('row')
        .filter({ has: shop.getByRole('cell', { name: 'Bolt Co', exact: true }) });
      await row.getByText('Published', exact).waitFor();
      await row.getByRole('status').getByText(NOT_TAKEN).waitFor();
      await row.getByRole('button', { name: `Retry the message to Bolt Co for order ${order.number}` }).waitFor();
    });

    await step(shots, "the supplier's inbox names the order and reads the same stage", [supplier], async () => {
      await signIn(supplier, SAM);
      await supplier.goto('/supplier-inbox');
      const row = supplier
        .getByRole('table', { name: 'Messages', exact: true })
        .getByRole('row')
        .filter({ has: supplier.getByRole('cell', { name: order.number, exact: true }) });
      await row.getByText('Published', exact).waitFor();
      await row.getByRole('status').getByText(NOT_TAKEN).waitFor();
      await shots.take(supplier, 'supplier-inbox');
    });
    await shots.publish('delivery-not-taken', 'supplier-inbox');
  }, 180_000);
});
