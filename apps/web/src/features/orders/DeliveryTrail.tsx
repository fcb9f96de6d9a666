import { Code, Stack, Table, Text } from '@mantine/core';
import type { Order } from '@myb/contracts';
import { formatDateTime } from '../../lib/format';
import { DeliveryStatusBadge } from './OrderStatusBadge';

/** Per supplier concerned by a dispatched order: whether its message reached the broker. */
export function DeliveryTrail({ order }: { order: Order }) {
  if (order.deliveries.length === 0) {
    return (
      <Text c="dimmed">
        {order.status === 'open'
          ? 'Suppliers are notified when you dispatch this order; their deliveries will show here.'
          : 'No supplier was concerned by this order.'}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Supplier deliveries" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Supplier</Table.Th>
            <Table.Th scope="col">Routing key</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Attempts
            </Table.Th>
            <Table.Th scope="col">Published at</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.deliveries.map((delivery) => (
            <Table.Tr key={delivery.eventId}>
              <Table.Td>{delivery.supplier.name}</Table.Td>
              <Table.Td>
                <Code>{delivery.routingKey}</Code>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <DeliveryStatusBadge status={delivery.status} />
                  {delivery.lastError && delivery.status !== 'published' && (
                    <Text size="sm" c="red.8">
                      {delivery.lastError}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td ta="right">{delivery.attempts}</Table.Td>
              <Table.Td>{delivery.publishedAt ? formatDateTime(delivery.publishedAt) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
