import { Stack, Table, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useSupplierMessages } from '../../api/supplier';
import { formatDateTime } from '../../lib/format';
import { DeliveryStageBadge, NotTakenWarning } from '../orders/DeliveryStageBadge';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

interface DispatchedItem {
  sku: string;
  product: string;
  quantity: number;
}

/** The `order.dispatched` body's items, read defensively: older or newer event types may differ. */
function itemsOf(payload: Record<string, unknown>): DispatchedItem[] {
  return Array.isArray(payload.items) ? (payload.items as DispatchedItem[]) : [];
}

export function SupplierInboxPage() {
  const messages = useSupplierMessages();
  return (
    <>
      <PageHeader title="Supplier inbox" description="What shops sent to the suppliers you belong to, newest first." />
      <QueryView query={messages} label="your messages">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="Nothing sent yet" icon={<IconInbox />}>
              When a shop dispatches an order with your products, it appears here and your agent receives it.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Messages" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Shop</Table.Th>
                    <Table.Th scope="col">Order</Table.Th>
                    <Table.Th scope="col">Supplier</Table.Th>
                    <Table.Th scope="col">Items</Table.Th>
                    <Table.Th scope="col">Delivery</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((message) => (
                    <Table.Tr key={message.id}>
                      <Table.Td>{formatDateTime(message.createdAt)}</Table.Td>
                      <Table.Td>{message.merchant.name}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{message.order?.number ?? '—'}</Table.Td>
                      <Table.Td>{message.supplier.name}</Table.Td>
                      <Table.Td>
                        {itemsOf(message.payload).map((item) => (
                          <Text key={item.sku} size="sm">
                            {item.quantity} × {item.product} ({item.sku})
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <DeliveryStageBadge stage={message.stage} />
                          <NotTakenWarning notTaken={message.notTaken} />
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </>
  );
}
