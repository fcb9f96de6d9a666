import { SegmentedControl, Stack } from '@mantine/core';
import type { OrderStatus } from '@myb/contracts';
import { IconReceipt } from '@tabler/icons-react';
import { useShopOrderSearch } from '../../api/orders';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { NoMatch, SearchAndDays } from '../../ui/SearchAndDays';
import { ShowOlderButton } from '../../ui/ShowOlderButton';
import { OrdersTable } from '../orders/OrdersTable';
import { useShop } from './ShopLayout';
import { dayParam } from '../../lib/days';
import { useUrlFilters, useUrlSearch } from '../../lib/url-filters';

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
  const { params, setParams, setParam } = useUrlFilters();
  const raw = params.get('status');
  const status: Filter = isFilter(raw) ? raw : 'open';
  const from = dayParam(params.get('from'));
  const to = dayParam(params.get('to'));

  const { search, setSearch } = useUrlSearch();


  const orders = useShopOrderSearch(shop.slug, {
    status,
    q: params.get('q') ?? '',
    from,
    to,
  });
  const filtered = (params.get('q') ?? '') !== '' || from !== '' || to !== '';
  const clearFilters = () => {
    setSearch('');
    setParams(raw ? { status: raw } : {}, { replace: true });
  };

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
            onChange={(value) => setParam('status', value)}
          />
        }
      />
      <Stack gap="md">
        <SearchAndDays
          search={{ label: 'Search orders', placeholder: 'Order number (1004 or A-1004), customer name or e-mail', value: search, onChange: setSearch }}
          days={{ from, to, labels: { from: 'Placed from', to: 'Placed until' }, onChange: (which, day) => setParam(which, day) }}
        />
        <QueryView query={orders} label="orders">
          {(list) =>
            list.length === 0 ? (
              filtered ? (
                <NoMatch title="No order matches" onClear={clearFilters}>
                  {`No order under “${FILTERS.find((filter) => filter.value === status)!.label}” matches. Search by the order's number, with or without its letter, or by the customer's name or e-mail, or look under “All”.`}
                </NoMatch>
              ) : (
                <EmptyState title="No orders here" icon={<IconReceipt />}>
                  {EMPTY_TEXT[status]}
                </EmptyState>
              )
            ) : (
              <>
                <OrdersTable
                  orders={list}
                  label="Orders"
                  party="customer"
                  linkTo={(order) => `/back-office/${shop.slug}/orders/${order.id}`}
                />
                <ShowOlderButton list={orders} label="Show older orders" />
              </>
            )
          }
        </QueryView>
      </Stack>
    </>
  );
}
