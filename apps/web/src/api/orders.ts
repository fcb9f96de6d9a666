import type { Order, PlaceOrder } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export function useMyOrders() {
  return useQuery({
    queryKey: keys.myOrders,
    queryFn: async () => (await get<{ orders: Order[] }>('/orders')).orders,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useMyOrder(orderId: string) {
  return useQuery({
    queryKey: keys.myOrder(orderId),
    queryFn: () => get<Order>(path`/orders/${orderId}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
