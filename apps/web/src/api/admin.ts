import type { User } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, path } from './client';
import { keys } from './keys';

export function useUsers() {
  return useQuery({
    queryKey: keys.users,
    queryFn: async () => (await get<{ users: User[] }>('/admin/users')).users,
  });
}

export function useSetMerchantRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, granted }: { userId: string; granted: boolean }) =>
      api<{ user: User }>(granted ? 'PUT' : 'DELETE', path`/admin/users/${userId}/roles/merchant`),
    onSuccess: ({ user }) => {
      queryClient.setQueryData<User[]>(keys.users, (users) =>
        users?.map((u) => (u.id === user.id ? user : u)),
      );
    },
  });
}
