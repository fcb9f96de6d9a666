import { Badge, Stack, Text } from '@mantine/core';
import type { MessageAcknowledgement } from '@myb/contracts';
import { formatDateTime } from '../../lib/format';

const HOW: Record<NonNullable<MessageAcknowledgement['acknowledged']>['how'], string> = {
  portal: 'in the supplier portal',
  message: 'by message',
  link: 'through the e-mailed link',
};

/**
 * Where the acknowledgement of a dispatched order's message stands, for the shop and the supplier
 * alike: acknowledged (by whom, how, when), or waiting, with its deadline and what was done past it.
 */
export function MessageAcknowledgementStatus({
  acknowledgement,
}: {
  acknowledgement: MessageAcknowledgement;
}) {
  const { acknowledged, dueAt, overdue, resentAt, merchantToldAt } = acknowledgement;
  if (acknowledged) {
    const by = acknowledged.by?.name ?? (acknowledged.how === 'message' ? acknowledged.agent : null);
    return (
      <Stack gap={2} align="flex-start">
        <Badge color="green" variant="light" style={{ overflow: 'visible' }}>
          Acknowledged
        </Badge>
        <Text size="sm">
          {by ? `By ${by} ` : ''}
          {HOW[acknowledged.how]}, {formatDateTime(acknowledged.at)}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={overdue ? 'orange' : 'blue'} variant="light" style={{ overflow: 'visible' }}>
        {overdue ? 'Not acknowledged in time' : 'Waiting for acknowledgement'}
      </Badge>
      <Text size="sm">{dueAt ? `Due ${formatDateTime(dueAt)}` : 'No deadline'}</Text>
      {resentAt && (
        <Text size="sm" c="dimmed">
          Sent again {formatDateTime(resentAt)}
          {merchantToldAt ? `; you were e-mailed ${formatDateTime(merchantToldAt)}` : ''}
        </Text>
      )}
    </Stack>
  );
}
