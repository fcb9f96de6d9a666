import type { PasswordReset, PasswordResetRequest, SessionInfo } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, path } from './client';
import { keys } from './keys';

export function useMySessions() {
  return useQuery({
    queryKey: keys.mySessions,
    queryFn: async () => (await get<{ sessions: SessionInfo[] }>('/auth/sessions')).sessions,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => api<void>('DELETE', path`/auth/sessions/${sessionId}`),
    onSuccess: (_, sessionId) =>
      queryClient.setQueryData<SessionInfo[]>(keys.mySessions, (sessions) => sessions?.filter((s) => s.id !== sessionId)),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetRequest) => api<void>('POST', '/auth/password-reset', body),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: PasswordReset) => api<void>('POST', '/auth/password-reset/confirm', body),
  });
}
