import { routes, type SalesChannel } from '@myb/contracts';
import { call } from './client';
import { keys } from './keys';
import { useCursorPagedList } from './pages';
import { dayRangeQuery } from '../lib/days';

/** What the shop's sales list is narrowed to; dates are the viewer's days, as `YYYY-MM-DD`. */
export interface SalesFilter {
  channel: SalesChannel | 'all';
  q: string;
  from: string;
  to: string;
}

/**
 * The shop's online orders and register sales together, newest first, a page at a time, narrowed by
 * channel, number and the days picked (from the start of the first to the start of the day after the
 * last, in the viewer's time zone).
 */
export function useShopSales(slug: string, filter: SalesFilter) {
  const query: Record<string, string> = {};
  if (filter.channel !== 'all') {
    query.channel = filter.channel;
  }
  if (filter.q.trim()) {
    query.q = filter.q.trim();
  }
  Object.assign(query, dayRangeQuery(filter.from, filter.to));
  return useCursorPagedList(keys.shopSales(slug, query), async (page) => {
    const { sales, next } = await call(routes.sales.list, {
      params: { merchantSlug: slug },
      query: { ...query, ...page },
    });
    return { items: sales, next };
  });
}
