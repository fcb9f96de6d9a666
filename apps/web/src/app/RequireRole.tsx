import type { Role } from '@myb/contracts';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../api/auth';
import { EmptyState } from '../ui/EmptyState';
import { hasAnyRole, signInPath } from './navigation';

/**
 * Guards a group of routes. Signed-out visitors go to sign-in and come back here afterwards;
 * signed-in people without the role are told why, rather than shown a page that would fail with 403.
 */
export function RequireRole({ roles }: { roles?: Role[] }) {
  const { data: user } = useSession();
  const location = useLocation();
  if (!user) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  if (roles && !hasAnyRole(user, roles)) {
    return (
      <EmptyState title="This page is not for your account">
        It needs the {roles.join(' or ')} role. Ask an administrator to grant it, then sign in again.
      </EmptyState>
    );
  }
  return <Outlet />;
}
