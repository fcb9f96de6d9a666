import { Badge, Text } from '@mantine/core';
import type { StockCountStatus } from '@myb/contracts';
import { formatDateTime } from '../../lib/format';
import { COUNT_STATUS_COLOR, COUNT_STATUS_LABEL } from './stockCount';

export function StockCountStatusBadge({ status }: { status: StockCountStatus }) {
  return (
    <Badge color={COUNT_STATUS_COLOR[status]} variant="light">
      {COUNT_STATUS_LABEL[status]}
    </Badge>
  );
}

/** Who did something and when, on two lines; a dash while nobody has. */
export function ByWhom({ person, at }: { person: { name: string } | null; at: string | null }) {
  if (at === null) {
    return (
      <Text c="dimmed" span>
        —
      </Text>
    );
  }
  return (
    <>
      <Text size="sm">{person?.name ?? 'Someone no longer on the staff'}</Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(at)}
      </Text>
    </>
  );
}
