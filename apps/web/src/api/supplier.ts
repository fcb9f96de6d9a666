import { routes } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { call } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

export function useSupplierMessages() {
  return useQuery({
    queryKey: keys.supplierMessages,
    queryFn: async () => (await call(routes.messages.supplierInbox)).messages,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
