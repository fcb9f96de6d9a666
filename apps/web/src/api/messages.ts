import { routes, type MessageLogQuery } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

/** The shop's messages to suppliers matching `filter`, refreshed live like the orders. */
export function useShopMessages(slug: string, filter: MessageLogQuery) {
  // `overdue` travels as the address says it: `overdue=true`, or not at all.
  const query = { ...filter, overdue: filter.overdue ? 'true' : undefined };
  return useQuery({
    queryKey: keys.shopMessages(slug, query),
    queryFn: async () =>
      (await call(routes.messages.list, { params: { merchantSlug: slug }, query })).messages,
    refetchInterval: useLiveInterval({ clockBound: true }),
  });
}

/** Resend (a new event) or retry (the same one, after a failure). */
export function useMessageAction(slug: string, action: 'resend' | 'retry') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) =>
      call(routes.messages[action], { params: { merchantSlug: slug, eventId } }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.shopMessagesAll(slug) }),
        queryClient.invalidateQueries({ queryKey: keys.shopOrders(slug) }),
      ]),
  });
}

/** The shop's supplier devices and whether each is online, refreshed live. */
export function useShopDevices(slug: string) {
  return useQuery({
    queryKey: keys.shopDevices(slug),
    queryFn: async () => (await call(routes.messages.devices, { params: { merchantSlug: slug } })).devices,
    refetchInterval: useLiveInterval({ clockBound: true }),
  });
}
