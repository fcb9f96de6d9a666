import {
  routes,
  type AddStaff,
  type CatalogueImport,
  type CreateApiToken,
  type CreateCategory,
  type CreateMerchant,
  type CreateProduct,
  type CreateSupplier,
  type OrderStatus,
  type StockAdjustment,
  type SupplierTerms,
  type UpdateCategory,
  type UpdateProduct,
  type UpdateSupplier,
} from '@myb/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { call, callWithProgress } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';
import { useOrderList } from './orders';

/** A mutation that refreshes the given lists once it settles, so every screen shows the new state. */
export function useMutationRefreshing<TInput, TResult>(
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
    queryFn: async () => (await call(routes.merchants.mine)).merchants,
  });
}

export function useCreateMerchant() {
  return useMutationRefreshing(
    (body: CreateMerchant) => call(routes.merchants.create, { body }),
    [keys.myMerchants, keys.merchants],
  );
}

// ---- catalogue ----------------------------------------------------------------------------

/** The shop's products; `live` keeps reading them, for a page whose figures others change (stock). */
export function useCatalogue(slug: string, { live = false } = {}) {
  const liveInterval = useLiveInterval();
  return useQuery({
    queryKey: keys.catalogue(slug),
    queryFn: async () =>
      (await call(routes.catalogue.managedProducts, { params: { merchantSlug: slug } })).products,
    refetchInterval: live ? liveInterval : false,
  });
}

/** One product of the shop, archived or not; `live` keeps reading it, for a page that shows its stock. */
export function useManagedProduct(slug: string, productId: string, { live = false } = {}) {
  const liveInterval = useLiveInterval();
  return useQuery({
    queryKey: keys.managedProduct(slug, productId),
    queryFn: () => call(routes.catalogue.managedProduct, { params: { merchantSlug: slug, productId } }),
    enabled: productId !== '',
    refetchInterval: live ? liveInterval : false,
  });
}

/**
 * The shop's first `limit` products by name whose name or SKU holds `q` (any, when empty), archived
 * ones too: what a product picker offers as one types, without reading the whole catalogue.
 */
export function useProductSearch(slug: string, q: string, { limit, enabled = true }: { limit: number; enabled?: boolean }) {
  return useQuery({
    queryKey: keys.catalogueSearch(slug, q, limit),
    queryFn: async () =>
      (await call(routes.catalogue.managedProducts, { params: { merchantSlug: slug }, query: { q, limit } }))
        .products,
    enabled,
    // The matches of the last search stay offered while the next one loads.
    placeholderData: keepPreviousData,
  });
}

// A product made or its stock adjusted adds to the stock's history.
const catalogueKeys = (slug: string) => [
  keys.catalogue(slug),
  keys.products(slug),
  keys.categories(slug),
  keys.stockMovements(slug),
];

export function useCreateCategory(slug: string) {
  return useMutationRefreshing(
    (body: CreateCategory) => call(routes.catalogue.createCategory, { params: { merchantSlug: slug }, body }),
    catalogueKeys(slug),
  );
}

/** A new name, or the default tax rate of its products. */
export function useUpdateCategory(slug: string) {
  return useMutationRefreshing(
    ({ categoryId, body }: { categoryId: string; body: UpdateCategory }) =>
      call(routes.catalogue.updateCategory, { params: { merchantSlug: slug, categoryId }, body }),
    catalogueKeys(slug),
  );
}

export function useDeleteCategory(slug: string) {
  return useMutationRefreshing(
    (categoryId: string) =>
      call(routes.catalogue.deleteCategory, { params: { merchantSlug: slug, categoryId } }),
    catalogueKeys(slug),
  );
}

/** A new product (no id yet), or a change of one. */
export type ProductChange =
  { productId: null; body: CreateProduct } | { productId: string; body: UpdateProduct };

export function useSaveProduct(slug: string) {
  return useMutationRefreshing(
    (change: ProductChange) =>
      change.productId === null
        ? call(routes.catalogue.createProduct, { params: { merchantSlug: slug }, body: change.body })
        : call(routes.catalogue.updateProduct, {
            params: { merchantSlug: slug, productId: change.productId },
            body: change.body,
          }),
    catalogueKeys(slug),
  );
}

/** One supplier's terms for a product (its SKU, cost, pack, minimum, lead time), or it made the preferred one. */
export function useSetSupplierTerms(slug: string) {
  return useMutationRefreshing(
    ({ productId, supplierId, body }: { productId: string; supplierId: string; body: SupplierTerms }) =>
      call(routes.catalogue.setSupplierTerms, { params: { merchantSlug: slug, productId, supplierId }, body }),
    catalogueKeys(slug),
  );
}

/** Adds to or takes from the stock with a reason: the server applies it to the stock as it is then. */
export function useAdjustStock(slug: string) {
  return useMutationRefreshing(
    ({ productId, body }: { productId: string; body: StockAdjustment }) =>
      call(routes.catalogue.adjustStock, { params: { merchantSlug: slug, productId }, body }),
    catalogueKeys(slug),
  );
}

