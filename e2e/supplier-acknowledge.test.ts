import { hasChromium } from '@myb/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, ALICE, signIn } from './support/story';

/**
 * A supplier answers a purchase order. Alice (Acme Hardware) sends Bolt Co two purchase orders. Sam,
 * who works at Bolt Co, signs in, opens *Purchase orders*, and confirms the first for fewer bolts than
 * ordered, with a delivery day and a note: the page then says it is confirmed, and Alice's purchase
 * order is acknowledged with what he confirmed and the day. The second he confirms without signing in,
 * through the link its e-mail carries; the link then works no more.
 */

const TIMEOUT_MS = 150_000;
const SAM = { email: 'sam@boltco.example', password: 'correct horse battery', name: 'Sam Supplier' };
const BOLTS = 'Bolts 10mm (box of 50)';
const NUTS = 'Nuts M10 (box of 50)';
const exact = { exact: true } as const;

interface Line {
  product: { id: string; name: string };
  quantity: number;
  quantityConfirmed: number | null;
}
interface PurchaseOrderAnswer {
  id: string;
  number: string;
  status: string;
  expectedOn: string | null;
  lines: Line[];
  acknowledgements: { how: string; by: { name: string } | null; deliveryOn: string; note: string }[];
}

/** A day a few weeks ahead, as a date field takes it. */
function daysAhead(days: number): string {
  const day = new Date(Date.now() + days * 24 * 3600 * 1000);
  return day.toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium('supplier acknowledges a purchase order'))(
  'a supplier acknowledges a purchase order in Chromium',
  () => {
    const shots = new Screenshots('supplier-acknowledge');
    const running = productInChromium('supplier-acknowledge', { EMBEDDED_MQTT_PORT: '0' });

    const quantityOf = (page: Page, product: string) =>
      page.getByRole('textbox', { name: `Quantity of ${product} you will deliver`, exact: true });

    it(
      'confirms fewer than ordered with a day in the portal, and another through the e-mailed link',
      async () => {
        const api = productApi(running.server.url);
        const alice = await api.signIn(ALICE);
        const admin = await api.signIn(ADA);
        expect((await api.call('/auth/sign-up', { method: 'POST', body: SAM })).status).toBe(201);
        const sam = await api.signIn(SAM);
        const { body: me } = await api.call<{ user: { id: string } }>('/auth/me', { cookie: sam });
        const { body: listed } = await api.call<{ suppliers: { id: string; slug: string }[] }>(
          '/merchants/acme/suppliers',
          {
            cookie: alice,
          },
        );
        const boltCo = listed.suppliers.find((supplier) => supplier.slug === 'bolt-co')!;
        const joined = await api.call(`/admin/users/${me.user.id}/suppliers/${boltCo.id}`, {
          method: 'PUT',
          cookie: admin,
        });
        expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);

        const { body: catalogue } = await api.call<{ products: { id: string; name: string }[] }>(
          '/merchants/acme/products',
          {
            cookie: alice,
          },
        );
        const productId = (name: string) => catalogue.products.find((product) => product.name === name)!.id;
        const send = async (expectedOn: string) => {
          const made = await api.call<PurchaseOrderAnswer>('/merchants/acme/purchase-orders', {
            method: 'POST',
            cookie: alice,
            body: {
              id: crypto.randomUUID(),
              supplierId: boltCo.id,
              lines: [
                { productId: productId(BOLTS), quantity: 24, costMinor: 690, supplierSku: 'BC-M10-50' },
                { productId: productId(NUTS), quantity: 10, costMinor: 480, supplierSku: 'BC-N10-50' },
              ],
              expectedOn,
              note: 'Deliver to the side door, please.',
            },
          });
          expect(made.status, JSON.stringify(made.body)).toBe(201);
          const sent = await api.call<PurchaseOrderAnswer>(
            `/merchants/acme/purchase-orders/${made.body.id}/send`,
            {
              method: 'POST',
              cookie: alice,
            },
          );
          expect(sent.status, JSON.stringify(sent.body)).toBe(200);
          return sent.body;
        };
        const first = await send(daysAhead(14));
        const second = await send(daysAhead(21));
        const promised = daysAhead(17);

        const supplier = await openPage(running.browser, running.server.url);
        const pages = [supplier];

        await step(shots, 'Sam opens Purchase orders and the first one', pages, async () => {
          await signIn(supplier, SAM);
          await supplier
            .getByRole('navigation', { name: 'Main' })
            .getByRole('link', { name: 'Purchase orders', exact: true })
            .click();
          await supplier.getByRole('heading', { level: 1, name: 'Purchase orders', exact: true }).waitFor();
          const table = supplier.getByRole('table', { name: 'Purchase orders', exact: true });
          const row = table
            .getByRole('row')
            .filter({ has: supplier.getByRole('link', { name: first.number, exact: true }) });
          await expect
            .poll(async () => (await row.innerText()).replace(/\s+/g, ' '))
            .toMatch(/Acme Hardware.*Bolt Co.*To confirm/i);
          await row.getByRole('link', { name: first.number, exact: true }).click();
          await supplier
            .getByRole('heading', { level: 1, name: `Purchase order ${first.number}`, exact: true })
            .waitFor();
          expect(await quantityOf(supplier, BOLTS).inputValue()).toBe('24');
          expect(await quantityOf(supplier, NUTS).inputValue()).toBe('10');
        });

        await step(shots, 'More than ordered is refused next to its line', pages, async () => {
          await quantityOf(supplier, BOLTS).fill('30');
          await supplier.getByRole('button', { name: 'Confirm', exact: true }).click();
          await supplier.getByText('At most the 24 ordered.', exact).waitFor();
        });

        await step(shots, 'Sam confirms 20 of the 24 bolts, all the nuts, and a day', pages, async () => {
          await quantityOf(supplier, BOLTS).fill('20');
          await supplier.getByLabel('Delivery date').fill(promised);
          await supplier.getByLabel('Note to the shop').fill('Four boxes of bolts follow next month.');
          await shots.take(supplier, 'supplier-acknowledge-form');
          await supplier.getByRole('button', { name: 'Confirm', exact: true }).click();
          await supplier
            .getByRole('status')
            .filter({ hasText: `${first.number} is confirmed` })
            .waitFor();
          await supplier
            .getByText(`${first.number} confirmed: Acme Hardware expects the delivery on`)
            .first()
            .waitFor();
          await expect
            .poll(() => supplier.getByRole('button', { name: 'Confirm', exact: true }).count())
            .toBe(0);
          await shots.take(supplier, 'supplier-acknowledge');
        });

        await step(
          shots,
          "Alice's purchase order is acknowledged with what Sam confirmed",
          pages,
          async () => {
            const { body: order } = await api.call<PurchaseOrderAnswer>(
              `/merchants/acme/purchase-orders/${first.id}`,
              { cookie: alice },
            );
            expect(order.status).toBe('acknowledged');
            expect(order.expectedOn).toBe(promised);
            expect(
              order.lines.map((line) => [line.product.name, line.quantity, line.quantityConfirmed]),
            ).toEqual([
              [BOLTS, 24, 20],
              [NUTS, 10, 10],
            ]);
            expect(order.acknowledgements).toMatchObject([
              {
                how: 'portal',
                by: { name: SAM.name },
                deliveryOn: promised,
                note: 'Four boxes of bolts follow next month.',
              },
            ]);
          },
        );

        // The e-mailed link: what purchase_order.sent carried, as the supplier's inbox shows it.
        const { body: inbox } = await api.call<{
          messages: { type: string; payload: { purchaseOrder?: { id: string }; acknowledgeUrl?: string } }[];
        }>('/me/supplier-messages', { cookie: sam });
        const link = inbox.messages.find((message) => message.payload.purchaseOrder?.id === second.id)!
          .payload.acknowledgeUrl!;
        expect(link).toMatch(new RegExp(`^${running.server.url}/purchase-orders/acknowledge/[\\w-]{43}$`));

        const anybody = await openPage(running.browser, running.server.url);
        pages.push(anybody);
        await step(
          shots,
          'The link opens the second purchase order without signing in, and confirms it once',
          pages,
          async () => {
            await anybody.goto(new URL(link).pathname);
            await anybody
              .getByRole('heading', { level: 1, name: `Purchase order ${second.number}`, exact: true })
              .waitFor();
            await anybody.getByText('Acme Hardware orders from Bolt Co', exact).waitFor();
            expect(await anybody.getByRole('link', { name: 'Sign in', exact: true }).count()).toBe(1);
            await anybody.getByLabel('Delivery date').fill(daysAhead(20));
            await shots.take(anybody, 'supplier-acknowledge-link');
            await anybody.getByRole('button', { name: 'Confirm', exact: true }).click();
            await anybody
              .getByRole('status')
              .filter({ hasText: `${second.number} is confirmed` })
              .waitFor();
            await anybody.getByText('Confirmed through the e-mailed link', { exact: false }).waitFor();
            const { body: order } = await api.call<PurchaseOrderAnswer>(
              `/merchants/acme/purchase-orders/${second.id}`,
              { cookie: alice },
            );
            expect(order.status).toBe('acknowledged');
            expect(order.acknowledgements).toMatchObject([
              { how: 'link', by: null, deliveryOn: daysAhead(20) },
            ]);

            await anybody.reload();
            await anybody.getByText(/was used on .* to acknowledge .* and works only once/).waitFor();
          },
        );

        await shots.publish('supplier-acknowledge', 'supplier-acknowledge-link');
      },
      TIMEOUT_MS,
    );
  },
);
