import { Badge } from '@mantine/core';
import type { OrderStatus } from '@myb/contracts';

/** The customer's words for the order's states: `open` is placed, `closed` is dispatched. */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = { open: 'Placed', closed: 'Dispatched' };

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge color={status === 'open' ? 'blue' : 'green'} variant="light" size="lg">
      {ORDER_STATUS_LABEL[status]}
    </Badge>
  );
}
