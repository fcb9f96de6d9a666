import { describe, expect, it } from 'vitest';
import { MERCHANT_PERMISSIONS, merchantRoleSchema } from './features/merchants';
import { can } from './permissions';

describe('can', () => {
  it('lets a cashier read the catalogue but not change it', () => {
    expect(can('cashier', 'readCatalogue')).toBe(true);
    expect(can('cashier', 'catalogue')).toBe(false);
    expect(can('cashier', 'suppliers')).toBe(false);
    expect(can('cashier', 'orders')).toBe(true);
  });

  it('lets a manager change the catalogue but not the staff', () => {
    expect(can('manager', 'catalogue')).toBe(true);
    expect(can('manager', 'staff')).toBe(false);
  });

  it('shows the sales list, orders and register sales together, only to whoever may see both', () => {
    for (const role of merchantRoleSchema.options) {
      if (MERCHANT_PERMISSIONS.sales.includes(role)) {
        expect([role, can(role, 'orders'), can(role, 'register')]).toEqual([role, true, true]);
      }
    }
    expect(can('cashier', 'sales')).toBe(true);
  });

  it('lets an admin and an owner do everything, and nobody else anything', () => {
    for (const permission of ['orders', 'readCatalogue', 'catalogue', 'suppliers', 'staff'] as const) {
      expect(can('admin', permission)).toBe(true);
      expect(can('owner', permission)).toBe(true);
      expect(can(undefined, permission)).toBe(false);
    }
  });
});
