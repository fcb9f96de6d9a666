import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatMoney, type Order } from '@myb/contracts';
import { IconCircleX } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { formatDateTime } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { OrderItemsTable } from './OrderItemsTable';
import { OrderStatusBadge } from './OrderStatusBadge';

/** A labelled figure of a record's summary: a date, a total, who. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** A titled part of a page, named by its heading for screen readers' landmarks list. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" mb="xs" id={id}>
        {title}
      </Title>
      {children}
    </section>
  );
}

interface OrderDetailsProps {
  order: Order;
  /** The shop sees who ordered; the customer sees from which shop. */
  party: 'merchant' | 'customer';
  actions?: ReactNode;
  children?: ReactNode;
}

/** Who cancelled the order and why, in the words of the side reading it. */
function Cancellation({ order, party }: { order: Order; party: OrderDetailsProps['party'] }) {
  const { cancellation } = order;
  if (!cancellation) {
    return null;
  }
  const when = formatDateTime(cancellation.at);
  const who =
    cancellation.by === 'customer'
      ? party === 'customer'
        ? `You cancelled this order on ${when}.`
        : `The customer cancelled this order on ${when}.`
      : `${cancellation.name} cancelled this order on ${when}.`;
  return (
    <Alert color="gray" icon={<IconCircleX aria-hidden />} title="Cancelled before dispatch">
      <Text>{who}</Text>
      <Text>{cancellation.reason ? `Reason: ${cancellation.reason}` : 'No reason given.'}</Text>
      <Text size="sm" c="dimmed">
        Its items went back into stock; no supplier was told of it.
      </Text>
    </Alert>
  );
}

/** The order page shared by the customer and the shop, with room for each side's extras. */
export function OrderDetails({ order, party, actions, children }: OrderDetailsProps) {
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            Order {order.number} <OrderStatusBadge status={order.status} />
          </Group>
        }
        actions={actions}
      />
      <Stack gap="lg">
        <Cancellation order={order} party={party} />
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {party === 'merchant' ? (
              <Fact label="Customer">
                {order.customer.name}
                <Text size="sm" c="dimmed">
                  {order.customer.email}
                </Text>
              </Fact>
            ) : (
              <Fact label="Shop">{order.merchant.name}</Fact>
            )}
            <Fact label="Placed">{formatDateTime(order.createdAt)}</Fact>
            {order.cancellation ? (
              <Fact label="Cancelled">{formatDateTime(order.cancellation.at)}</Fact>
            ) : (
              <Fact label="Dispatched">
                {order.dispatchedAt ? formatDateTime(order.dispatchedAt) : 'Not yet'}
              </Fact>
            )}
            <Fact label="Total">{formatMoney(order.totalMinor, order.currency)}</Fact>
          </SimpleGrid>
        </Paper>
        <Section title="Items">
          <OrderItemsTable order={order} />
        </Section>
        {children}
      </Stack>
    </>
  );
}
