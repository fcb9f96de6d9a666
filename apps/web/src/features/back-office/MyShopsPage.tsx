import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ShopRole } from '@myb/contracts';
import { IconBuildingStore } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../../api/auth';
import { useMyMerchants } from '../../api/backOffice';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { CreateShopForm } from './CreateShopForm';

const ROLE_COLOURS: Record<ShopRole, string> = {
  owner: 'blue',
  manager: 'teal',
  cashier: 'gray',
  admin: 'grape',
};

export function MyShopsPage() {
  const merchants = useMyMerchants();
  const roles = useSession().data?.roles ?? [];
  const canOpenShops = roles.includes('merchant');
  const isAdmin = roles.includes('admin');
  return (
    <>
      <PageHeader
        title="My shops"
        description={
          isAdmin
            ? 'Every shop: as an admin you may do in each what its owner may.'
            : 'The shops you own or work at.'
        }
      />
      <Stack gap="xl">
        <QueryView query={merchants} label="your shops">
          {(list) =>
            list.length === 0 ? (
              <EmptyState
                title={isAdmin ? 'No shop has been opened yet' : 'You have no shop yet'}
                icon={<IconBuildingStore />}
              >
                {isAdmin && !canOpenShops
                  ? 'Shops appear here as merchants open them. Grant a person the merchant role under Admin so they can open one.'
                  : canOpenShops
                    ? 'Fill in the form below and press “Create shop”; then add suppliers and products.'
                    : 'Ask a shop owner to add you to their staff.'}
              </EmptyState>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {list.map((merchant) => (
                  <Card
                    key={merchant.id}
                    component={Link}
                    to={`/back-office/${merchant.slug}`}
                    withBorder
                    padding="lg"
                  >
                    <Group justify="space-between" wrap="nowrap">
                      <Title order={2} size="h3">
                        {merchant.name}
                      </Title>
                      <Badge variant="light" color={ROLE_COLOURS[merchant.role]}>
                        {merchant.role}
                      </Badge>
                    </Group>
                    {/* The address customers open, rather than the bare slug it is made of. */}
                    <Text size="sm" c="dimmed">
                      Web address: /shops/{merchant.slug}
                    </Text>
                  </Card>
                ))}
              </SimpleGrid>
            )
          }
        </QueryView>
        {canOpenShops && <CreateShopForm />}
      </Stack>
    </>
  );
}
