import {
  routes,
  type CreatePurchaseOrder,
  type PurchaseOrder,
  type PurchaseOrderReason,
  type PurchaseOrderStatus,
  type ReceivePurchaseOrder,
  type UpdatePurchaseOrder,
} from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useMutationRefreshing } from './backOffice';
import { call, retryLostAnswers } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';
import { usePagedList } from './pages';

/** What the list is narrowed to: a status and a supplier's id (empty: not narrowed). */
export interface PurchaseOrderFilter {
  status: PurchaseOrderStatus | '';
  supplier: string;
  /** Only those sent and not acknowledged past their supplier's deadline. */
  overdue: boolean;
}

/** The shop's purchase orders, newest first, a page at a time, narrowed by `filter`. */
export function usePurchaseOrders(slug: string, filter: PurchaseOrderFilter) {
  const query = {
    status: filter.status || undefined,
    supplier: filter.supplier || undefined,
    overdue: filter.overdue ? 'true' : undefined,
  };
  return usePagedList(
    keys.purchaseOrderList(slug, query),
    async (page) =>
      (
        await call(routes.purchaseOrders.list, {
          params: { merchantSlug: slug },
          query: { ...query, ...page },
        })
      ).purchaseOrders,
  );
}

/**
 * One purchase order with its lines, history, receipts and message to the supplier. Read again and
 * again once sent: the message's trail moves, and a colleague may receive goods against it.
 */
export function usePurchaseOrder(slug: string, purchaseOrderId: string) {
  const liveInterval = useLiveInterval({ clockBound: true });
  return useQuery({
    queryKey: keys.purchaseOrder(slug, purchaseOrderId),
    queryFn: () => call(routes.purchaseOrders.get, { params: { merchantSlug: slug, purchaseOrderId } }),
    refetchInterval: (query) => (query.state.data?.status === 'draft' ? false : liveInterval),
  });
}

/** A change answered with the whole purchase order: shown at once, and every list reads again. */
function usePurchaseOrderChange<Input>(slug: string, change: (input: Input) => Promise<PurchaseOrder>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (order) => queryClient.setQueryData(keys.purchaseOrder(slug, order.id), order),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.purchaseOrders(slug) }),
  });
}

/**
 * A new draft, with an id made here once for the editor's life: a save whose answer was lost is sent
 * again with the same id, and the server answers the draft it wrote rather than writing two.
 */
export function useCreatePurchaseOrder(slug: string) {
  const [id] = useState(() => uuidv4());
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: Omit<CreatePurchaseOrder, 'id'>) =>
      call(routes.purchaseOrders.create, { params: { merchantSlug: slug }, body: { id, ...body } }),
    ...retryLostAnswers,
    onSuccess: (order) => queryClient.setQueryData(keys.purchaseOrder(slug, order.id), order),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.purchaseOrders(slug) }),
  });
  return { ...mutation, id };
}

/** A draft's lines, expected date or note. */
export function useUpdatePurchaseOrder(slug: string, purchaseOrderId: string) {
  return usePurchaseOrderChange(slug, (body: UpdatePurchaseOrder) =>
    call(routes.purchaseOrders.update, { params: { merchantSlug: slug, purchaseOrderId }, body }),
  );
}

/** Sends a draft to its supplier. */
export function useSendPurchaseOrder(slug: string, purchaseOrderId: string) {
  return usePurchaseOrderChange(slug, (_: void) =>
    call(routes.purchaseOrders.send, { params: { merchantSlug: slug, purchaseOrderId } }),
  );
}

/** Sends a sent purchase order's lines to the products' backup suppliers instead, cancelling it. */
export function useSendToBackupSuppliers(slug: string, purchaseOrderId: string) {
  return useMutationRefreshing(
    (_: void) => call(routes.purchaseOrders.backup, { params: { merchantSlug: slug, purchaseOrderId } }),
    [keys.purchaseOrders(slug)],
  );
}

/** Cancels a purchase order nothing has come against, or closes one partly received short. */
export function useEndPurchaseOrder(slug: string, purchaseOrderId: string, how: 'cancel' | 'closeShort') {
  return usePurchaseOrderChange(slug, (body: PurchaseOrderReason) =>
    call(routes.purchaseOrders[how], { params: { merchantSlug: slug, purchaseOrderId }, body }),
  );
}

/**
 * Goods received, with the receipt's id given by the dialog (made once when it opened): a receipt
 * whose answer was lost is sent again with it, and stock moves once. The stock and the catalogue's
 * average costs move with it.
 */
export function useReceiveGoods(slug: string, purchaseOrderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReceivePurchaseOrder) =>
      call(routes.purchaseOrders.receive, { params: { merchantSlug: slug, purchaseOrderId }, body }),
    ...retryLostAnswers,
    onSettled: () =>
      Promise.all(
        [keys.purchaseOrders(slug), keys.catalogue(slug), keys.products(slug), keys.stockMovements(slug)].map(
          (queryKey) => queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
