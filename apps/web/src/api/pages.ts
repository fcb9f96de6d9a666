import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useLiveInterval } from './live';

/** Items the server sends at a time; a page as long as this may have older items after it. */
const PAGE_SIZE = 50;

/** What a list's route takes to give one page: newest first, the items before the given one. */
export interface PageRequest {
  limit: number;
  before?: string;
}

/** One page of a list, and what its route takes as `before` for the next one (none after the last). */
export interface CursorPage<Item> {
  items: Item[];
  next: string | null;
}

/**
 * A list, newest first, loaded a page at a time (`fetchNextPage` for older items) and polled whole:
 * each refetch reads the first page again and the next ones from its end, so an item that new ones
 * push onto the next page is neither lost nor shown twice. `loadPage` asks the list's route for one
 * page, and says where the next one starts.
 */
export function useCursorPagedList<Item>(
  queryKey: QueryKey,
  loadPage: (page: PageRequest) => Promise<CursorPage<Item>>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => loadPage({ limit: PAGE_SIZE, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.items),
    refetchInterval: useLiveInterval(),
  });
}

/** `useCursorPagedList` for a route whose next page starts before the last item's id. */
export function usePagedList<Item extends { id: string }>(
  queryKey: QueryKey,
  loadPage: (page: PageRequest) => Promise<Item[]>,
) {
  return useCursorPagedList(queryKey, async (page) => {
    const items = await loadPage(page);
    return { items, next: items.length < page.limit ? null : (items.at(-1)?.id ?? null) };
  });
}
