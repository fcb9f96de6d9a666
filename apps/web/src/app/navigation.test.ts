import type { User } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { activeNavItem, visibleNavItems } from './navigation';

const admin: User = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  name: 'Ada',
  roles: ['customer', 'admin', 'merchant'],
  createdAt: '2026-01-01T00:00:00Z',
};

describe('the main navigation', () => {
  const items = visibleNavItems(admin);
  const active = (pathname: string) => activeNavItem(items, pathname)?.label;

  it('lights one item per page, the one whose address is the closest', () => {
    expect(active('/admin/audit-log')).toBe('Admin');
    expect(active('/admin')).toBe('Admin');
    expect(active('/account')).toBe('Account');
    expect(active('/back-office/acme/orders')).toBe('Back office');
    expect(active('/orders/1234')).toBe('My orders');
  });

  it('gives the home page and the shop pages to Shops, and nothing else', () => {
    expect(active('/')).toBe('Shops');
    expect(active('/shops/acme')).toBe('Shops');
    expect(active('/sign-in')).toBeUndefined();
    expect(active('/administrators')).toBeUndefined();
  });

  it('offers admins the back office', () => {
    expect(items.map((item) => item.label)).toContain('Back office');
  });
});
