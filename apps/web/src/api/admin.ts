import { routes, type AdminUser } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';

export function useUsers() {
  return useQuery({
    queryKey: keys.users,
    queryFn: async () => (await call(routes.admin.users)).users,
  });
}

/** The switches of the users page: each is set by one route and unset by another. */
const USER_TOGGLES = {
  'roles/merchant': routes.admin.merchantRole,
  'roles/admin': routes.admin.adminRole,
  disabled: routes.admin.disabled,
};
export type UserToggle = keyof typeof USER_TOGGLES;

function useUserChange<TInput>(request: (input: TInput) => Promise<{ user: AdminUser }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: ({ user }) => {
      queryClient.setQueryData<AdminUser[]>(keys.users, (users) =>
        users?.map((u) => (u.id === user.id ? user : u)),
      );
      // Every change is in the audit log now.
      void queryClient.invalidateQueries({ queryKey: keys.auditLog });
    },
  });
}

export function useSetUserToggle() {
  return useUserChange(({ userId, toggle, on }: { userId: string; toggle: UserToggle; on: boolean }) =>
    call(on ? USER_TOGGLES[toggle].set : USER_TOGGLES[toggle].unset, { params: { userId } }),
  );
}

/** Kept for the merchant switch's callers: the same as toggling `roles/merchant`. */
export function useSetMerchantRole() {
  return useUserChange(({ userId, granted }: { userId: string; granted: boolean }) =>
    call(granted ? routes.admin.merchantRole.set : routes.admin.merchantRole.unset, { params: { userId } }),
  );
}

export function useAuditLog() {
  return useQuery({
    queryKey: keys.auditLog,
    queryFn: async () => (await call(routes.admin.auditLog, { query: { limit: 200 } })).entries,
  });
}

/** The latest runs of the ledger's check. */
export function useStockChecks() {
  return useQuery({
    queryKey: keys.stockChecks,
    queryFn: async () => (await call(routes.stock.stockChecks)).checks,
  });
}

/** Runs the ledger's check now; the list shows it first. */
export function useRunStockCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(routes.stock.runStockCheck),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.stockChecks }),
  });
}
