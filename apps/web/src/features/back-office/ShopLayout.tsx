import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { MERCHANT_PERMISSIONS, type Merchant, type MerchantPermission } from '@myb/contracts';
import { Link, NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import { useSession } from '../../api/auth';
import { useMyMerchants } from '../../api/backOffice';
import { useMerchant } from '../../api/catalogue';
import { QueryView } from '../../ui/QueryView';

const SECTIONS: { to: string; label: string; permission: MerchantPermission }[] = [
  { to: 'orders', label: 'Orders', permission: 'orders' },
  { to: 'catalogue', label: 'Catalogue', permission: 'catalogue' },
  { to: 'suppliers', label: 'Suppliers', permission: 'suppliers' },
  { to: 'messages', label: 'Messages', permission: 'suppliers' },
  { to: 'staff', label: 'Staff', permission: 'staff' },
  { to: 'settings', label: 'Settings', permission: 'settings' },
];

/** The sections the server would let this person open; admins see them all. */
function useVisibleSections(merchantSlug: string) {
  const isAdmin = useSession().data?.roles.includes('admin') ?? false;
  const role = useMyMerchants().data?.find((merchant) => merchant.slug === merchantSlug)?.role;
  return SECTIONS.filter((section) => isAdmin || (role !== undefined && MERCHANT_PERMISSIONS[section.permission].includes(role)));
}

/** The shop's sections as links, so each is an address staff can bookmark at the counter. */
export function ShopLayout() {
  const { merchantSlug = '' } = useParams();
  const merchant = useMerchant(merchantSlug);
  const sections = useVisibleSections(merchantSlug);
  return (
    <QueryView query={merchant} label="the shop">
      {(shop) => (
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
            <Group component="nav" aria-label="Shop sections" gap={4}>
              {sections.map((section) => (
                <NavLink key={section.to} to={section.to} style={{ textDecoration: 'none' }}>
                  {({ isActive }) => (
                    <Button component="span" variant={isActive ? 'filled' : 'default'}>
                      {section.label}
                    </Button>
                  )}
                </NavLink>
              ))}
            </Group>
          </Group>
          <Outlet context={shop} />
        </>
      )}
    </QueryView>
  );
}

/** The shop whose back office is open, for the pages inside it. */
export function useShop(): Merchant {
  return useOutletContext<Merchant>();
}
