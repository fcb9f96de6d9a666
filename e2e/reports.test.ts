import { readFile } from 'node:fs/promises';
import { hasChromium } from '@myb/testing';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openPage, PHONE, Screenshots, step, VIEWPORT } from './support/browser';
import { asCsv, tableTexts } from './support/report-table';
import { productInChromium } from './support/product';
import { signIn } from './support/story';

/**
 * Bob reads Green Grocer's reports: net sales over the last four weeks against the four before, the
 * busy hours of the week, and his products ranked by margin. The CSV he exports is the table he sees.
 */

const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const exact = { exact: true };

describe.skipIf(!hasChromium('reports'))('reports in Chromium', () => {
  const shots = new Screenshots('reports');
  const running = productInChromium('reports', { EMBEDDED_MQTT_PORT: '0' });

  it('shows sales over time, the busy hours and the products by margin, and exports what it shows', async () => {
    const page = await openPage(running.browser, running.server.url);
    await step(shots, 'Bob opens Reports on sales over time', [page], async () => {
      await signIn(page, BOB);
      await page.goto('/back-office/green-grocer/dashboard');
      await page
        .getByRole('navigation', { name: 'Shop sections' })
        .getByRole('link', { name: 'Reports', ...exact })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Reports', ...exact }).waitFor();
      const rows = await tableTexts(page, 'Sales over time');
      expect(rows[0]!.slice(0, 3)).toEqual(['Day', 'Net sales', 'Sales']);
      // 28 days, and the totals.
      expect(rows).toHaveLength(1 + 28 + 1);
      expect(rows.at(-1)![0]).toBe('Total');
      // The demo's counter sold every past day.
      expect(rows.slice(1, -2).every((row) => Number(row[2]) > 0)).toBe(true);
      await page.locator('.recharts-line').first().waitFor();
      await shots.take(page, 'report-trend');
    });

    await step(shots, 'The CSV is the table', [page], async () => {
      const shown = await tableTexts(page, 'Sales over time');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV', ...exact }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^green-grocer-trend-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      const records: string[][] = parse(await readFile(await download.path()), { bom: true });
      expect(records[0]).toEqual(
        shown[0]!.map((label) =>
          /^(Net sales|Average ticket|Refunded|Net sales then)$/.test(label) ? `${label} (EUR)` : label,
        ),
      );
      expect(records.slice(1)).toEqual(shown.slice(1).map((row) => row.map(asCsv)));
    });

    await step(shots, 'The busy hours of the week', [page], async () => {
      await page.getByRole('tab', { name: 'Busy hours', ...exact }).click();
      expect(page.url()).toContain('report=hours');
      const rows = await tableTexts(page, 'Busy hours');
      expect(rows.map((row) => row[0])).toEqual([
        'Weekday',
        'Monday',
        'Tuesday',
        'Wednesday',
        'Thursday',
        'Friday',
        'Saturday',
        'Sunday',
        'Total',
      ]);
      await shots.take(page, 'report-hours');
    });

    await step(
      shots,
      'On a phone the busy hours and the trend fit: only their tables and the heat map scroll sideways',
      [page],
      async () => {
        await page.setViewportSize(PHONE);
        for (const tab of ['Busy hours', 'Sales over time']) {
          await page.getByRole('tab', { name: tab, ...exact }).click();
          await page.getByRole('table', { name: tab, ...exact }).scrollIntoViewIfNeeded();
          expect(
            await page.evaluate<number>('document.documentElement.scrollWidth'),
            tab,
          ).toBeLessThanOrEqual(PHONE.width);
        }
        await page.setViewportSize(VIEWPORT);
      },
    );

    await step(shots, 'Products ranked by margin', [page], async () => {
      await page.getByRole('tab', { name: 'Products', ...exact }).click();
      await page.getByRole('combobox', { name: 'Rank by', ...exact }).click();
      await page.getByRole('option', { name: 'Margin', ...exact }).click();
      await expect.poll(() => page.url()).toContain('rank=margin');
      const rows = await tableTexts(page, 'Products');
      expect(rows[0]!.slice(0, 7)).toEqual([
        'SKU',
        'Product',
        'Category',
        'Quantity',
        'Net sales',
        'Margin',
        'Margin %',
      ]);
      expect(rows.length).toBeGreaterThan(2);
    });
    await shots.publish('report-trend', 'report-hours');
  }, 180_000);
});
