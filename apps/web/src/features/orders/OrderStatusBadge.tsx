import { Badge } from '@mantine/core';
import type { Delivery, OrderStatus } from '@myb/contracts';

/** The customer's words for the order's states: `open` is placed, `closed` is dispatched. */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = { open: 'Placed', closed: 'Dispatched' };

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge color={status === 'open' ? 'blue' : 'green'} variant="light" size="lg">
      {ORDER_STATUS_LABEL[status]}
    </Badge>
  );
}

const DELIVERY_LABEL: Record<Delivery['status'], { label: string; color: string }> = {
  pending: { label: 'Waiting', color: 'yellow' },
  published: { label: 'Published', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

export function DeliveryStatusBadge({ status }: { status: Delivery['status'] }) {
  const { label, color } = DELIVERY_LABEL[status];
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}
