import type {
  AddStaff,
  ApiToken,
  CreateApiToken,
  CreatedApiToken,
  Category,
  CreateCategory,
  CreateMerchant,
  CreateProduct,
  CreateSupplier,
  ManagedProduct,
  Merchant,
  MyMerchant,
  Order,
  OrderStatus,
  StaffMember,
  StockAdjustment,
  StockAdjustmentResult,
  Supplier,
  UpdateProduct,
  UpdateSupplier,
} from '@myb/contracts';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, get, path } from './client';
import { keys, LIVE_INTERVAL_MS } from './keys';
import { useOrderList } from './orders';

/** A mutation that refreshes the given lists once it settles, so every screen shows the new state. */
function useMutationRefreshing<TInput, TResult>(
  mutationFn: (input: TInput) => Promise<TResult>,
  stale: readonly QueryKey[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => Promise.all(stale.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

// ---- shops --------------------------------------------------------------------------------

export function useMyMerchants() {
  return useQuery({
    queryKey: keys.myMerchants,
    queryFn: async () => (await get<{ merchants: MyMerchant[] }>('/me/merchants')).merchants,
  });
}

export function useCreateMerchant() {
  return useMutationRefreshing(
    (body: CreateMerchant) => api<Merchant>('POST', '/merchants', body),
    [keys.myMerchants, keys.merchants],
  );
}

// ---- catalogue ----------------------------------------------------------------------------

export function useCatalogue(slug: string) {
  return useQuery({
    queryKey: keys.catalogue(slug),
    queryFn: async () =>
      (await get<{ products: ManagedProduct[] }>(path`/merchants/${slug}/catalogue`)).products,
  });
}

const catalogueKeys = (slug: string) => [keys.catalogue(slug), keys.products(slug), keys.categories(slug)];

export function useCreateCategory(slug: string) {
  return useMutationRefreshing(
    (body: CreateCategory) => api<Category>('POST', path`/merchants/${slug}/categories`, body),
    catalogueKeys(slug),
  );
}

export function useDeleteCategory(slug: string) {
  return useMutationRefreshing(
    (categoryId: string) => api<void>('DELETE', path`/merchants/${slug}/categories/${categoryId}`),
    catalogueKeys(slug),
  );
}

export function useSaveProduct(slug: string) {
  return useMutationRefreshing(
    ({ productId, body }: { productId: string | null; body: CreateProduct | UpdateProduct }) =>
      productId === null
        ? api<ManagedProduct>('POST', path`/merchants/${slug}/products`, body)
        : api<ManagedProduct>('PATCH', path`/merchants/${slug}/products/${productId}`, body),
    catalogueKeys(slug),
  );
}

/** Adds to or takes from the stock with a reason: the server applies it to the stock as it is then. */
export function useAdjustStock(slug: string) {
  return useMutationRefreshing(
    ({ productId, body }: { productId: string; body: StockAdjustment }) =>
      api<StockAdjustmentResult>('POST', path`/merchants/${slug}/products/${productId}/stock-adjustments`, body),
    catalogueKeys(slug),
  );
}

export function useArchiveProduct(slug: string) {
  return useMutationRefreshing(
    ({ productId, archived }: { productId: string; archived: boolean }) =>
      api<ManagedProduct>(archived ? 'PUT' : 'DELETE', path`/merchants/${slug}/products/${productId}/archived`),
    catalogueKeys(slug),
  );
}

export function useDeleteProduct(slug: string) {
  return useMutationRefreshing(
    (productId: string) => api<void>('DELETE', path`/merchants/${slug}/products/${productId}`),
    catalogueKeys(slug),
  );
}

// ---- suppliers ----------------------------------------------------------------------------

/** `enabled` false for someone who may not see the shop's suppliers (a cashier): nothing is asked. */
export function useSuppliers(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: keys.suppliers(slug),
    queryFn: async () => (await get<{ suppliers: Supplier[] }>(path`/merchants/${slug}/suppliers`)).suppliers,
  });
}

export function useSaveSupplier(slug: string) {
  return useMutationRefreshing(
    ({ supplierId, body }: { supplierId: string | null; body: CreateSupplier | UpdateSupplier }) =>
      supplierId === null
        ? api<Supplier>('POST', path`/merchants/${slug}/suppliers`, body)
        : api<Supplier>('PATCH', path`/merchants/${slug}/suppliers/${supplierId}`, body),
    [keys.suppliers(slug)],
  );
}

export function useArchiveSupplier(slug: string) {
  return useMutationRefreshing(
    ({ supplierId, archived }: { supplierId: string; archived: boolean }) =>
      api<Supplier>(archived ? 'PUT' : 'DELETE', path`/merchants/${slug}/suppliers/${supplierId}/archived`),
    [keys.suppliers(slug), keys.catalogue(slug)],
  );
}

export function useDeleteSupplier(slug: string) {
  return useMutationRefreshing(
    (supplierId: string) => api<void>('DELETE', path`/merchants/${slug}/suppliers/${supplierId}`),
    [keys.suppliers(slug), keys.catalogue(slug)],
  );
}

// ---- orders -------------------------------------------------------------------------------

export function useShopOrders(slug: string, status: OrderStatus | 'all') {
  return useOrderList(
    keys.shopOrderList(slug, status),
    path`/merchants/${slug}/orders`,
    status === 'all' ? {} : { status },
  );
}

export function useShopOrder(slug: string, orderId: string) {
  return useQuery({
    queryKey: keys.shopOrder(slug, orderId),
    queryFn: () => get<Order>(path`/merchants/${slug}/orders/${orderId}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useDispatchOrder(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) => api<Order>('POST', path`/merchants/${slug}/orders/${orderId}/dispatch`),
    onSuccess: (order) => queryClient.setQueryData(keys.shopOrder(slug, order.id), order),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.shopOrders(slug) }),
  });
}

// ---- staff --------------------------------------------------------------------------------

export function useStaff(slug: string) {
  return useQuery({
    queryKey: keys.staff(slug),
    queryFn: async () => (await get<{ staff: StaffMember[] }>(path`/merchants/${slug}/staff`)).staff,
  });
}

export function useAddStaff(slug: string) {
  return useMutationRefreshing(
    (body: AddStaff) => api<StaffMember>('POST', path`/merchants/${slug}/staff`, body),
    [keys.staff(slug)],
  );
}

export function useRemoveStaff(slug: string) {
  return useMutationRefreshing(
    (userId: string) => api<void>('DELETE', path`/merchants/${slug}/staff/${userId}`),
    [keys.staff(slug)],
  );
}

// ---- API tokens ---------------------------------------------------------------------------

export function useApiTokens(slug: string) {
  return useQuery({
    queryKey: keys.apiTokens(slug),
    queryFn: async () => (await get<{ tokens: ApiToken[] }>(path`/merchants/${slug}/api-tokens`)).tokens,
  });
}

export function useCreateApiToken(slug: string) {
  return useMutationRefreshing(
    (body: CreateApiToken) => api<CreatedApiToken>('POST', path`/merchants/${slug}/api-tokens`, body),
    [keys.apiTokens(slug)],
  );
}

export function useRevokeApiToken(slug: string) {
  return useMutationRefreshing(
    (tokenId: string) => api<void>('DELETE', path`/merchants/${slug}/api-tokens/${tokenId}`),
    [keys.apiTokens(slug)],
  );
}
