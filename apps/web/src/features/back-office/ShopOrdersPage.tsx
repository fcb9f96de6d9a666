import { Button, Group, Kbd, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import type { OrderStatus } from '@myb/contracts';
import { IconReceipt, IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useShopOrderSearch } from '../../api/orders';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { OlderOrdersButton } from '../orders/OlderOrdersButton';
import { OrdersTable } from '../orders/OrdersTable';
import { useShop } from './ShopLayout';
import { useUrlFilters } from '../../lib/url-filters';

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

/** A day as the date field gives it (`YYYY-MM-DD`), or nothing. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayParam = (value: string | null) => (value && DAY.test(value) ? value : '');

export function ShopOrdersPage() {
  const shop = useShop();
  const { params, setParams, setParam } = useUrlFilters();
  const raw = params.get('status');
  const status: Filter = isFilter(raw) ? raw : 'open';
  const from = dayParam(params.get('from'));
  const to = dayParam(params.get('to'));
  const backwards = from !== '' && to !== '' && from > to;

  // The search box answers at typing speed; the URL and the list follow once typing pauses.
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) {
      setParam('q', debounced);
    }
    // Only the debounced text drives the URL: the URL changing for another reason must not rewrite it.
  }, [debounced]);

  const orders = useShopOrderSearch(shop.slug, {
    status,
    q: params.get('q') ?? '',
    // A range that ends before it starts is shown as wrong, not sent.
    from: backwards ? '' : from,
    to: backwards ? '' : to,
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
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            ref={searchRef}
            type="search"
            label="Search orders"
            placeholder="Order number (1004 or A-1004), customer name or e-mail"
            leftSection={<IconSearch aria-hidden size={18} />}
            rightSection={<Kbd aria-hidden>/</Kbd>}
            aria-keyshortcuts="/"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setSearch('');
              }
            }}
            style={{ flex: '1 1 20rem' }}
          />
          <TextInput
            type="date"
            label="Placed from"
            value={from}
            max={to || undefined}
            onChange={(event) => setParam('from', dayParam(event.currentTarget.value))}
          />
          <TextInput
            type="date"
            label="Placed until"
            value={to}
            min={from || undefined}
            error={backwards ? 'The first day must come before the last.' : undefined}
            onChange={(event) => setParam('to', dayParam(event.currentTarget.value))}
          />
        </Group>
        <QueryView query={orders} label="orders">
          {(list) =>
            list.length === 0 ? (
              filtered ? (
                <EmptyState
                  title="No order matches"
                  icon={<IconSearch />}
                  action={
                    <Button variant="default" onClick={clearFilters}>
                      Clear search and dates
                    </Button>
                  }
                >
                  {`No order under “${FILTERS.find((filter) => filter.value === status)!.label}” matches. Search by the order's number, with or without its letter, or by the customer's name or e-mail, or look under “All”.`}
                </EmptyState>
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
                <OlderOrdersButton list={orders} />
              </>
            )
          }
        </QueryView>
      </Stack>
    </>
  );
}
