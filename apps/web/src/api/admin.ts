import type { AdminUser, AuditEntry } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, path } from './client';
import { keys } from './keys';

export function useUsers() {
  return useQuery({
    queryKey: keys.users,
    queryFn: async () => (await get<{ users: AdminUser[] }>('/admin/users')).users,
  });
}

/** The switches of the users page: each is one PUT (on) or DELETE (off) of a sub-resource. */
export type UserToggle = 'roles/merchant' | 'roles/admin' | 'disabled';

function useUserChange<TInput>(request: (input: TInput) => Promise<{ user: AdminUser }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: ({ user }) => {
      queryClient.setQueryData<AdminUser[]>(keys.users, (users) => users?.map((u) => (u.id === user.id ? user : u)));
      // Every change is in the audit log now.
      void queryClient.invalidateQueries({ queryKey: keys.auditLog });
    },
  });
}

export function useSetUserToggle() {
  return useUserChange(({ userId, toggle, on }: { userId: string; toggle: UserToggle; on: boolean }) =>
    api<{ user: AdminUser }>(on ? 'PUT' : 'DELETE', `${path`/admin/users/${userId}`}/${toggle}`),
  );
}

/** Kept for the merchant switch's callers: the same as toggling `roles/merchant`. */
export function useSetMerchantRole() {
  return useUserChange(({ userId, granted }: { userId: string; granted: boolean }) =>
    api<{ user: AdminUser }>(granted ? 'PUT' : 'DELETE', path`/admin/users/${userId}/roles/merchant`),
  );
}

export function useAuditLog() {
  return useQuery({
    queryKey: keys.auditLog,
    queryFn: async () => (await get<{ entries: AuditEntry[] }>('/admin/audit-log?limit=200')).entries,
  });
}
