import { Button, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SupplierMessage } from '@myb/contracts';
import { IconInbox } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { useAcknowledgeMessage, useSupplierMessages } from '../../api/supplier';
import { formatDateTime } from '../../lib/format';
import { DeliveryStageBadge, NotTakenWarning } from '../orders/DeliveryStageBadge';
import { MessageAcknowledgementStatus } from '../orders/MessageAcknowledgementStatus';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

interface DispatchedItem {
  sku: string;
  product: string;
  quantity: number;
}

/** The `order.dispatched` body's items, read defensively: older or newer event types may differ. */
export function itemsOf(payload: Record<string, unknown>): DispatchedItem[] {
  return Array.isArray(payload.items) ? (payload.items as DispatchedItem[]) : [];
}

/** The shop's request to acknowledge the message, and the button that does it while it waits. */
function Acknowledgement({ message }: { message: SupplierMessage }) {
  const acknowledge = useAcknowledgeMessage();
  if (!message.acknowledgement) {
    return <Text size="sm">—</Text>;
  }
  return (
    <Stack gap="xs" align="flex-start">
      <MessageAcknowledgementStatus acknowledgement={message.acknowledgement} />
      {!message.acknowledgement.acknowledged && (
        <Button
          size="sm"
          loading={acknowledge.isPending}
          aria-label={`Acknowledge order ${message.order?.number ?? ''} from ${message.merchant.name}`}
          onClick={() =>
            acknowledge.mutate(message.id, {
              onSuccess: () =>
                notifications.show({
                  color: 'green',
                  message: `Order ${message.order?.number ?? ''} acknowledged: ${message.merchant.name} sees it.`,
                }),
              onError: (error) =>
                notifications.show({ color: 'red', title: 'Not acknowledged', message: errorMessage(error) }),
            })
          }
        >
          Acknowledge
        </Button>
      )}
    </Stack>
  );
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
            <Table.ScrollContainer minWidth={900}>
              <Table aria-label="Messages" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Shop</Table.Th>
                    <Table.Th scope="col">Order</Table.Th>
                    <Table.Th scope="col">Supplier</Table.Th>
                    <Table.Th scope="col">Items</Table.Th>
                    <Table.Th scope="col">Delivery</Table.Th>
                    <Table.Th scope="col">Acknowledgement</Table.Th>
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
                      <Table.Td>
                        <Acknowledgement message={message} />
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
