import type { MailMessage } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { get } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

export function useMail() {
  return useQuery({
    queryKey: keys.mail,
    queryFn: () => get<{ enabled: boolean; messages: MailMessage[] }>('/mail'),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
