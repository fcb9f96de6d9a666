import { hasChromium, startSmtpServer, type LoopbackSmtpServer } from '@myb/testing';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productApi } from './support/api';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { signIn } from './support/story';

/**
 * What the register prints, read back from the PDF Chromium prints (the page's print CSS, its @page
 * size): Bob sells apples (Reduced 5.5 %) and potatoes (Standard 20 %, once he gives vegetables that
 * rate) at Green Grocer; the receipt printed on 80 mm roll paper and on A4 carries the shop, the
 * receipt's number, each line and its amount, the tax per rate and the total. Closing, the Z report
 * prints with the drawer expected, counted and the difference, and the voided line; and goes by e-mail.
 */

const TIMEOUT_MS = 180_000;
const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const SHOP = 'Green Grocer';
const REGISTER = 'Print till';
const APPLES = 'Apples (1 kg)';
const POTATOES = 'Potatoes (5 kg)';
const exact = { exact: true } as const;
const POINTS_PER_MM = 72 / 25.4;
const A4_POINTS = { width: 595.28, height: 841.89 };

const euros = (minor: number) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);
const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

interface PrintedPdf {
  text: string;
  pages: number;
  /** The first page's size, in points. */
  width: number;
  height: number;
}

/** Prints the page as Chromium's print dialog would (print media, the sheet's @page size), and reads it back. */
async function printPdf(page: Page): Promise<PrintedPdf> {
  await page.emulateMedia({ media: 'print' });
  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: null });
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const [width, height] = (await pdf.getPage(1)).view.slice(2) as [number, number];
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { text: oneLine(text), pages: totalPages, width, height };
}

