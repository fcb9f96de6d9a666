import {
  routes,
  type StartStockCount,
  type StockCount,
  type StockCountEntry,
  type StockCountLine,
  type StockMovementType,
} from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutationRefreshing } from './backOffice';
import { addressOf, call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';
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

// ---- counts ---------------------------------------------------------------------------------

/** The shop's counts, those still counting first, kept fresh while colleagues count. */
export function useStockCounts(slug: string) {
  return useQuery({
    queryKey: keys.stockCounts(slug),
    queryFn: async () => (await call(routes.stock.counts, { params: { merchantSlug: slug } })).counts,
    refetchInterval: useLiveInterval(),
  });
}

/** One count with its lines, read again and again while it is counting (others count beside you). */
export function useStockCount(slug: string, countId: string) {
  const liveInterval = useLiveInterval();
  return useQuery({
    queryKey: keys.stockCount(slug, countId),
    queryFn: () => call(routes.stock.count, { params: { merchantSlug: slug, countId } }),
    refetchInterval: (query) => (query.state.data?.status === 'counting' ? liveInterval : false),
  });
}

export function useStartStockCount(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StartStockCount) =>
      call(routes.stock.startCount, { params: { merchantSlug: slug }, body }),
    // The count's page opens next: it shows the count at once instead of loading it again.
    onSuccess: (count) => queryClient.setQueryData(keys.stockCount(slug, count.id), count),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.stockCounts(slug), exact: true }),
  });
}

/**
 * A figure for one line. The answer is put in the count at once, so a scan shows before the next
 * reading; an answer older than the line shown (two scans crossing) does not replace it.
 */
export function useEnterStockCount(slug: string, countId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entry: StockCountEntry) =>
      call(routes.stock.enterCount, { params: { merchantSlug: slug, countId }, body: entry }),
    onSuccess: (line: StockCountLine) =>
      queryClient.setQueryData<StockCount>(
        keys.stockCount(slug, countId),
        (count) =>
          count && {
            ...count,
            lineItems: count.lineItems.map((shown) =>
              shown.product.id === line.product.id && !isOlder(line, shown) ? line : shown,
            ),
          },
      ),
    // The list's "lines counted" is read again when next shown; the count itself has the answer already.
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.stockCounts(slug), exact: true }),
  });
}

const isOlder = (line: StockCountLine, than: StockCountLine) =>
  line.countedAt !== null &&
  than.countedAt !== null &&
  Date.parse(line.countedAt) < Date.parse(than.countedAt);

/** Applying moves stock: the catalogue, the shop's products and the stock's history show it after. */
export function useApplyStockCount(slug: string, countId: string) {
  return useMutationRefreshing<void, StockCount>(
    () => call(routes.stock.applyCount, { params: { merchantSlug: slug, countId } }),
    [keys.stockCounts(slug), keys.catalogue(slug), keys.products(slug), keys.stockMovements(slug)],
  );
}

export function useCancelStockCount(slug: string, countId: string) {
  return useMutationRefreshing<void, StockCount>(
    () => call(routes.stock.cancelCount, { params: { merchantSlug: slug, countId } }),
    [keys.stockCounts(slug)],
  );
}
