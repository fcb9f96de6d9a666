import { routes, type InviteSupplierPerson } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutationRefreshing } from './backOffice';
import { call } from './client';
import { keys } from './keys';

/** Who has access to what the shop sends a supplier, and whom it invited. */
export function useSupplierPeople(slug: string, supplierId: string) {
  return useQuery({
    queryKey: keys.supplierPeople(slug, supplierId),
    queryFn: () => call(routes.supplierInvitations.list, { params: { merchantSlug: slug, supplierId } }),
  });
}

export function useInviteSupplierPerson(slug: string, supplierId: string) {
  return useMutationRefreshing(
    (body: InviteSupplierPerson) =>
      call(routes.supplierInvitations.invite, { params: { merchantSlug: slug, supplierId }, body }),
    [keys.supplierPeople(slug, supplierId)],
  );
}

export function useWithdrawSupplierInvitation(slug: string, supplierId: string) {
  return useMutationRefreshing(
    (invitationId: string) =>
      call(routes.supplierInvitations.withdraw, { params: { merchantSlug: slug, supplierId, invitationId } }),
    [keys.supplierPeople(slug, supplierId)],
  );
}

/** The invitation of an e-mailed link: not retried, since a used, expired or withdrawn one stays so. */
export function useSupplierInvitation(token: string) {
  return useQuery({
    queryKey: keys.supplierInvitation(token),
    queryFn: () => call(routes.supplierInvitations.byLink, { params: { token } }),
    retry: false,
  });
}

/** Accepts, then reloads the session, whose roles now include the supplier's. */
export function useAcceptSupplierInvitation(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(routes.supplierInvitations.accept, { params: { token } }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.session }),
  });
}
