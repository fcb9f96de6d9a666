import { SegmentedControl } from '@mantine/core';
import type { OrderStatus } from '@myb/contracts';
import { IconReceipt } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useShopOrders } from '../../api/backOffice';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { OlderOrdersButton } from '../orders/OlderOrdersButton';
import { OrdersTable } from '../orders/OrdersTable';
import { useShop } from './ShopLayout';

type Filter = OrderStatus | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'open', label: 'To dispatch' },
  { value: 'closed', label: 'Dispatched' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'all', label: 'All' },
];

function isFilter(value: string | null): value is Filter {
  return FILTERS.some((filter) => filter.value === value);
}

const EMPTY_TEXT: Record<Filter, string> = {
  open: 'Nothing to dispatch. New orders appear here by themselves as customers place them.',
  closed: 'No order dispatched yet. Open an order under “To dispatch” and press “Dispatch”.',
  cancelled: 'No order cancelled. An order cancelled before dispatch shows here, with who cancelled it and why.',
  all: 'No orders yet. Share your shop’s page with customers; their orders appear here live.',
};

export function ShopOrdersPage() {
  const shop = useShop();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: Filter = isFilter(raw) ? raw : 'open';
  const orders = useShopOrders(shop.slug, status);

  return (
    <>
      <PageHeader
        title="Orders"
        description="This list updates by itself."
        actions={
          <SegmentedControl
            aria-label="Show orders"
            data={FILTERS}
            value={status}
            onChange={(value) => setParams({ status: value }, { replace: true })}
          />
        }
      />
      <QueryView query={orders} label="orders">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No orders here" icon={<IconReceipt />}>
              {EMPTY_TEXT[status]}
            </EmptyState>
          ) : (
            <>
              <OrdersTable
                orders={list}
                label="Orders"
                party="customer"
                linkTo={(order) => `/back-office/${shop.slug}/orders/${order.id}`}
              />
              <OlderOrdersButton list={orders} />
            </>
          )
        }
      </QueryView>
    </>
  );
}
