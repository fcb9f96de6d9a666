import type { SupplierMessage } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { get } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

export function useSupplierMessages() {
  return useQuery({
    queryKey: keys.supplierMessages,
    queryFn: async () => (await get<{ messages: SupplierMessage[] }>('/me/supplier-messages')).messages,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
