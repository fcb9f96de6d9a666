import { addDays, type StockReportName } from '@myb/contracts';
import { count, decimal, money, oneDecimal, sumOf, text, type Row, type Table } from './report-table';
import type { ReportsRepository } from './reports.repository';

/** The days the low stock report averages sales over, today included: four whole weeks. */
export const COVER_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Days from one shop's day to another. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
/** What a product's stock is worth at its average cost; null while its cost is unknown. */
const valueOf = (stock: number, averageCost: number | null) =>
  averageCost === null ? null : stock * averageCost;

const NO_COST = 'No cost known: not valued';
/** The totals' word on what could not be valued, so a total never passes for the whole stock silently. */
function unvaluedNote(products: { stock: number; average_cost_minor: number | null }[]): string | null {
  const unvalued = products.filter((product) => product.average_cost_minor === null);
  if (unvalued.length === 0) {
    return null;
  }
  const units = sumOf(unvalued, (product) => product.stock);
  return `${unvalued.length} ${unvalued.length === 1 ? 'product' : 'products'} (${units} on hand) with no cost known, not valued`;
}

/**
 * Each stock report's table, as the shop stands now (`today` is the shop's day): balances and average
 * costs from the products, sales from the daily summaries.
 */
export function stockReportTables(reports: ReportsRepository, merchantId: string) {
  const tables: Record<StockReportName, (today: string, options: { days: number }) => Promise<Table>> = {
    /** Each product in stock at its average cost, by category; those with no cost known listed as such. */
    async valuation() {
      const products = await reports.productsInStock(merchantId);
      const columns = [
        text('category', 'Category'),
        text('sku', 'SKU'),
        text('product', 'Product'),
        count('onHand', 'On hand'),
        money('averageCost', 'Average cost'),
        money('value', 'Value'),
        text('note', 'Note'),
      ];
      const rows = products.map((product): Row => ({
        key: product.id,
        category: product.category_name ?? 'No category',
        sku: product.sku,
        product: product.name,
        onHand: product.stock,
        averageCost: product.average_cost_minor,
        value: valueOf(product.stock, product.average_cost_minor),
        note: product.average_cost_minor === null ? NO_COST : null,
      }));
      const totals: Row = {
        key: 'total',
        category: 'Total',
        onHand: sumOf(products, (product) => product.stock),
        value: sumOf(rows, (row) => Number(row.value ?? 0)),
        note: unvaluedNote(products),
      };
      return { columns, rows, totals };
    },

    /** What is in stock and sold nothing on the last `days` days, today included: the most money first. */
    async 'dead-stock'(today, { days }) {
      const since = addDays(today, -(days - 1));
      const unsold = (await reports.productsInStock(merchantId)).filter(
        (product) => product.last_sale_day === null || product.last_sale_day < since,
      );
      const columns = [
        text('sku', 'SKU'),
        text('product', 'Product'),
        text('category', 'Category'),
        count('onHand', 'On hand'),
        text('lastSale', 'Last sale'),
        count('daysUnsold', 'Days since'),
        money('averageCost', 'Average cost'),
        money('value', 'Value tied up'),
        text('note', 'Note'),
      ];
      const rows = unsold
        .map((product): Row => ({
          key: product.id,
          sku: product.sku,
          product: product.name,
          category: product.category_name ?? 'No category',
          onHand: product.stock,
          lastSale: product.last_sale_day,
          daysUnsold: product.last_sale_day === null ? null : daysBetween(product.last_sale_day, today),
          averageCost: product.average_cost_minor,
          value: valueOf(product.stock, product.average_cost_minor),
          note:
            [
              product.last_sale_day === null ? 'Never sold' : null,
              product.average_cost_minor === null ? NO_COST : null,
            ]
              .filter(Boolean)
              .join('; ') || null,
        }))
        .sort(
          (a, b) =>
            (b.value === null ? -1 : Number(b.value)) - (a.value === null ? -1 : Number(a.value)) ||
            String(a.sku).localeCompare(String(b.sku)),
        );
      const totals: Row = {
        key: 'total',
        sku: 'Total',
        onHand: sumOf(unsold, (product) => product.stock),
        value: sumOf(rows, (row) => Number(row.value ?? 0)),
        note: unvaluedNote(unsold),
      };
      return { columns, rows, totals };
    },

    /**
     * The products at or under their reorder minimum, and how many days what is on hand lasts at the
     * rate they sold over the last four weeks: the shortest first, those with no recent sales last.
     */
    async 'low-stock'(today) {
      const low = await reports.lowStock(merchantId, { from: addDays(today, -(COVER_DAYS - 1)), to: today });
      const columns = [
        text('sku', 'SKU'),
        text('product', 'Product'),
        text('category', 'Category'),
        count('onHand', 'On hand'),
        count('minimum', 'Minimum'),
        count('sold', `Sold in ${COVER_DAYS} days`),
        decimal('perDay', 'Sold a day'),
        decimal('daysOfCover', 'Days of cover'),
        text('note', 'Note'),
      ];
      const rows = low
        .map((product): Row => {
          const perDay = product.sold > 0 ? product.sold / COVER_DAYS : null;
          return {
            key: product.id,
            sku: product.sku,
            product: product.name,
            category: product.category_name ?? 'No category',
            onHand: product.stock,
            minimum: product.minimum,
            sold: product.sold,
            perDay: oneDecimal(perDay),
            daysOfCover: perDay === null ? null : oneDecimal(product.stock / perDay),
            note: perDay === null ? `No sales in ${COVER_DAYS} days` : null,
          };
        })
        .sort(
          (a, b) =>
            (a.daysOfCover === null ? Infinity : Number(a.daysOfCover)) -
              (b.daysOfCover === null ? Infinity : Number(b.daysOfCover)) ||
            String(a.sku).localeCompare(String(b.sku)),
        );
      return { columns, rows, totals: null };
    },
  };
  return tables;
}
