import type { Order, PlaceOrder } from '@myb/contracts';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { api, get, path } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

export function usePlaceOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlaceOrder) => api<Order>('POST', '/orders', body),
    onSettled: async (_order, _error, body) => {
      // Stock moved (or turned out to be short): show the shop's current numbers either way.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.myOrders }),
        queryClient.invalidateQueries({ queryKey: keys.products(body.merchantSlug) }),
      ]);
    },
  });
}

/** Orders the server sends at a time; a page as long as this may have older orders after it. */
const ORDER_PAGE_SIZE = 50;

/**
 * An order list, newest first, loaded a page at a time (`fetchNextPage` for older orders) and polled
 * whole: each refetch reads the first page again and the next ones from its end, so an order that
 * new ones push onto the next page is neither lost nor shown twice.
 */
export function useOrderList(queryKey: QueryKey, listPath: string, filter: Record<string, string> = {}) {
  return useInfiniteQuery({
    queryKey,
    queryFn: async ({ pageParam }) => {
      const query = new URLSearchParams({ ...filter, limit: String(ORDER_PAGE_SIZE) });
      if (pageParam) {
        query.set('before', pageParam);
      }
      return (await get<{ orders: Order[] }>(`${listPath}?${query}`)).orders;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => (page.length < ORDER_PAGE_SIZE ? undefined : page.at(-1)?.id),
    select: (data) => data.pages.flat(),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useMyOrders() {
  return useOrderList(keys.myOrders, '/orders');
}

export function useMyOrder(orderId: string) {
  return useQuery({
    queryKey: keys.myOrder(orderId),
    queryFn: () => get<Order>(path`/orders/${orderId}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
