import { readFile } from 'node:fs/promises';
import { hasChromium } from '@myb/testing';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openPage, PHONE, Screenshots, step, VIEWPORT } from './support/browser';
import { asCsv, tableTexts } from './support/report-table';
import { productInChromium } from './support/product';
import { signIn } from './support/story';

/**
 * Bob reads Green Grocer's stock and supplier reports: what his stock is worth at the average cost his
 * suppliers' deliveries gave each product, what runs low, and how his two suppliers delivered over the
 * last four weeks. The CSV he exports is the table he sees, and
 * the report reads on his phone.
 */

const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const exact = { exact: true };

describe.skipIf(!hasChromium('stock-reports'))('stock and supplier reports in Chromium', () => {
  const shots = new Screenshots('stock-reports');
  const running = productInChromium('stock-reports', { EMBEDDED_MQTT_PORT: '0' });

  it('values the stock by category, exports what it shows, reads on a phone, and shows suppliers’ lead times', async () => {
    const page = await openPage(running.browser, running.server.url);
    await step(shots, 'Bob opens the stock valuation', [page], async () => {
      await signIn(page, BOB);
      await page.goto('/back-office/green-grocer/reports');
      await page.getByRole('heading', { level: 1, name: 'Reports', ...exact }).waitFor();
      await page.getByRole('tab', { name: 'Stock', ...exact }).click();
      await expect.poll(() => page.url()).toContain('report=valuation');
      const rows = await tableTexts(page, 'Valuation');
      expect(rows[0]).toEqual(['Category', 'SKU', 'Product', 'On hand', 'Average cost', 'Value', 'Note']);
      // Each product at the cost its suppliers' deliveries gave it, by category.
      expect(rows.slice(1, -1).map((row) => [row[0], row[1], row[4], row[6]])).toEqual([
        ['Fruit', 'F-APL', '€1.90', '—'],
        ['Fruit', 'F-PEA', '€2.30', '—'],
        ['Vegetables', 'V-CAR', '€0.90', '—'],
        ['Vegetables', 'V-POT', '€3.80', '—'],
      ]);
      const onHand = rows.slice(1, -1).reduce((sum, row) => sum + Number(row[3]!.replace(/,/g, '')), 0);
      expect(rows.at(-1)!.slice(0, 4)).toEqual(['Total', '', '', onHand.toLocaleString('en-US')]);
      await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBe(2);
      await shots.take(page, 'report-stock');
    });

    await step(shots, 'The CSV is the table', [page], async () => {
      const shown = await tableTexts(page, 'Valuation');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV', ...exact }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^green-grocer-stock-valuation-\d{4}-\d{2}-\d{2}\.csv$/);
      const records: string[][] = parse(await readFile(await download.path()), { bom: true });
      expect(records[0]).toEqual(
        shown[0]!.map((label) => (/^(Average cost|Value)$/.test(label) ? `${label} (EUR)` : label)),
      );
      expect(records.slice(1)).toEqual(shown.slice(1).map((row) => row.map(asCsv)));
    });

    await step(shots, 'On a phone the report fits: only its table scrolls sideways', [page], async () => {
      await page.setViewportSize(PHONE);
      await page.getByRole('table', { name: 'Valuation', ...exact }).waitFor();
      await page.locator('.recharts-bar-rectangle').first().scrollIntoViewIfNeeded();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      await shots.take(page, 'report-stock-phone');
      await page.setViewportSize(VIEWPORT);
    });

    await step(shots, 'Low stock, by days of cover', [page], async () => {
      await page.getByRole('tab', { name: 'Low stock', ...exact }).click();
      const rows = await tableTexts(page, 'Low stock');
      expect(rows[0]).toEqual([
        'SKU',
        'Product',
        'Category',
        'On hand',
        'Minimum',
        'Sold in 28 days',
        'Sold a day',
        'Days of cover',
        'Note',
      ]);
      // The pears are under their minimum of 80, and the potatoes under 50.
      expect(
        rows
          .slice(1)
          .map((row) => row[0])
          .sort(),
      ).toEqual(['F-PEA', 'V-POT']);
    });

    await step(
      shots,
      'Purchase orders per supplier: lead times, on-time and fill rates',
      [page],
      async () => {
        await page.getByRole('tab', { name: 'Suppliers', ...exact }).click();
        await expect.poll(() => page.url()).toContain('report=purchase-orders');
        const rows = await tableTexts(page, 'Purchase orders');
        expect(rows.slice(1).map((row) => row[0])).toEqual(['Fresh Farms', 'Orchard Direct', 'Total']);
        // Every supplier has goods received, so a lead time.
        expect(rows.slice(1).every((row) => /^\d+\.\d$/.test(row[3]!))).toBe(true);
        await page.locator('.recharts-bar-rectangle').first().waitFor();
        await shots.take(page, 'report-suppliers');
      },
    );
    await shots.publish('report-stock', 'report-stock-phone', 'report-suppliers');
  }, 180_000);
});
