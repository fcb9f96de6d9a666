import { Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMerchants } from '../../api/catalogue';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

export function MerchantsPage() {
  const merchants = useMerchants();
  return (
    <>
      <PageHeader title="Shops" description="Choose a shop to see its products and order." />
      <QueryView query={merchants} label="shops">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No shops yet" icon={<IconBuildingStore />}>
              Shops appear here as soon as a merchant opens one from the Back office. Merchants: sign in and
              create your shop under Back office.
            </EmptyState>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {list.map((merchant) => (
                <Card
                  key={merchant.id}
                  component={Link}
                  to={`/shops/${merchant.slug}`}
                  withBorder
                  padding="lg"
                >
                  <Group justify="space-between" wrap="nowrap" mb="xs">
                    <Title order={2} size="h3">
                      {merchant.name}
                    </Title>
                    <Badge variant="light" color="gray">
                      {merchant.currency}
                    </Badge>
                  </Group>
                  <Text c="dimmed" lineClamp={3}>
                    {merchant.description || 'Open the shop to see what it sells.'}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </QueryView>
    </>
  );
}
