import type { Role, User } from '@myb/contracts';

export interface NavItem {
  to: string;
  label: string;
  /** Any one of these roles shows the link; none listed means everybody, signed in or not. */
  roles?: Role[];
  signedIn?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Shops' },
  { to: '/orders', label: 'My orders', signedIn: true },
  { to: '/back-office', label: 'Back office', roles: ['merchant', 'staff', 'admin'] },
  { to: '/supplier-inbox', label: 'Supplier inbox', roles: ['supplier'] },
  { to: '/supplier-purchase-orders', label: 'Purchase orders', roles: ['supplier'] },
  { to: '/admin', label: 'Admin', roles: ['admin'] },
  { to: '/mail', label: 'Mail', roles: ['admin', 'merchant'] },
  { to: '/account', label: 'Account', signedIn: true },
];

export function hasAnyRole(user: User | null | undefined, roles: readonly Role[]): boolean {
  return !!user && roles.some((role) => user.roles.includes(role));
}

export function visibleNavItems(user: User | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (item.roles) {
      return hasAnyRole(user, item.roles);
    }
    return !item.signedIn || !!user;
  });
}

/**
 * The one item the page at `pathname` belongs to: the item whose address is the longest that contains
 * the page (so the audit log, under /admin, lights Audit log and not Admin too). The Shops item owns
 * the home page and the shop pages (/shops/…), not everything under `/`.
 */
export function activeNavItem(items: readonly NavItem[], pathname: string): NavItem | undefined {
  const owns = (item: NavItem) =>
    item.to === '/'
      ? pathname === '/' || pathname.startsWith('/shops/')
      : pathname === item.to || pathname.startsWith(`${item.to}/`);
  return items.filter(owns).sort((a, b) => b.to.length - a.to.length)[0];
}

/** Only same-site paths, so a crafted `?next=https://evil.example` cannot bounce a fresh session away. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function signInPath(returnTo: string): string {
  return `/sign-in?next=${encodeURIComponent(returnTo)}`;
}
