import { routes } from '@myb/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';

export function useMerchants() {
  return useQuery({
    queryKey: keys.merchants,
    queryFn: async () => (await call(routes.merchants.list)).merchants,
  });
}

export function useMerchant(slug: string) {
  return useQuery({
    queryKey: keys.merchant(slug),
    queryFn: () => call(routes.merchants.get, { params: { merchantSlug: slug } }),
  });
}

export function useCategories(slug: string) {
  return useQuery({
    queryKey: keys.categories(slug),
    queryFn: async () =>
      (await call(routes.catalogue.categories, { params: { merchantSlug: slug } })).categories,
  });
}

export function useProducts(slug: string, category: string | null, q: string) {
  return useQuery({
    queryKey: keys.productSearch(slug, category, q),
    queryFn: async () =>
      (
        await call(routes.catalogue.products, {
          params: { merchantSlug: slug },
          query: { category: category ?? undefined, q },
        })
      ).products,
    // Keeps the grid on screen while the next search loads, instead of flashing a loader per keystroke.
    placeholderData: keepPreviousData,
  });
}
