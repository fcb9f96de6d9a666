import { routes } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { call } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

export function useMail() {
  return useQuery({
    queryKey: keys.mail,
    queryFn: () => call(routes.mail.list),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
