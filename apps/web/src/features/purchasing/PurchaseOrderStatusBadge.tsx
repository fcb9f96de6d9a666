import { Badge } from '@mantine/core';
import type { PurchaseOrderStatus } from '@myb/contracts';

export const PURCHASE_ORDER_STATUS_LABEL: Record<PurchaseOrderStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  acknowledged: 'Confirmed by supplier',
  partially_received: 'Partly received',
  received: 'Received',
  closed: 'Closed short',
  cancelled: 'Cancelled',
};

const COLOR: Record<PurchaseOrderStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  acknowledged: 'indigo',
  partially_received: 'yellow',
  received: 'green',
  closed: 'teal',
  cancelled: 'red',
};

export function PurchaseOrderStatusBadge({ status }: { status: PurchaseOrderStatus }) {
  return (
    <Badge color={COLOR[status]} variant="light" size="lg">
      {PURCHASE_ORDER_STATUS_LABEL[status]}
    </Badge>
  );
}

/** Who wrote a purchase order, or made a change: nobody is the shop's reorder rules, or the system. */
export const authorName = (person: { name: string } | null) => person?.name ?? 'Reorder rules';
export const actorName = (person: { name: string } | null) => person?.name ?? 'Automatically';
