import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, ALICE, BOLTS, CAROL, signIn } from './support/story';

/**
 * A supplier acknowledges a dispatched order. Alice (Acme Hardware) asks Bolt Co to acknowledge its
 * orders and dispatches Carol's order of bolts. Sam, who works at Bolt Co, opens his *Supplier inbox*
 * and acknowledges it; Alice's *Messages* then shows it acknowledged by Sam in the supplier portal, and
 * it is not among those not acknowledged in time.
 */

const TIMEOUT_MS = 150_000;
const SAM = { email: 'sam@boltco.example', password: 'correct horse battery', name: 'Sam Supplier' };
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('supplier acknowledges a dispatched order'))(
  'a supplier acknowledges a dispatched order in Chromium',
  () => {
    const shots = new Screenshots('order-acknowledge');
    const running = productInChromium('order-acknowledge', { EMBEDDED_MQTT_PORT: '0' });

    it(
      'acknowledges in the supplier inbox, and the shop sees by whom, how and when',
      async () => {
        const api = productApi(running.server.url);
        const alice = await api.signIn(ALICE);
        const admin = await api.signIn(ADA);
        expect((await api.call('/auth/sign-up', { method: 'POST', body: SAM })).status).toBe(201);
        const sam = await api.signIn(SAM);
        const { body: me } = await api.call<{ user: { id: string } }>('/auth/me', { cookie: sam });
        const { body: listed } = await api.call<{ suppliers: { id: string; slug: string }[] }>(
          '/merchants/acme/suppliers',
          { cookie: alice },
        );
        const boltCo = listed.suppliers.find((supplier) => supplier.slug === 'bolt-co')!;
        const joined = await api.call(`/admin/users/${me.user.id}/suppliers/${boltCo.id}`, {
          method: 'PUT',
          cookie: admin,
        });
        expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);
        const asked = await api.call(`/merchants/acme/suppliers/${boltCo.id}`, {
          method: 'PATCH',
          cookie: alice,
          body: { ordersNeedAcknowledgement: true },
        });
        expect(asked.status, JSON.stringify(asked.body)).toBe(200);

        const { body: catalogue } = await api.call<{ products: { id: string; name: string }[] }>(
          '/merchants/acme/products',
          { cookie: alice },
        );
        const bolts = catalogue.products.find((product) => product.name === BOLTS)!;
        const dispatchOne = async () => {
          const ordered = await api.call<{ id: string; number: string }>('/orders', {
            method: 'POST',
            cookie: await api.signIn(CAROL),
            body: { merchantSlug: 'acme', items: [{ productId: bolts.id, quantity: 2 }] },
          });
          expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
          const closed = await api.call(`/merchants/acme/orders/${ordered.body.id}/dispatch`, {
            method: 'POST',
            cookie: alice,
          });
          expect(closed.status, JSON.stringify(closed.body)).toBe(200);
          return ordered.body;
        };
        const order = await dispatchOne();
        const waiting = await dispatchOne();

        const supplier = await openPage(running.browser, running.server.url);
        const shop = await openPage(running.browser, running.server.url);
        const pages = [supplier, shop];

        await step(shots, 'Sam acknowledges the order in his supplier inbox', pages, async () => {
          await signIn(supplier, SAM);
          await supplier
            .getByRole('navigation', { name: 'Main' })
            .getByRole('link', { name: 'Supplier inbox', exact: true })
            .click();
          await supplier.getByRole('heading', { level: 1, name: 'Supplier inbox', exact: true }).waitFor();
          const row = supplier
            .getByRole('table', { name: 'Messages', exact: true })
            .getByRole('row')
            .filter({ has: supplier.getByRole('cell', { name: order.number, exact: true }) });
          await row.getByText('Waiting for acknowledgement', exact).waitFor();
          await row
            .getByRole('button', {
              name: `Acknowledge order ${order.number} from Acme Hardware`,
              exact: true,
            })
            .click();
          await supplier
            .getByRole('alert')
            .filter({ hasText: `Order ${order.number} acknowledged: Acme Hardware sees it.` })
            .or(supplier.getByText(`Order ${order.number} acknowledged: Acme Hardware sees it.`))
            .first()
            .waitFor();
          await row.getByText('Acknowledged', exact).waitFor();
          await row.getByText(`By ${SAM.name} in the supplier portal`, { exact: false }).waitFor();
        });

        await step(
          shots,
          "Alice's Messages show it acknowledged by Sam, and the other still waiting",
          pages,
          async () => {
            await signIn(shop, ALICE);
            await shop.goto('/back-office/acme/messages?supplier=bolt-co');
            await shop.getByRole('heading', { level: 1, name: 'Messages', exact: true }).waitFor();
            const messages = shop.getByRole('table', { name: 'Messages to suppliers', exact: true });
            const rowOf = (number: string) =>
              messages
                .getByRole('row')
                .filter({ has: shop.getByRole('link', { name: number, exact: true }) });
            await rowOf(order.number).getByText('Acknowledged', exact).waitFor();
            await rowOf(order.number)
              .getByText(`By ${SAM.name} in the supplier portal`, { exact: false })
              .waitFor();
            await rowOf(waiting.number).getByText('Waiting for acknowledgement', exact).waitFor();
            await shots.take(shop, 'order-acknowledged');

            // Neither is late: the filter, followed through the address, lists neither.
            await shop.getByRole('checkbox', { name: 'Not acknowledged in time', exact: true }).click();
            await shop.waitForURL(/overdue=true/);
            await shop.getByText('No messages here', exact).waitFor();
            expect(
              await shop.getByRole('checkbox', { name: 'Not acknowledged in time', exact: true }).isChecked(),
            ).toBe(true);
          },
        );

        await shots.publish('order-acknowledged');
      },
      TIMEOUT_MS,
    );
  },
);
