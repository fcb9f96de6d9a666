import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { LIVE_INTERVAL_MS } from './keys';

/** Items the server sends at a time; a page as long as this may have older items after it. */
const PAGE_SIZE = 50;

/** What a list's route takes to give one page: newest first, the items before the given one. */
export interface PageRequest {
  limit: number;
  before?: string;
}

/**
 * A list, newest first, loaded a page at a time (`fetchNextPage` for older items) and polled whole:
 * each refetch reads the first page again and the next ones from its end, so an item that new ones
 * push onto the next page is neither lost nor shown twice. `loadPage` asks the list's route for one
 * page.
 */
export function usePagedList<Item extends { id: string }>(
  queryKey: QueryKey,
  loadPage: (page: PageRequest) => Promise<Item[]>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => loadPage({ limit: PAGE_SIZE, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => (page.length < PAGE_SIZE ? undefined : page.at(-1)?.id),
    select: (data) => data.pages.flat(),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