describe.skipIf(!hasChromium('register printing'))("the register's printouts in Chromium", () => {
  const shots = new Screenshots('register-print');
  let smtp: LoopbackSmtpServer;
  // The server starts in productInChromium's beforeAll, after this one has put the mailbox in its environment.
  const env: Record<string, string> = { EMBEDDED_MQTT_PORT: '0', DEMO_AGENTS: 'false' };
  beforeAll(async () => {
    smtp = await startSmtpServer();
    env.SMTP_URL = smtp.url;
  });
  const running = productInChromium('register-print', env);
  afterAll(async () => {
    await smtp.close();
  });

  it(
    'prints the receipt on 80 mm and A4, and the Z report, whose text is the sale and the drawer',
    async () => {
      const api = productApi(running.server.url);
      const bob = await api.signIn(BOB);
      const at = (path: string) => `/merchants/green-grocer${path}`;
      const { body: rates } = await api.call<{ taxRates: { id: string; name: string }[] }>(at('/tax-rates'), {
        cookie: bob,
      });
      const standard = rates.taxRates.find((rate) => rate.name.startsWith('Standard'))!;
      const { body: categories } = await api.call<{ categories: { id: string; slug: string }[] }>(
        at('/categories'),
        { cookie: bob },
      );
      const vegetables = categories.categories.find((category) => category.slug === 'vegetables')!;
      expect(
        (
          await api.call(at(`/categories/${vegetables.id}`), {
            method: 'PATCH',
            cookie: bob,
            body: { taxRateId: standard.id },
          })
        ).status,
      ).toBe(200);
      const { body: products } = await api.call<{
        products: { id: string; name: string; priceMinor: number }[];
      }>(at('/products'), { cookie: bob });
      const named = (name: string) => products.products.find((product) => product.name === name)!;
      const [apples, potatoes] = [named(APPLES), named(POTATOES)];
      const register = await api.call<{ id: string }>(at('/registers'), {
        method: 'POST',
        cookie: bob,
        body: { name: REGISTER, receiptPrefix: 'PR' },
      });
      expect(register.status).toBe(201);
      const shift = await api.call<{ id: string }>(at(`/registers/${register.body.id}/shifts`), {
        method: 'POST',
        cookie: bob,
        body: { openingFloatMinor: 5_000, idempotencyKey: crypto.randomUUID() },
      });
      expect(shift.status).toBe(201);
      const totalMinor = 2 * apples.priceMinor + potatoes.priceMinor;
      const sold = await api.call<{
        id: string;
        receiptNumber: string;
        taxes: { taxRate: { name: string } | null; taxMinor: number }[];
      }>(at(`/registers/${register.body.id}/sales`), {
        method: 'POST',
        cookie: bob,
        body: {
          id: crypto.randomUUID(),
          shiftId: shift.body.id,
          lines: [
            { productId: apples.id, quantity: 2 },
            { productId: potatoes.id, quantity: 1 },
          ],
          tenders: [{ method: 'cash', amountMinor: 2_000 }],
          totalMinor,
        },
      });
      expect(sold.status).toBe(201);
      const sale = sold.body;
      expect(sale.taxes.map((tax) => tax.taxRate?.name)).toEqual(['Reduced 5.5 %', 'Standard 20 %']);
      // A line taken off a cart before payment: the Z report counts it.
      expect(
        (
          await api.call(at(`/register-shifts/${shift.body.id}/voids`), {
            method: 'POST',
            cookie: bob,
            body: {
              cartId: crypto.randomUUID(),
              lines: [{ id: crypto.randomUUID(), productId: potatoes.id, quantity: 1 }],
            },
          })
        ).status,
      ).toBe(201);

      const page = await openPage(running.browser, running.server.url);
      // Headless Chromium has no print dialog: the Print buttons' window.print() does nothing, and
      // page.pdf() prints as the dialog would, on the paper the button chose.
      await page.addInitScript({ content: 'window.print = () => undefined;' });
      const pages = [page];
      const receiptText = [
        SHOP,
        sale.receiptNumber,
        APPLES,
        `2 × ${euros(apples.priceMinor)} ${euros(2 * apples.priceMinor)}`,
        POTATOES,
        `1 × ${euros(potatoes.priceMinor)} ${euros(potatoes.priceMinor)}`,
        ...sale.taxes.map((tax) => tax.taxRate!.name),
        ...sale.taxes.map((tax) => euros(tax.taxMinor)),
        `Total ${euros(totalMinor)}`,
      ];

      await step(shots, "The receipt on 80 mm roll paper: one page of the roll's width", pages, async () => {
        await signIn(page, BOB);
        await page.goto(`/back-office/green-grocer/register/sales/${sale.id}`);
        await page
          .getByRole('heading', { level: 1, name: `Receipt ${sale.receiptNumber}`, ...exact })
          .waitFor();
        await page.getByRole('button', { name: 'Print 80 mm', ...exact }).click();
        await page.locator('.print-sheet[data-paper="80mm"]').waitFor();
        const printed = await printPdf(page);
        expect(printed.pages).toBe(1);
        expect(printed.width).toBeCloseTo(80 * POINTS_PER_MM, 0);
        for (const expected of receiptText) {
          expect(printed.text).toContain(expected);
        }
      });

      await step(shots, 'The same receipt on A4', pages, async () => {
        await page.getByRole('button', { name: 'Print A4', ...exact }).click();
        await page.locator('.print-sheet[data-paper="a4"]').waitFor();
        const printed = await printPdf(page);
        expect(printed.pages).toBe(1);
        expect(printed.width).toBeCloseTo(A4_POINTS.width, 0);
        expect(printed.height).toBeCloseTo(A4_POINTS.height, 0);
        for (const expected of receiptText) {
          expect(printed.text).toContain(expected);
        }
      });

      await step(shots, 'Bob counts €59.00 and closes: the Z report prints the drawer', pages, async () => {
        await page.goto(`/back-office/green-grocer/register/${register.body.id}`);
        await page.getByRole('button', { name: 'Close register', ...exact }).click();
        const dialog = page.getByRole('dialog', { name: 'Close the register', ...exact });
        await dialog.getByLabel('Cash counted in the drawer', exact).fill('59');
        await dialog.getByRole('button', { name: 'Close register', ...exact }).click();
        await page.getByRole('heading', { level: 1, name: `${REGISTER} closed`, ...exact }).waitFor();
        const expectedMinor = 5_000 + totalMinor;
        const differenceMinor = 5_900 - expectedMinor;
        await page.getByRole('button', { name: 'Print 80 mm', ...exact }).click();
        const printed = await printPdf(page);
        expect(printed.pages).toBe(1);
        expect(printed.width).toBeCloseTo(80 * POINTS_PER_MM, 0);
        for (const expected of [
          `Z report ${REGISTER}`,
          `Expected in drawer ${euros(expectedMinor)}`,
          `Counted ${euros(5_900)}`,
          `Difference ${differenceMinor < 0 ? '−' : '+'}${euros(Math.abs(differenceMinor))}`,
          `Voided lines (1) ${euros(potatoes.priceMinor)}`,
        ]) {
          expect(printed.text).toContain(expected);
        }
      });

      await step(shots, 'Bob e-mails the Z report to his accountant', pages, async () => {
        await page.getByRole('button', { name: 'E-mail', ...exact }).click();
        const form = page.getByRole('form', { name: 'E-mail the Z report', ...exact });
        await form.getByRole('textbox', { name: 'E-mail address', ...exact }).fill('accounts');
        await form.getByRole('button', { name: 'Send', ...exact }).click();
        await form
          .getByText('Give the e-mail address to send the report to, such as ana@example.com.', exact)
          .waitFor();
        await form.getByRole('textbox', { name: 'E-mail address', ...exact }).fill('accounts@example.com');
        await shots.take(page, 'register-z-report-email');
        await form.getByRole('button', { name: 'Send', ...exact }).click();
        await page.getByText('Z report sent to accounts@example.com.', exact).waitFor();
        await form.waitFor({ state: 'hidden' });
        const [mail] = await smtp.waitFor(1);
        expect(mail!.envelopeTo).toEqual(['accounts@example.com']);
        expect(mail!.parsed.subject).toBe(`Z report of ${REGISTER}, ${SHOP}`);
        expect(oneLine(mail!.parsed.text ?? '')).toContain(`Voided lines (1) ${euros(potatoes.priceMinor)}`);
        expect(mail!.parsed.text).toMatch(/^Difference +[−+]€\d+\.\d\d \((short|over)\)$/m);
      });
    },
    TIMEOUT_MS,
  );
});
