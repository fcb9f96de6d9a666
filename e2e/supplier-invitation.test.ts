import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, ALICE, signIn } from './support/story';

/**
 * A shop invites a supplier's people. Alice (Acme Hardware) opens People of Bolt Co on the Suppliers
 * page and invites Rita, who takes orders at Bolt Co, by e-mail. Rita opens the e-mailed link, creates
 * her account from it with the invited address, comes back to the invitation, accepts, and lands in the
 * supplier portal, where Acme's purchase order to Bolt Co waits. Alice then sees Rita among Bolt Co's
 * people, and the link works no more.
 */

const TIMEOUT_MS = 150_000;
const RITA = { email: 'rita@boltco.example', password: 'correct horse battery', name: 'Rita Roberts' };
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('supplier invitation'))('a shop invites a supplier’s people in Chromium', () => {
  const shots = new Screenshots('supplier-invitation');
  const running = productInChromium('supplier-invitation', { EMBEDDED_MQTT_PORT: '0' });

  it(
    'invites by e-mail from the suppliers page; the invited person signs up from the link, accepts and lands in the portal',
    async () => {
      const api = productApi(running.server.url);
      const aliceApi = await api.signIn(ALICE);
      const admin = await api.signIn(ADA);
      const { body: listed } = await api.call<{ suppliers: { id: string; slug: string }[] }>(
        '/merchants/acme/suppliers',
        { cookie: aliceApi },
      );
      const boltCo = listed.suppliers.find((supplier) => supplier.slug === 'bolt-co')!;
      const { body: catalogue } = await api.call<{ products: { id: string; name: string }[] }>(
        '/merchants/acme/products',
        { cookie: aliceApi },
      );
      const made = await api.call<{ id: string; number: string }>('/merchants/acme/purchase-orders', {
        method: 'POST',
        cookie: aliceApi,
        body: {
          id: crypto.randomUUID(),
          supplierId: boltCo.id,
          lines: [{ productId: catalogue.products[0]!.id, quantity: 12, costMinor: 500 }],
        },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(
        (
          await api.call(`/merchants/acme/purchase-orders/${made.body.id}/send`, {
            method: 'POST',
            cookie: aliceApi,
          })
        ).status,
      ).toBe(200);

      const alice = await openPage(running.browser, running.server.url);
      const pages = [alice];
      const people = alice.getByRole('dialog', { name: 'People of Bolt Co' });

      await step(shots, 'Alice invites Rita from People of Bolt Co', pages, async () => {
        await signIn(alice, ALICE);
        await alice.goto('/back-office/acme/suppliers');
        await alice.getByRole('heading', { level: 1, name: 'Suppliers', exact: true }).waitFor();
        await alice.getByRole('button', { name: 'People of Bolt Co', exact: true }).click();
        await people
          .getByText('Nobody yet: invite the people who take your orders at Bolt Co.', exact)
          .waitFor();
        await people.getByLabel('Invite by e-mail').fill('not an address');
        await people.getByRole('button', { name: 'Send invitation', exact: true }).click();
        await people
          .getByText('E-mail address is not valid: write it like name@example.com.', exact)
          .waitFor();
        await people.getByLabel('Invite by e-mail').fill(RITA.email);
        await people.getByRole('button', { name: 'Send invitation', exact: true }).click();
        await alice.getByText(`Invitation e-mailed to ${RITA.email}.`, exact).waitFor();
        const row = people
          .getByRole('table', { name: 'Invitations' })
          .getByRole('row')
          .filter({ hasText: RITA.email });
        await row.getByText('Pending', exact).waitFor();
        await row
          .getByRole('button', { name: `Withdraw the invitation of ${RITA.email}`, exact: true })
          .waitFor();
        await shots.take(alice, 'supplier-people');
      });

      // The e-mail as the mail folder holds it (an account's e-mail: the Mail view shows it to admins).
      const link = await step(shots, 'The invitation is e-mailed with its link', pages, async () => {
        let text = '';
        await expect
          .poll(
            async () => {
              const { body } = await api.call<{
                messages: { to: string[]; subject: string; text: string }[];
              }>('/mail', {
                cookie: admin,
              });
              const mail = body.messages.find((message) => message.to.some((to) => to.includes(RITA.email)));
              text = mail?.text ?? '';
              return mail?.subject;
            },
            { timeout: 15_000 },
          )
          .toBe('Acme Hardware invites you to its supplier portal for Bolt Co');
        const found = new RegExp(`${running.server.url}/supplier-invitations/[\\w-]{43}`).exec(text);
        expect(found, text).not.toBeNull();
        return new URL(found![0]).pathname;
      });

      const rita = await openPage(running.browser, running.server.url);
      pages.push(rita);
      await step(shots, 'Rita opens the link and creates her account from it', pages, async () => {
        await rita.goto(link);
        await rita
          .getByRole('heading', { level: 1, name: 'Acme Hardware invites you', exact: true })
          .waitFor();
        await rita.getByText(/Alice Acme of Acme Hardware invites rita@boltco\.example/).waitFor();
        await rita.getByRole('link', { name: 'Create an account', exact: true }).click();
        await rita.getByLabel('Name', exact).fill(RITA.name);
        await rita.getByLabel('Email', exact).fill(RITA.email);
        await rita.getByLabel('Password', exact).fill(RITA.password);
        await rita.getByRole('button', { name: 'Sign up', exact: true }).click();
        // Back on the invitation, signed in with the invited address.
        await rita
          .getByRole('heading', { level: 1, name: 'Acme Hardware invites you', exact: true })
          .waitFor();
        await rita.getByRole('button', { name: 'Accept', exact: true }).waitFor();
        await shots.take(rita, 'supplier-invitation');
      });

      await step(shots, 'Rita accepts and lands in the supplier portal', pages, async () => {
        await rita.getByRole('button', { name: 'Accept', exact: true }).click();
        await rita.getByRole('heading', { level: 1, name: 'Purchase orders', exact: true }).waitFor();
        const row = rita
          .getByRole('table', { name: 'Purchase orders', exact: true })
          .getByRole('row')
          .filter({ has: rita.getByRole('link', { name: made.body.number, exact: true }) });
        await expect
          .poll(async () => (await row.innerText()).replace(/\s+/g, ' '))
          .toMatch(/Acme Hardware.*Bolt Co/);
        await shots.take(rita, 'supplier-invitation-portal');
      });

      await step(shots, 'Alice sees Rita among Bolt Co’s people; the link works no more', pages, async () => {
        await alice.reload();
        await alice.getByRole('button', { name: 'People of Bolt Co', exact: true }).click();
        await people.getByRole('table', { name: "Bolt Co's people" }).getByText(RITA.email, exact).waitFor();
        const row = people
          .getByRole('table', { name: 'Invitations' })
          .getByRole('row')
          .filter({ hasText: RITA.email });
        await row.getByText('Accepted', exact).waitFor();
        await rita.goto(link);
        await rita.getByText(/was accepted on .* and works only once/).waitFor();
      });

      await shots.publish('supplier-invitation', 'supplier-people');
    },
    TIMEOUT_MS,
  );
});
