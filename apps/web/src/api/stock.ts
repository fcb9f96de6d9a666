import { routes, type StockMovementType } from '@myb/contracts';
import { addressOf, call } from './client';
import { keys } from './keys';
import { usePagedList } from './pages';
import { dayRangeQuery } from '../lib/days';

/** What the movements page is narrowed to: ids, a type, text, and days as `YYYY-MM-DD` (empty: not narrowed). */
export interface MovementFilter {
  product: string;
  type: StockMovementType | '';
  actor: string;
  q: string;
  from: string;
  to: string;
}

/** The filter as the routes take it: only what is set, the days as instants. */
function movementQuery(filter: MovementFilter) {
  const query: {
    product?: string;
    type?: StockMovementType;
    actor?: string;
    q?: string;
    from?: string;
    to?: string;
  } = {
    ...dayRangeQuery(filter.from, filter.to),
  };
  if (filter.product) {
    query.product = filter.product;
  }
  if (filter.type) {
    query.type = filter.type;
  }
  if (filter.actor) {
    query.actor = filter.actor;
  }
  if (filter.q.trim()) {
    query.q = filter.q.trim();
  }
  return query;
}

/** The shop's stock movements, newest first, a page at a time, narrowed by `filter`. */
export function useStockMovements(slug: string, filter: MovementFilter) {
  const query = movementQuery(filter);
  return usePagedList(
    [...keys.stockMovements(slug), query],
    async (page) =>
      (await call(routes.stock.movements, { params: { merchantSlug: slug }, query: { ...query, ...page } }))
        .movements,
  );
}

/** Where the browser downloads the same movements as a CSV file. */
export function stockMovementsExportAddress(slug: string, filter: MovementFilter): string {
  return addressOf(routes.stock.exportMovements, {
    params: { merchantSlug: slug },
    query: movementQuery(filter),
  });
}
