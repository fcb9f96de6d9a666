import { routes, type OrderNow, type ReorderRuleInput } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMutationRefreshing } from './backOffice';
import { call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

/** What a change of rules or an order-now leaves stale: the lists of rules, and the purchase orders. */
const staleAfter = (slug: string) => [keys.reorderRules(slug), ['purchase-orders', slug]] as const;

/** The shop's products with a reorder rule (those at or under their minimum, or all), live as stock moves. */
export function useReorderRules(slug: string, show: 'low' | 'all') {
  return useQuery({
    queryKey: [...keys.reorderRules(slug), show],
    refetchInterval: useLiveInterval(),
    queryFn: async () =>
      (await call(routes.reorder.list, { params: { merchantSlug: slug }, query: { show } })).rules,
  });
}

export function useSetReorderRule(slug: string) {
  return useMutationRefreshing(
    ({ productId, rule }: { productId: string; rule: ReorderRuleInput }) =>
      call(routes.reorder.set, { params: { merchantSlug: slug, productId }, body: rule }),
    staleAfter(slug),
  );
}

export function useRemoveReorderRule(slug: string) {
  return useMutationRefreshing(
    (productId: string) => call(routes.reorder.remove, { params: { merchantSlug: slug, productId } }),
    staleAfter(slug),
  );
}

export function useOrderNow(slug: string) {
  return useMutationRefreshing(
    (body: OrderNow) => call(routes.reorder.orderNow, { params: { merchantSlug: slug }, body }),
    staleAfter(slug),
  );
}
