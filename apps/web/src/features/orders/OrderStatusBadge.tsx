import { Badge } from '@mantine/core';
import type { OrderStatus } from '@myb/contracts';

/** The customer's words for the order's states: `open` is placed, `closed` is dispatched. */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  open: 'Placed',
  closed: 'Dispatched',
  cancelled: 'Cancelled',
};
const ORDER_STATUS_COLOR: Record<OrderStatus, string> = { open: 'blue', closed: 'green', cancelled: 'gray' };

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge color={ORDER_STATUS_COLOR[status]} variant="light" size="lg">
      {ORDER_STATUS_LABEL[status]}
    </Badge>
  );
}
