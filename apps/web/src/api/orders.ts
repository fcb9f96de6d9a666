import { routes, type Order, type OrderStatus, type PlaceOrder } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';
import { usePagedList, type PageRequest } from './pages';
import { dayRangeQuery } from '../lib/days';

export function usePlaceOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlaceOrder) => call(routes.orders.place, { body }),
    onSettled: async (_order, _error, body) => {
      // Stock moved (or turned out to be short): show the shop's current numbers either way.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.myOrders }),
        queryClient.invalidateQueries({ queryKey: keys.products(body.merchantSlug) }),
      ]);
    },
  });
}

/** An order list, newest first, a page at a time (`usePagedList`), from the list's route. */
export function useOrderList(queryKey: QueryKey, loadPage: (page: PageRequest) => Promise<{ orders: Order[] }>) {
  return usePagedList(queryKey, async (page) => (await loadPage(page)).orders);
}

/** The signed-in customer's orders; `q` finds one by its number (with or without its letter) or its shop's name. */
export function useMyOrders(q = '') {
  const query: Record<string, string> = q.trim() ? { q: q.trim() } : {};
  return useOrderList([...keys.myOrders, 'list', query], (page) =>
    call(routes.orders.mine, { query: { ...query, ...page } }),
  );
}

export function useMyOrder(orderId: string) {
  return useQuery({
    queryKey: keys.myOrder(orderId),
    queryFn: () => call(routes.orders.myOrder, { params: { orderId } }),
    refetchInterval: useLiveInterval(),
  });
}

/** What the shop's order list is narrowed to; dates are the viewer's days, as `YYYY-MM-DD`. */
export interface OrderFilter {
  status: OrderStatus | 'all';
  q: string;
  from: string;
  to: string;
}

/**
 * The shop's orders, as `useOrderList` loads them, narrowed by status, search text and the days
 * picked: from the start of the first day to the start of the day after the last, in the viewer's
 * time zone.
 */
export function useShopOrderSearch(slug: string, filter: OrderFilter) {
  const query: Record<string, string> = {};
  if (filter.status !== 'all') {
    query.status = filter.status;
  }
  if (filter.q.trim()) {
    query.q = filter.q.trim();
  }
  Object.assign(query, dayRangeQuery(filter.from, filter.to));
  return useOrderList([...keys.shopOrders(slug), 'search', query], (page) =>
    call(routes.orders.shopList, { params: { merchantSlug: slug }, query: { ...query, ...page } }),
  );
}

/** Which order to cancel, and why (the shop must say; the customer may). */
export interface OrderCancellation {
  orderId: string;
  reason?: string;
}

/** After a cancellation: the order, the lists it is on and the stock it gave back are read again. */
function useOrderCancelled() {
  const queryClient = useQueryClient();
  return (order: Order) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.myOrders }),
      queryClient.invalidateQueries({ queryKey: keys.shopOrders(order.merchant.slug) }),
      queryClient.invalidateQueries({ queryKey: keys.products(order.merchant.slug) }),
      queryClient.invalidateQueries({ queryKey: keys.catalogue(order.merchant.slug) }),
    ]);
}

export function useCancelMyOrder() {
  const cancelled = useOrderCancelled();
  return useMutation({
    mutationFn: ({ orderId, reason }: OrderCancellation) =>
      call(routes.orders.cancelMine, { params: { orderId }, body: { reason } }),
    onSuccess: cancelled,
  });
}

export function useCancelShopOrder(slug: string) {
  const cancelled = useOrderCancelled();
  return useMutation({
    // The shop must give a reason: the form checks it with the same schema, and so does the server.
    mutationFn: ({ orderId, reason = '' }: OrderCancellation) =>
      call(routes.orders.cancel, { params: { merchantSlug: slug, orderId }, body: { reason } }),
    onSuccess: cancelled,
  });
}
