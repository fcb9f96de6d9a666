import { routes } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

export function useMail() {
  return useQuery({
    queryKey: keys.mail,
    queryFn: () => call(routes.mail.list),
    refetchInterval: useLiveInterval(),
  });
}
