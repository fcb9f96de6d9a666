import type { AuthProviders, SignIn, SignUp, User } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, get } from './client';
import { keys } from './keys';

async function fetchSession(): Promise<User | null> {
  try {
    return (await get<{ user: User }>('/auth/session')).user;
  } catch (error) {
    // 401 is the normal answer when nobody is signed in, not a failure to show.
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: keys.session, queryFn: fetchSession, staleTime: 60_000 });
}

export function useAuthProviders() {
  return useQuery({
    queryKey: keys.authProviders,
    queryFn: () => get<AuthProviders>('/auth/providers'),
    staleTime: Infinity,
  });
}

/** Another person's data must not linger in the cache after the session changes hands. */
function switchSession(queryClient: QueryClient, user: User | null) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.session[0] });
  queryClient.setQueryData(keys.session, user);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignIn) => api<{ user: User }>('POST', '/auth/sign-in', body),
    onSuccess: ({ user }) => switchSession(queryClient, user),
  });
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUp) => api<{ user: User }>('POST', '/auth/sign-up', body),
    onSuccess: ({ user }) => switchSession(queryClient, user),
  });
}

/**
 * Signing out reloads the app at the home page: nothing of the previous session survives in memory,
 * and no members-only page re-renders for a signed-out visitor (and bounces them to sign-in) on the way.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/sign-out'),
    onSuccess: () => window.location.assign('/'),
  });
}
