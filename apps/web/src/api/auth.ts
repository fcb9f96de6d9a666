import { routes, type SignIn, type SignUp, type User } from '@myb/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';

/** Nobody signed in is a normal answer (null), so a signed-out visit makes no failing request. */
async function fetchSession(): Promise<User | null> {
  return (await call(routes.auth.whoAmI)).user;
}

export function useSession() {
  return useQuery({ queryKey: keys.session, queryFn: fetchSession, staleTime: 60_000 });
}

export function useAuthProviders() {
  return useQuery({
    queryKey: keys.authProviders,
    queryFn: () => call(routes.auth.providers),
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
    mutationFn: (body: SignIn) => call(routes.auth.signIn, { body }),
    onSuccess: ({ user }) => switchSession(queryClient, user),
  });
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUp) => call(routes.auth.signUp, { body }),
    onSuccess: ({ user }) => switchSession(queryClient, user),
  });
}

/**
 * Signing out reloads the app at the home page (or at `then`, such as the sign-in page of a link
 * meant for another account): nothing of the previous session survives in memory, and no
 * members-only page re-renders for a signed-out visitor (and bounces them to sign-in) on the way.
 */
export function useSignOut(then = '/') {
  return useMutation({
    mutationFn: () => call(routes.auth.signOut),
    onSuccess: () => window.location.assign(then),
  });
}
