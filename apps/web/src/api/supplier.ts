import {
  routes,
  type AcknowledgePurchaseOrder,
  type SupplierMessage,
  type SupplierPurchaseOrder,
} from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

export function useSupplierMessages() {
  return useQuery({
    queryKey: keys.supplierMessages,
    queryFn: async () => (await call(routes.messages.supplierInbox)).messages,
    refetchInterval: useLiveInterval(),
  });
}

/** Acknowledges a dispatched order's message in the portal; the inbox then shows it acknowledged. */
export function useAcknowledgeMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) => call(routes.messages.supplierAcknowledge, { params: { messageId } }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.supplierMessages }),
  });
}

/** The dispatched order's message of an e-mailed link: not retried, since a used or expired link stays so. */
export function useOrderMessageLink(token: string) {
  return useQuery({
    queryKey: keys.orderMessageLink(token),
    queryFn: () => call(routes.messages.byLink, { params: { token } }),
    retry: false,
  });
}

/** Acknowledges through the link, which then stops working: the answer is kept as the page's data. */
export function useAcknowledgeOrderMessageByLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(routes.messages.acknowledgeByLink, { params: { token } }),
    onSuccess: (message: SupplierMessage) => client.setQueryData(keys.orderMessageLink(token), message),
  });
}

export function useSupplierPurchaseOrders() {
  return useQuery({
    queryKey: keys.supplierPurchaseOrders,
    queryFn: async () => (await call(routes.supplierPurchaseOrders.list)).purchaseOrders,
  });
}

export function useSupplierPurchaseOrder(purchaseOrderId: string) {
  return useQuery({
    queryKey: keys.supplierPurchaseOrder(purchaseOrderId),
    queryFn: () => call(routes.supplierPurchaseOrders.get, { params: { purchaseOrderId } }),
  });
}

/** Acknowledges in the portal; the page and the list then show the answer. */
export function useAcknowledgeAsSupplier(purchaseOrderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AcknowledgePurchaseOrder) =>
      call(routes.supplierPurchaseOrders.acknowledge, { params: { purchaseOrderId }, body }),
    onSuccess: (order: SupplierPurchaseOrder) => {
      client.setQueryData(keys.supplierPurchaseOrder(purchaseOrderId), order);
      void client.invalidateQueries({ queryKey: keys.supplierPurchaseOrders, exact: true });
    },
  });
}

/** The purchase order of an e-mailed link: not retried, since a used or expired link stays so. */
export function usePurchaseOrderLink(token: string) {
  return useQuery({
    queryKey: keys.purchaseOrderLink(token),
    queryFn: () => call(routes.supplierPurchaseOrders.byLink, { params: { token } }),
    retry: false,
  });
}

/** Acknowledges through the link, which then stops working: the answer is kept as the page's data. */
export function useAcknowledgeByLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AcknowledgePurchaseOrder) =>
      call(routes.supplierPurchaseOrders.acknowledgeByLink, { params: { token }, body }),
    onSuccess: (order: SupplierPurchaseOrder) => client.setQueryData(keys.purchaseOrderLink(token), order),
  });
}
