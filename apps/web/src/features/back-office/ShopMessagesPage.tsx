import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { deliveryStageSchema, type MessageLogEntry, type MessageLogQuery } from '@myb/contracts';
import { IconMail } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSuppliers } from '../../api/backOffice';
import { errorMessage } from '../../api/client';
import { useMessageAction, useShopDevices, useShopMessages } from '../../api/messages';
import { formatDateTime } from '../../lib/format';
import { DeliveryStageBadge, NotTakenWarning, STAGE, waitingForBroker } from '../orders/DeliveryStageBadge';
import { MessageAcknowledgementStatus } from '../orders/MessageAcknowledgementStatus';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from './ShopLayout';
import { useUrlFilters } from '../../lib/url-filters';

/** `datetime-local` speaks the viewer's wall clock without a zone; the API wants an instant. */
function toInstant(local: string | null): string | undefined {
  if (!local) {
    return undefined;
  }
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function ActionButton({ entry, action }: { entry: MessageLogEntry; action: 'resend' | 'retry' }) {
  const shop = useShop();
  const mutation = useMessageAction(shop.slug, action);
  const label = action === 'resend' ? 'Resend' : 'Retry';
  return (
    <Button
      size="xs"
      variant={action === 'retry' ? 'filled' : 'light'}
      loading={mutation.isPending}
      aria-label={`${label} the message to ${entry.supplier.name}${entry.order ? ` for order ${entry.order.number}` : ''}`}
      onClick={() =>
        void mutation.mutateAsync(entry.eventId).then(
          () =>
            notifications.show({
              color: 'green',
              title: action === 'resend' ? 'Sent again' : 'Retrying',
              message:
                action === 'resend'
                  ? `${entry.supplier.name} will be e-mailed again.`
                  : `The recipients ${entry.supplier.name}'s agent gave up on will be tried again.`,
            }),
          (error: unknown) =>
            notifications.show({ color: 'red', title: `${label} refused`, message: errorMessage(error) }),
        )
      }
    >
      {label}
    </Button>
  );
}

function MessagesTable({ messages }: { messages: MessageLogEntry[] }) {
  const shop = useShop();
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table aria-label="Messages to suppliers" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Supplier</Table.Th>
            <Table.Th scope="col">Order</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">E-mailed to</Table.Th>
            <Table.Th scope="col">Acknowledgement</Table.Th>
            <Table.Th scope="col">
              <span className="mantine-visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {messages.map((entry) => {
            const waiting = waitingForBroker(entry);
            return (
              <Table.Tr key={entry.eventId}>
                <Table.Td>{formatDateTime(entry.createdAt)}</Table.Td>
                <Table.Td>{entry.supplier.name}</Table.Td>
                <Table.Td>
                  {entry.order ? (
                    <Anchor component={Link} to={`/back-office/${shop.slug}/orders/${entry.order.id}`}>
                      {entry.order.number}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td miw={160}>
                  <Stack gap={4} align="flex-start">
                    <DeliveryStageBadge stage={entry.stage} lastError={entry.lastError} />
                    {(entry.failure ?? (waiting ? entry.lastError : null)) && (
                      <Text size="sm" c="red.8">
                        {entry.failure ?? entry.lastError}
                      </Text>
                    )}
                    <NotTakenWarning notTaken={entry.notTaken} />
                  </Stack>
                </Table.Td>
                <Table.Td>{entry.emailedTo.length > 0 ? entry.emailedTo.join(', ') : '—'}</Table.Td>
                <Table.Td miw={200}>
                  {entry.acknowledgement ? (
                    <MessageAcknowledgementStatus acknowledgement={entry.acknowledgement} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      Not asked
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {(entry.stage === 'failed' || waiting || entry.notTaken !== null) && (
                      <ActionButton entry={entry} action="retry" />
                    )}
                    <ActionButton entry={entry} action="resend" />
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Which supplier devices (agents) are online, and since when; nothing until an agent announces itself. */
function SupplierDevices() {
  const shop = useShop();
  const devices = useShopDevices(shop.slug);
  if (!devices.data || devices.data.length === 0) {
    return null;
  }
  return (
    <Table aria-label="Supplier devices" mb="lg" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Supplier</Table.Th>
          <Table.Th scope="col">Device</Table.Th>
          <Table.Th scope="col">Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {devices.data.map((device) => (
          <Table.Tr key={`${device.supplier.id}-${device.agent}`}>
            <Table.Td>{device.supplier.name}</Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {device.agent}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge color={device.online ? 'green' : 'gray'} variant="light" style={{ overflow: 'visible' }}>
                {device.online ? 'Online' : 'Offline'}
              </Badge>{' '}
              <Text span size="sm" c="dimmed">
                since {formatDateTime(device.since)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Every message the shop sent its suppliers, searchable by supplier, order, status and time; failed
 * ones (the agents' dead letters) show the reason and can be retried, any one can be sent again. A
 * message the supplier is asked to acknowledge shows who acknowledged it, how and when, or its deadline;
 * those not acknowledged in time can be listed alone.
 */
export function ShopMessagesPage() {
  const shop = useShop();
  const suppliers = useSuppliers(shop.slug);
  const { params, setParam: set } = useUrlFilters();
  const stageParam = deliveryStageSchema.safeParse(params.get('stage'));
  const query: MessageLogQuery = {
    supplier: params.get('supplier') ?? undefined,
    order: params.get('order') || undefined,
    stage: stageParam.success ? stageParam.data : undefined,
    from: toInstant(params.get('from')),
    to: toInstant(params.get('to')),
    overdue: params.get('overdue') === 'true',
  };
  const messages = useShopMessages(shop.slug, query);

  return (
    <>
      <PageHeader
        title="Messages"
        description="What each supplier was sent, and what became of it. Updates by itself."
      />
      <SupplierDevices />
      <Group mb="md" align="flex-end" wrap="wrap">
        <Select
          label="Supplier"
          placeholder="All"
          clearable
          data={(suppliers.data ?? []).map((supplier) => ({ value: supplier.slug, label: supplier.name }))}
          value={query.supplier ?? null}
          onChange={(value) => set('supplier', value)}
        />
        <TextInput
          label="Order"
          placeholder="1042 or A-1042"
          value={params.get('order') ?? ''}
          onChange={(event) => set('order', event.currentTarget.value.trim())}
        />
        <Select
          label="Status"
          placeholder="Any"
          clearable
          data={deliveryStageSchema.options.map((stage) => ({
            value: stage,
            label: STAGE[stage].label,
          }))}
          value={query.stage ?? null}
          onChange={(value) => set('stage', value)}
        />
        <TextInput
          label="From"
          type="datetime-local"
          value={params.get('from') ?? ''}
          onChange={(event) => set('from', event.currentTarget.value)}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={params.get('to') ?? ''}
          onChange={(event) => set('to', event.currentTarget.value)}
        />
        <Checkbox
          label="Not acknowledged in time"
          checked={query.overdue ?? false}
          onChange={(event) => set('overdue', event.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
      </Group>
      <QueryView query={messages} label="messages">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No messages here" icon={<IconMail />}>
              Messages appear when you dispatch an order; change the search to see others.
            </EmptyState>
          ) : (
            <MessagesTable messages={list} />
          )
        }
      </QueryView>
    </>
  );
}
