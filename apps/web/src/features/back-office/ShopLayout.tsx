import { Anchor, Button, Group, Text } from '@mantine/core';
import type { Merchant } from '@myb/contracts';
import { Link, NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import { useMerchant } from '../../api/catalogue';
import { QueryView } from '../../ui/QueryView';

const SECTIONS = [
  { to: 'orders', label: 'Orders' },
  { to: 'catalogue', label: 'Catalogue' },
  { to: 'suppliers', label: 'Suppliers' },
  { to: 'messages', label: 'Messages' },
];

/** The shop's sections as links, so each is an address staff can bookmark at the counter. */
export function ShopLayout() {
  const { merchantSlug = '' } = useParams();
  const merchant = useMerchant(merchantSlug);
  return (
    <QueryView query={merchant} label="the shop">
      {(shop) => (
        <>
          <Group justify="space-between" mb="md" wrap="wrap">
            <Group gap="sm">
              <Text fw={700} size="lg">
                {shop.name}
              </Text>
              {/* Not "Back office": that name belongs to the main navigation link. */}
              <Anchor component={Link} to="/back-office" size="sm">
                Switch shop
              </Anchor>
            </Group>
            <Group component="nav" aria-label="Shop sections" gap={4}>
              {SECTIONS.map((section) => (
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
