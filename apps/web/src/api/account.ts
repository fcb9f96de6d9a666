import { routes, type PasswordReset, type PasswordResetRequest, type SessionInfo } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';

export function useMySessions() {
  return useQuery({
    queryKey: keys.mySessions,
    queryFn: async () => (await call(routes.auth.sessions)).sessions,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => call(routes.auth.revokeSession, { params: { sessionId } }),
    onSuccess: (_, sessionId) =>
      queryClient.setQueryData<SessionInfo[]>(keys.mySessions, (sessions) =>
        sessions?.filter((s) => s.id !== sessionId),
      ),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetRequest) => call(routes.auth.requestPasswordReset, { body }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: PasswordReset) => call(routes.auth.resetPassword, { body }),
  });
}
