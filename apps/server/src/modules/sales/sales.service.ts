import { encodeSalesCursor, type SalesEntry, type SalesPage, type SalesQuery } from '@myb/contracts';
import type { ShopCaller } from '../access/access';
import type { SalesListFilter, SalesListRepository, SalesListRow } from './sales.repository';

/**
 * A search as numbers are written: upper case, without a leading "#" or spaces around the dash
 * ("#a - 10" → "A-10"); digits alone also match the digits after a number's prefix.
 */
function numberSearch(q: string): SalesListFilter['number'] {
  const start = q
    .replace(/^#\s*/, '')
    .replace(/\s*-\s*/g, '-')
    .toUpperCase();
  return start === '' ? undefined : { start, digitsOnly: /^[0-9]+$/.test(start) };
}

const customerOf = (row: SalesListRow) =>
  row.customer_id === null ? null : { id: row.customer_id, name: row.customer_name ?? '' };

function toSalesEntry(row: SalesListRow): SalesEntry {
  const common = {
    id: row.id,
    number: row.number,
    at: row.created_at.toISOString(),
    itemCount: row.item_count,
    taxMinor: row.tax_minor,
    totalMinor: row.total_minor,
    currency: row.currency,
  };
  if (row.channel === 'online') {
    return {
      channel: 'online',
      kind: 'order',
      status: row.status!,
      placeOf: null,
      staff: null,
      customer: customerOf(row),
      ...common,
    };
  }
  return {
    channel: 'register',
    kind: row.kind === 'return' ? 'return' : 'sale',
    status: null,
    placeOf: { registerId: row.register_id!, registerName: row.register_name! },
    staff: { id: row.person_id!, name: row.person_name! },
    customer: customerOf(row),
    ...common,
  };
}

export function createSalesListService({ sales }: { sales: SalesListRepository }) {
  return {
    /** A page of the shop's sales, newest first, and where the next one starts. */
    async page({ shop }: ShopCaller, query: SalesQuery): Promise<SalesPage> {
      // One more than the page: whether it exists says whether there is a next page.
      const rows = await sales.page({
        merchantId: shop.id,
        channel: query.channel,
        from: query.from,
        to: query.to,
        number: query.q ? numberSearch(query.q) : undefined,
        before: query.before,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        sales: page.map(toSalesEntry),
        next:
          rows.length > query.limit && last ? encodeSalesCursor({ at: last.cursor_at, id: last.id }) : null,
      };
    },
  };
}
export type SalesListService = ReturnType<typeof createSalesListService>;
