import { Anchor, Badge, Group, Text } from '@mantine/core';
import { can, type Merchant, type MerchantPermission } from '@myb/contracts';
import { IconLock } from '@tabler/icons-react';
import { Link, Outlet, useLocation, useOutletContext, useParams } from 'react-router';
import { useMyMerchants } from '../../api/backOffice';
import { useMerchant } from '../../api/catalogue';
import { useShopRole } from '../../app/permissions';
import { EmptyState } from '../../ui/EmptyState';
import { LinkButtons } from '../../ui/LinkButtons';
import { QueryView } from '../../ui/QueryView';

const SECTIONS: { to: string; label: string; permission: MerchantPermission }[] = [
  { to: 'dashboard', label: 'Today', permission: 'reports' },
  { to: 'sales', label: 'Sales', permission: 'sales' },
  { to: 'orders', label: 'Orders', permission: 'orders' },
  { to: 'register', label: 'Register', permission: 'register' },
  { to: 'customers', label: 'Customers', permission: 'customers' },
  { to: 'catalogue', label: 'Catalogue', permission: 'readCatalogue' },
  { to: 'stock', label: 'Stock', permission: 'catalogue' },
  { to: 'suppliers', label: 'Suppliers', permission: 'suppliers' },
  { to: 'purchase-orders', label: 'Purchase orders', permission: 'purchasing' },
  { to: 'messages', label: 'Messages', permission: 'suppliers' },
  { to: 'staff', label: 'Staff', permission: 'staff' },
  { to: 'staff-hours', label: 'Staff hours', permission: 'timesheets' },
  { to: 'my-hours', label: 'My hours', permission: 'clock' },
  { to: 'reports', label: 'Reports', permission: 'reports' },
  { to: 'settings', label: 'Settings', permission: 'settings' },
];

/** The section an address is in (`/back-office/acme/orders/…` → orders). */
function sectionOf(pathname: string, merchantSlug: string) {
  const rest = pathname.split(`/back-office/${merchantSlug}/`)[1] ?? '';
  return SECTIONS.find((section) => rest === section.to || rest.startsWith(`${section.to}/`));
}

/**
 * The shop's sections as links, so each is an address staff can bookmark at the counter. Only the
 * sections the server would let this person open are offered (the same rule, `can`); an address typed
 * for another section says so instead of showing a page that would fail.
 */
export function ShopLayout() {
  const { merchantSlug = '' } = useParams();
  const { pathname } = useLocation();
  const merchant = useMerchant(merchantSlug);
  const myShops = useMyMerchants();
  const role = useShopRole(merchantSlug);
  const sections = SECTIONS.filter((section) => can(role, section.permission));
  const current = sectionOf(pathname, merchantSlug);
  return (
    <QueryView query={merchant} label="the shop">
      {(shop) => (
        <QueryView query={myShops} label="your role in the shop">
          {() => (
            <>
              <Group justify="space-between" mb="md" wrap="wrap">
                <Group gap="sm">
                  <Text fw={700} size="lg">
                    {shop.name}
                  </Text>
                  {shop.closedAt && (
                    <Badge color="gray" variant="light">
                      Closed
                    </Badge>
                  )}
                  {/* Not "Back office": that name belongs to the main navigation link. */}
                  <Anchor component={Link} to="/back-office" size="sm">
                    Switch shop
                  </Anchor>
                </Group>
                <LinkButtons label="Shop sections" links={sections} />
              </Group>
              {current && !can(role, current.permission) ? (
                <EmptyState title={`${current.label} is not part of your role`} icon={<IconLock />}>
                  {role
                    ? `As ${role === 'admin' ? 'an admin' : `a ${role}`} of ${shop.name} you may open: ${sections.map((section) => section.label).join(', ')}. Ask the shop's owner if you need more.`
                    : `You do not work at ${shop.name}. Ask its owner to add you to the staff.`}
                </EmptyState>
              ) : (
                <Outlet context={shop} />
              )}
            </>
          )}
        </QueryView>
      )}
    </QueryView>
  );
}

/** The shop whose back office is open, for the pages inside it. */
export function useShop(): Merchant {
  return useOutletContext<Merchant>();
}
