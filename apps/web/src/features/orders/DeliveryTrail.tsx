import { Code, List, Stack, Table, Text } from '@mantine/core';
import type { Delivery, DeliveryStep, Order } from '@myb/contracts';
import { DeliveryStageBadge, NotTakenWarning, STAGE } from './DeliveryStageBadge';

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** One line per step, in lower case so a step never reads like the current status's badge. */
function stepText(step: DeliveryStep): string {
  const who = step.recipients.length > 0 ? ` ${step.recipients.join(', ')}` : '';
  return `${STAGE[step.stage].label.toLowerCase()}${who} · ${timeOnly.format(new Date(step.at))}`;
}

function Trail({ steps }: { steps: DeliveryStep[] }) {
  return (
    <List size="sm" spacing={2} listStyleType="none" aria-label="Trail">
      {steps.map((step, index) => (
        <List.Item key={`${step.stage}-${step.at}-${index}`}>
          <Text size="sm" c={step.stage === 'failed' ? 'red.8' : undefined}>
            {stepText(step)}
          </Text>
          {step.reason && step.stage === 'failed' && (
            <Text size="xs" c="red.8">
              {step.reason}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

/**
 * Per supplier concerned by a dispatched order: how far its message got — queued, published to the
 * broker, delivered to the supplier's agent, e-mailed (to whom) — or why it failed. Refreshed live.
 */
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
  return <DeliveriesTable deliveries={order.deliveries} />;
}

/** Messages to suppliers (a dispatched order's, a purchase order's) and how far each got. */
export function DeliveriesTable({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Supplier deliveries" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Supplier</Table.Th>
            <Table.Th scope="col">Sent to (routing key)</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">E-mailed to</Table.Th>
            <Table.Th scope="col">Trail</Table.Th>
            <Table.Th scope="col" ta="right">
              Attempts
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((delivery) => (
            <Table.Tr key={delivery.eventId}>
              <Table.Td>{delivery.supplier.name}</Table.Td>
              <Table.Td>
                <Code>{delivery.routingKey}</Code>
              </Table.Td>
              <Table.Td miw={150}>
                <Stack gap={4} align="flex-start">
                  <DeliveryStageBadge stage={delivery.stage} lastError={delivery.lastError} />
                  <NotTakenWarning notTaken={delivery.notTaken} />
                  {delivery.lastError && delivery.status !== 'published' && (
                    <Text size="sm" c="red.8">
                      {delivery.lastError}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>{delivery.emailedTo.length > 0 ? delivery.emailedTo.join(', ') : '—'}</Table.Td>
              <Table.Td>
                <Trail steps={delivery.trail} />
              </Table.Td>
              <Table.Td ta="right">{delivery.attempts}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
