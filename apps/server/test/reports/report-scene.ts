import { randomUUID } from 'node:crypto';
import { saleTotals, type Register, type ReportTable } from '@myb/contracts';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { createSalesHistoryRepository, type PastSale } from '../../src/demo/sales-history.repository';
import { createMerchantsRepository } from '../../src/modules/merchants/merchants.repository';
import { createSalesRepository } from '../../src/modules/register/sales.repository';
import type { ShopFixture, TestApp } from '../helper';

/** A sale of the past: its local time (`HH:MM`), how it was paid, and its lines (product id, quantity). */
export type PastSaleOf = [string, 'cash' | 'card', [string, number][]];

/**
 * Writes register days of the past for the shop, as the demo does: a register `Front` (receipts F1-…),
 * and `day(on, sales)` writing one day's shift and sales at the shop's local times. Products' costs and
 * categories are read as each day is written: set them first.
 */
export async function pastRegisterDays(testApp: TestApp, shop: ShopFixture) {
  const db = testApp.database.db;
  const created = await testApp.app.inject({
    method: 'POST',
    url: `/api/v1/merchants/${shop.slug}/registers`,
    payload: { name: 'Front', receiptPrefix: 'F1' },
    headers: { cookie: shop.owner.cookie },
  });
  expect(created.statusCode, created.body).toBe(201);
  const register = created.json<Register>();
  const merchant = (await createMerchantsRepository(db).findBySlug(shop.slug))!;
  const products = new Map(
    (await createSalesRepository(db).lockProducts(merchant.id, shop.productIds)).map((row) => [row.id, row]),
  );
  const history = createSalesHistoryRepository(db);
  let receipt = 0;
  return async (on: string, sales: PastSaleOf[]) => {
    const past = sales.map(([at, method, lines]): PastSale => {
      const sold = lines.map(([id, quantity]) => ({ product: products.get(id)!, quantity }));
      receipt += 1;
      return {
        id: randomUUID(),
        receipt: `F1-${String(receipt).padStart(6, '0')}`,
        at: `${on} ${at}`,
        method,
        lines: sold,
        totals: saleTotals(
          sold.map(({ product, quantity }) => ({
            quantity,
            unitPriceMinor: product.price_minor,
            discountMinor: 0,
            taxRate: null,
          })),
          0,
          { pricesIncludeTax: true, taxRounding: 'line' },
        ),
      };
    });
    const cashMinor = past
      .filter((sale) => sale.method === 'cash')
      .reduce((sum, sale) => sum + sale.totals.totalMinor, 0);
    await history.writeDay(merchant, {
      shift: {
        id: randomUUID(),
        registerId: register.id,
        cashierId: shop.owner.id,
        openedAt: `${on} 08:00`,
        closedAt: `${on} 23:59`,
        cashMinor,
      },
      sales: past,
    });
  };
}

/**
 * Downloads the report's CSV at `url` and expects it to be the table shown: the same headers (money
 * labelled with the currency), the rows and then the totals, money in the currency's units.
 */
export async function expectCsvOfTable(testApp: TestApp, shop: ShopFixture, url: string, shown: ReportTable) {
  const response = await testApp.app.inject({ method: 'GET', url, headers: { cookie: shop.owner.cookie } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  const [header, ...records]: string[][] = parse(response.body, { bom: true });
  expect(header).toEqual(
    shown.columns.map((column) =>
      column.kind === 'money' ? `${column.label} (${shown.currency})` : column.label,
    ),
  );
  const asCsv = (row: ReportTable['rows'][number]) =>
    shown.columns.map((column) => {
      const value = row[column.key];
      return value === null || value === undefined
        ? ''
        : column.kind === 'money'
          ? (Number(value) / 100).toFixed(2)
          : String(value);
    });
  expect(records).toEqual([...shown.rows, ...(shown.totals ? [shown.totals] : [])].map(asCsv));
  return records;
}

/** A report of the shop as its owner reads it, `GET …/reports/<path>`, which must answer 200. */
export async function readReport<Report extends ReportTable>(
  testApp: TestApp,
  shop: ShopFixture,
  path: string,
): Promise<Report> {
  const response = await testApp.app.inject({
    method: 'GET',
    url: `/api/v1/merchants/${shop.slug}/reports/${path}`,
    headers: { cookie: shop.owner.cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Report>();
}

/** The rows' cells under `keys`, in order. */
export const cellsOf = (answer: ReportTable, keys: string[]) =>
  answer.rows.map((row) => keys.map((key) => row[key]));
