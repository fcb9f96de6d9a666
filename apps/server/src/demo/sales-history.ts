import { randomUUID } from 'node:crypto';
import { saleTotals } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { MerchantRow } from '../modules/merchants/merchants.repository';
import type { SaleProductRow } from '../modules/register/sales.repository';
import { createSalesHistoryRepository, type PastSale } from './sales-history.repository';

/** Weeks of sales before today, so the dashboard has a same weekday last week and the reports a trend. */
const HISTORY_DAYS = 35;

/** The same numbers every time the demo is made, so its screenshots and figures stay put. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Busier at lunch and after work, and on Fridays and Saturdays (0 is Sunday). */
function salesOn(weekday: number, random: () => number): number {
  const base = [6, 9, 10, 10, 12, 16, 18][weekday]!;
  return base + Math.floor(random() * 5);
}
const HOURS = [8, 9, 10, 11, 12, 12, 12, 13, 13, 14, 15, 16, 17, 17, 17, 18, 18, 19];

/**
 * The counter's past five weeks, written as the till of the shop recorded them: each day a shift opened
 * at eight and closed at eight with its drawer counted right, and its sales (paid in cash or by card)
 * at the hours a greengrocer is busy. Written straight into the register's tables with their own
 * dates, before today's shift opens, so they take the counter's first receipt numbers. They are sales
 * the shop made before its stock was counted into this system, so they move no stock.
 */
export async function counterHistory(
  db: Kysely<Database>,
  shop: MerchantRow,
  { registerId, cashierId, products }: { registerId: string; cashierId: string; products: SaleProductRow[] },
): Promise<void> {
  const random = seeded(20_261_207);
  const history = createSalesHistoryRepository(db);
  const rows = await history.daysBefore(shop.time_zone, HISTORY_DAYS);
  let receipt = 0;
  for (const { day, weekday } of rows) {
    const shiftId = randomUUID();
    const sales = Array.from({ length: salesOn(weekday, random) }, () => {
      const basket = products.filter(() => random() < 0.35);
      const lines = (basket.length > 0 ? basket : [products[0]!]).map((product) => ({
        product,
        quantity: 1 + Math.floor(random() * 3),
      }));
      const totals = saleTotals(
        lines.map(({ product, quantity }) => ({
          quantity,
          unitPriceMinor: product.price_minor,
          discountMinor: 0,
          taxRate: product.tax_rate_id
            ? { id: product.tax_rate_id, name: product.tax_rate_name!, ratePpm: product.tax_rate_ppm! }
            : null,
        })),
        0,
        { pricesIncludeTax: shop.prices_include_tax, taxRounding: shop.tax_rounding },
      );
      receipt += 1;
      const minute = Math.floor(random() * 60);
      const hour = HOURS[Math.floor(random() * HOURS.length)]!;
      const sale: PastSale = {
        id: randomUUID(),
        receipt: `R1-${String(receipt).padStart(6, '0')}`,
        at: `${day} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
        method: random() < 0.45 ? 'cash' : 'card',
        lines,
        totals,
      };
      return sale;
    });
    const cashMinor = sales
      .filter((sale) => sale.method === 'cash')
      .reduce((sum, sale) => sum + sale.totals.totalMinor, 0);
    await history.writeDay(shop, {
      shift: {
        id: shiftId,
        registerId,
        cashierId,
        openedAt: `${day} 07:55`,
        closedAt: `${day} 20:05`,
        cashMinor,
      },
      sales,
    });
  }
  await history.setNextReceipt(registerId, receipt + 1);
}
