import type { Category, Merchant, Product } from '@myb/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get, path } from './client';
import { keys } from './keys';

export function useMerchants() {
  return useQuery({
    queryKey: keys.merchants,
    queryFn: async () => (await get<{ merchants: Merchant[] }>('/merchants')).merchants,
  });
}

export function useMerchant(slug: string) {
  return useQuery({ queryKey: keys.merchant(slug), queryFn: () => get<Merchant>(path`/merchants/${slug}`) });
}

export function useCategories(slug: string) {
  return useQuery({
    queryKey: keys.categories(slug),
    queryFn: async () =>
      (await get<{ categories: Category[] }>(path`/merchants/${slug}/categories`)).categories,
  });
}

export function useProducts(slug: string, category: string | null, q: string) {
  return useQuery({
    queryKey: keys.productSearch(slug, category, q),
    queryFn: async () => {
      const params = new URLSearchParams();
      if (category) {
        params.set('category', category);
      }
      if (q) {
        params.set('q', q);
      }
      const query = params.size > 0 ? `?${params.toString()}` : '';
      return (await get<{ products: Product[] }>(`${path`/merchants/${slug}/products`}${query}`)).products;
    },
    // Keeps the grid on screen while the next search loads, instead of flashing a loader per keystroke.
    placeholderData: keepPreviousData,
  });
}
