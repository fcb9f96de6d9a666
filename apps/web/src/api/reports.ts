import { routes } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { call } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';

/** The shop's day so far and what waits on it, read again as sales come in. */
export function useDashboard(slug: string) {
  return useQuery({
    queryKey: keys.dashboard(slug),
    refetchInterval: LIVE_INTERVAL_MS,
    queryFn: () => call(routes.reports.dashboard, { params: { merchantSlug: slug } }),
  });
}
