import { MERCHANT_PERMISSIONS, type MerchantPermission, type ShopRole } from './features/merchants';

/**
 * May someone acting in a shop as `role` do `permission` there? The server's gate and the web app's
 * menus and buttons both ask this, so the two never disagree. An admin may do everything; no role
 * (not working at the shop) nothing.
 */
export function can(role: ShopRole | undefined, permission: MerchantPermission): boolean {
  if (role === undefined) {
    return false;
  }
  return role === 'admin' || MERCHANT_PERMISSIONS[permission].includes(role);
}
