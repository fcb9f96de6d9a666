import type { AgentDevice, MessageLogEntry, MessageLogQuery } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, path } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

/** The shop's messages to suppliers matching `query`, refreshed live like the orders. */
export function useShopMessages(slug: string, query: MessageLogQuery) {
  return useQuery({
    queryKey: keys.shopMessages(slug, query),
    queryFn: async () => {
      const search = new URLSearchParams(
        Object.entries(query).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
        ),
      ).toString();
      const url = `${path`/merchants/${slug}/messages`}${search === '' ? '' : `?${search}`}`;
      return (await get<{ messages: MessageLogEntry[] }>(url)).messages;
    },
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** Resend (a new event) or retry (the same one, after a failure). */
export function useMessageAction(slug: string, action: 'resend' | 'retry') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) =>
      api<MessageLogEntry>('POST', path`/merchants/${slug}/messages/${eventId}/${action}`),
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
    queryFn: async () => (await get<{ devices: AgentDevice[] }>(path`/merchants/${slug}/devices`)).devices,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