/**
 * Sends a catalogue CSV for a dry run or to apply, reporting the upload's progress; an applied import
 * refreshes every list of the catalogue.
 */
export function useImportCatalogue(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, onProgress }: { body: CatalogueImport; onProgress: (sent: number) => void }) =>
      callWithProgress(routes.catalogue.importCatalogue, { params: { merchantSlug: slug }, body }, onProgress),
    onSuccess: (result) =>
      result.dryRun ? undefined : Promise.all(catalogueKeys(slug).map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export function useArchiveProduct(slug: string) {
  return useMutationRefreshing(
    ({ productId, archived }: { productId: string; archived: boolean }) =>
      call(archived ? routes.catalogue.archiveProduct : routes.catalogue.restoreProduct, {
        params: { merchantSlug: slug, productId },
      }),
    catalogueKeys(slug),
  );
}

export function useDeleteProduct(slug: string) {
  return useMutationRefreshing(
    (productId: string) =>
      call(routes.catalogue.deleteProduct, { params: { merchantSlug: slug, productId } }),
    catalogueKeys(slug),
  );
}

// ---- suppliers ----------------------------------------------------------------------------

/** `enabled` false for someone who may not see the shop's suppliers (a cashier): nothing is asked. */
export function useSuppliers(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: keys.suppliers(slug),
    queryFn: async () => (await call(routes.suppliers.list, { params: { merchantSlug: slug } })).suppliers,
  });
}

/** A new supplier (no id yet), or a change of one. */
export type SupplierChange =
  { supplierId: null; body: CreateSupplier } | { supplierId: string; body: UpdateSupplier };

export function useSaveSupplier(slug: string) {
  return useMutationRefreshing(
    (change: SupplierChange) =>
      change.supplierId === null
        ? call(routes.suppliers.create, { params: { merchantSlug: slug }, body: change.body })
        : call(routes.suppliers.update, {
            params: { merchantSlug: slug, supplierId: change.supplierId },
            body: change.body,
          }),
    [keys.suppliers(slug)],
  );
}

export function useArchiveSupplier(slug: string) {
  return useMutationRefreshing(
    ({ supplierId, archived }: { supplierId: string; archived: boolean }) =>
      call(archived ? routes.suppliers.archive : routes.suppliers.restore, {
        params: { merchantSlug: slug, supplierId },
      }),
    [keys.suppliers(slug), keys.catalogue(slug)],
  );
}

export function useDeleteSupplier(slug: string) {
  return useMutationRefreshing(
    (supplierId: string) => call(routes.suppliers.delete, { params: { merchantSlug: slug, supplierId } }),
    [keys.suppliers(slug), keys.catalogue(slug)],
  );
}

// ---- orders -------------------------------------------------------------------------------

export function useShopOrders(slug: string, status: OrderStatus | 'all') {
  return useOrderList(keys.shopOrderList(slug, status), (page) =>
    call(routes.orders.shopList, {
      params: { merchantSlug: slug },
      query: { status: status === 'all' ? undefined : status, ...page },
    }),
  );
}

export function useShopOrder(slug: string, orderId: string) {
  return useQuery({
    queryKey: keys.shopOrder(slug, orderId),
    queryFn: () => call(routes.orders.shopOrder, { params: { merchantSlug: slug, orderId } }),
    refetchInterval: useLiveInterval({ clockBound: true }),
  });
}

export function useDispatchOrder(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) =>
      call(routes.orders.dispatch, { params: { merchantSlug: slug, orderId } }),
    onSuccess: (order) => queryClient.setQueryData(keys.shopOrder(slug, order.id), order),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.shopOrders(slug) }),
  });
}

// ---- staff --------------------------------------------------------------------------------

export function useStaff(slug: string) {
  return useQuery({
    queryKey: keys.staff(slug),
    queryFn: async () => (await call(routes.staff.list, { params: { merchantSlug: slug } })).staff,
  });
}

export function useAddStaff(slug: string) {
  return useMutationRefreshing(
    (body: AddStaff) => call(routes.staff.add, { params: { merchantSlug: slug }, body }),
    [keys.staff(slug)],
  );
}

export function useRemoveStaff(slug: string) {
  return useMutationRefreshing(
    (userId: string) => call(routes.staff.remove, { params: { merchantSlug: slug, userId } }),
    [keys.staff(slug)],
  );
}

// ---- API tokens ---------------------------------------------------------------------------

export function useApiTokens(slug: string) {
  return useQuery({
    queryKey: keys.apiTokens(slug),
    queryFn: async () => (await call(routes.apiTokens.list, { params: { merchantSlug: slug } })).tokens,
  });
}

export function useCreateApiToken(slug: string) {
  return useMutationRefreshing(
    (body: CreateApiToken) => call(routes.apiTokens.create, { params: { merchantSlug: slug }, body }),
    [keys.apiTokens(slug)],
  );
}

export function useRevokeApiToken(slug: string) {
  return useMutationRefreshing(
    (tokenId: string) => call(routes.apiTokens.revoke, { params: { merchantSlug: slug, tokenId } }),
    [keys.apiTokens(slug)],
  );
}
