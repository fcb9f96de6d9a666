import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../../api/auth';
import { useMyMerchants } from '../../api/backOffice';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { CreateShopForm } from './CreateShopForm';

export function MyShopsPage() {
  const merchants = useMyMerchants();
  const canOpenShops = useSession().data?.roles.includes('merchant') ?? false;
  return (
    <>
      <PageHeader title="My shops" description="The shops you own or work at." />
      <Stack gap="xl">
        <QueryView query={merchants} label="your shops">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="You have no shop yet" icon={<IconBuildingStore />}>
                {canOpenShops
                  ? 'Fill in the form below and press “Create shop”; then add suppliers and products.'
                  : 'Ask a shop owner to add you to their staff.'}
              </EmptyState>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {list.map((merchant) => (
                  <Card
                    key={merchant.id}
                    component={Link}
                    to={`/back-office/${merchant.slug}/orders`}
                    withBorder
                    padding="lg"
                  >
                    <Group justify="space-between" wrap="nowrap">
                      <Title order={2} size="h3">
                        {merchant.name}
                      </Title>
                      <Badge variant="light" color={merchant.role === 'owner' ? 'blue' : 'gray'}>
                        {merchant.role}
                      </Badge>
                    </Group>
                    <Text size="sm" c="dimmed">
                      /{merchant.slug}
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
