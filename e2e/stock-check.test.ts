import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { ADA, openFromNavigation, signIn } from './support/story';

/**
 * Ada (admin) reads the ledger's check: the run made as the server started held; she checks again
 * now, and her run is listed first, as hers.
 */

const TIMEOUT_MS = 90_000;
const exact = { exact: true } as const;

describe.skipIf(!hasChromium('stock check'))('the stock check in Chromium', () => {
  const shots = new Screenshots('stock-check');
  const running = productInChromium('embedded', { EMBEDDED_MQTT_PORT: '0' });

  it(
    'shows the check the server ran as it started, and runs one more at the press of a button',
    async () => {
      const ada = await openPage(running.browser, running.server.url);
      const checks = ada.getByRole('table', { name: 'Stock checks', exact: true });
      const rows = async () =>
        (await checks.getByRole('row').allInnerTexts()).slice(1).map((text) => text.replace(/\s+/g, ' ').trim());

      await step(shots, 'Ada opens Stock check: the run at the server’s start held', [ada], async () => {
        await signIn(ada, ADA);
        await openFromNavigation(ada, 'Admin');
        await ada.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Stock check', exact: true }).click();
        await ada.getByRole('heading', { level: 1, name: 'Stock check', exact: true }).waitFor();
        await checks.getByRole('row').filter({ hasText: 'Server start' }).waitFor();
        expect(await rows()).toEqual([expect.stringMatching(/Server start \d+ ALL BALANCED$|Server start \d+ All balanced$/)]);
      });

      await step(shots, 'Ada checks now: her run comes first', [ada], async () => {
        await ada.getByRole('button', { name: 'Check now', ...exact }).click();
        await checks.getByRole('row').filter({ hasText: 'Ada Admin (admin)' }).waitFor();
        expect(await rows()).toEqual([
          expect.stringMatching(/Ada Admin \(admin\) \d+ (ALL BALANCED|All balanced)$/),
          expect.stringMatching(/Server start/),
        ]);
      });
      await shots.take(ada, 'stock-check');
      await shots.publish('stock-check');
    },
    TIMEOUT_MS,
  );
});
