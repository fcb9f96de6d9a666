import { Alert, Badge, Text } from '@mantine/core';
import type { DeliveryStage, NotTaken } from '@myb/contracts';
import { IconAlertTriangle } from '@tabler/icons-react';

/** The one wording of a message's stage, wherever a message is shown. */
export const STAGE: Record<DeliveryStage, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'yellow' },
  published: { label: 'Published', color: 'blue' },
  delivered: { label: 'Delivered', color: 'cyan' },
  emailed: { label: 'E-mailed', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

/** A queued message with an error is one the relay could not hand to the broker yet. */
export const waitingForBroker = (message: { stage: DeliveryStage; lastError: string | null }) =>
  message.stage === 'queued' && message.lastError !== null;

export function DeliveryStageBadge({ stage, lastError = null }: { stage: DeliveryStage; lastError?: string | null }) {
  const { label, color } = waitingForBroker({ stage, lastError })
    ? { label: 'Waiting for broker', color: 'orange' }
    : STAGE[stage];
  return (
    <Badge color={color} variant="light" style={{ overflow: 'visible' }}>
      {label}
    </Badge>
  );
}

/** Said beside a message published long ago that no device has taken: the server's sentence, as it wrote it. */
export function NotTakenWarning({ notTaken }: { notTaken: NotTaken | null }) {
  if (!notTaken) {
    return null;
  }
  return (
    <Alert color="orange" variant="light" p="xs" icon={<IconAlertTriangle size={16} />} role="status">
      <Text size="sm">{notTaken.message}</Text>
    </Alert>
  );
}
