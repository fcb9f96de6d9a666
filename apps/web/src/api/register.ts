import {
  routes,
  type CashMove,
  type CloseShift,
  type CreateRegister,
  type CreateReturn,
  type CreateSale,
  type EmailShiftReport,
  type OpenShift,
  type Sale,
  type SetRegisterPin,
  type UpdateRegister,
  type VoidLines,
} from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutationRefreshing } from './backOffice';
import { call, retryLostAnswers } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

/** The shop's registers with their open shifts; live, as colleagues open and close them. */
export function useRegisters(slug: string) {
  return useQuery({
    queryKey: keys.registers(slug),
    queryFn: async () =>
      (await call(routes.register.registers, { params: { merchantSlug: slug } })).registers,
    refetchInterval: useLiveInterval(),
  });
}

export function useCreateRegister(slug: string) {
  return useMutationRefreshing(
    (body: CreateRegister) => call(routes.register.createRegister, { params: { merchantSlug: slug }, body }),
    [keys.registers(slug)],
  );
}

export function useUpdateRegister(slug: string) {
  return useMutationRefreshing(
    ({ registerId, body }: { registerId: string; body: UpdateRegister }) =>
      call(routes.register.updateRegister, { params: { merchantSlug: slug, registerId }, body }),
    [keys.registers(slug)],
  );
}

export function useOpenShift(slug: string) {
  return useMutationRefreshing(
    ({ registerId, body }: { registerId: string; body: OpenShift }) =>
      call(routes.register.openShift, { params: { merchantSlug: slug, registerId }, body }),
    [keys.registers(slug)],
  );
}

/** A shift's X report (open) or Z report (closed); asked only while `enabled` (its dialog is open). */
export function useShiftReport(slug: string, shiftId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: keys.registerShift(slug, shiftId),
    queryFn: () => call(routes.register.shift, { params: { merchantSlug: slug, shiftId } }),
    // Always the drawer as it is now, never a report read a minute ago.
    staleTime: 0,
  });
}

export function useMoveCash(slug: string, shiftId: string) {
  return useMutationRefreshing(
    (body: CashMove) => call(routes.register.moveCash, { params: { merchantSlug: slug, shiftId }, body }),
    [keys.registerShift(slug, shiftId)],
  );
}

/** Lines taken off the cart before payment: recorded with who did it, for the shift's report. */
export function useVoidLines(slug: string, shiftId: string) {
  return useMutationRefreshing(
    (body: VoidLines) => call(routes.register.voidLines, { params: { merchantSlug: slug, shiftId }, body }),
    [keys.registerShift(slug, shiftId)],
  );
}

/** The caller's discount cap at the register, and the owner and managers who can approve above it with their PIN. */
export function useRegisterApprovers(slug: string) {
  return useQuery({
    queryKey: keys.registerApprovers(slug),
    queryFn: () => call(routes.register.approvers, { params: { merchantSlug: slug } }),
  });
}

/** Whether I have a register PIN at this shop (owners and managers). */
export function useRegisterPin(slug: string, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: keys.registerPin(slug),
    queryFn: () => call(routes.register.pin, { params: { merchantSlug: slug } }),
  });
}

export function useSetRegisterPin(slug: string) {
  return useMutationRefreshing(
    (body: SetRegisterPin) => call(routes.register.setPin, { params: { merchantSlug: slug }, body }),
    [keys.registerPin(slug), keys.registerApprovers(slug)],
  );
}

export function useCloseShift(slug: string, shiftId: string) {
  return useMutationRefreshing(
    (body: CloseShift) => call(routes.register.closeShift, { params: { merchantSlug: slug, shiftId }, body }),
    [keys.registers(slug), keys.registerShift(slug, shiftId)],
  );
}

/** Sends the shift's X or Z report, as this person may read it, to an address. */
export function useEmailShiftReport(slug: string, shiftId: string) {
  return useMutation({
    mutationFn: (body: EmailShiftReport) =>
      call(routes.register.emailShiftReport, { params: { merchantSlug: slug, shiftId }, body }),
  });
}

/**
 * Records a sale or a return at the register: sent again with the same id when its answer was lost,
 * then the stock, the grid and the shift's report read again.
 */
function useRecordAtRegister<Body extends { shiftId: string }>(
  slug: string,
  send: (body: Body) => Promise<Sale>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    ...retryLostAnswers,
    onSuccess: (sale) => queryClient.setQueryData(keys.registerSale(slug, sale.id), sale),
    // Stock moved, or a price changed (a refusal): the grid and the cart read the catalogue again. Store
    // credit moved, or fell short (a refusal): the customer's balance is read again.
    onSettled: (_sale, _error, body) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.catalogue(slug) }),
        queryClient.invalidateQueries({ queryKey: keys.products(slug) }),
        queryClient.invalidateQueries({ queryKey: keys.registerShift(slug, body.shiftId) }),
        queryClient.invalidateQueries({ queryKey: keys.customers(slug) }),
      ]),
  });
}

export const useCreateSale = (slug: string, registerId: string) =>
  useRecordAtRegister(slug, (body: CreateSale) =>
    call(routes.register.createSale, { params: { merchantSlug: slug, registerId }, body }),
  );

export const useCreateReturn = (slug: string, registerId: string) =>
  useRecordAtRegister(slug, (body: CreateReturn) =>
    call(routes.register.createReturn, { params: { merchantSlug: slug, registerId }, body }),
  );

/** Finds a sale by its receipt's number, as it is now (what is left of it to return), for a return. */
export function useFetchReturnable(slug: string) {
  const queryClient = useQueryClient();
  return (receiptNumber: string) =>
    queryClient.fetchQuery({
      queryKey: ['register-receipts', slug, receiptNumber],
      queryFn: () => call(routes.register.returnable, { params: { merchantSlug: slug, receiptNumber } }),
      staleTime: 0,
    });
}

export function useSale(slug: string, saleId: string) {
  return useQuery({
    queryKey: keys.registerSale(slug, saleId),
    queryFn: () => call(routes.register.sale, { params: { merchantSlug: slug, saleId } }),
  });
}

/** Reads a sale once, for a screen that needs it in an event handler (a sale recorded before its answer was lost). */
export function useFetchSale(slug: string) {
  const queryClient = useQueryClient();
  return (saleId: string) =>
    queryClient.fetchQuery({
      queryKey: keys.registerSale(slug, saleId),
      queryFn: () => call(routes.register.sale, { params: { merchantSlug: slug, saleId } }),
    });
}
