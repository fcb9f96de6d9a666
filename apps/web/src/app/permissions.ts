import { can, type MerchantPermission, type ShopRole } from '@myb/contracts';
import { useParams } from 'react-router';
import { useMyMerchants } from '../api/backOffice';

/** How the signed-in person acts in the shop `slug` (admins in every shop), or undefined if not at all or not yet known. */
export function useShopRole(slug: string): ShopRole | undefined {
  return useMyMerchants().data?.find((merchant) => merchant.slug === slug)?.role;
}

/**
 * May the signed-in person do `permission` in the shop whose back office is open? The server's own
 * rule (`can` over MERCHANT_PERMISSIONS), so a control shown is a control that works. False while the
 * role is loading: controls appear, never disappear.
 */
export function useCan(permission: MerchantPermission): boolean {
  const { merchantSlug = '' } = useParams();
  return can(useShopRole(merchantSlug), permission);
}
