import { Button } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconReceipt, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMyOrders } from '../../api/orders';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SearchInput } from '../../ui/SearchInput';
import { ShowOlderButton } from '../../ui/ShowOlderButton';
import { OrdersTable } from './OrdersTable';

export function MyOrdersPage() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const orders = useMyOrders(debounced);
  return (
    <>
      <PageHeader
        title="My orders"
        description="Statuses update by themselves: Placed, then Dispatched (or Cancelled)."
      />
      <SearchInput
        label="Search my orders"
        placeholder="Order number (1004 or A-1004) or shop"
        mb="md"
        value={search}
        onChange={setSearch}
      />
      <QueryView query={orders} label="your orders">
        {(list) =>
          list.length === 0 && debounced !== '' ? (
            <EmptyState title="No order matches" icon={<IconSearch />}>
              {`None of your orders matches “${debounced}”. Search by the order's number, with or without its letter, or by the shop's name.`}
            </EmptyState>
          ) : list.length === 0 ? (
            <EmptyState
              title="No orders yet"
              icon={<IconReceipt />}
              action={
                <Button component={Link} to="/">
                  Find a shop
                </Button>
              }
            >
              Pick a shop, add products to your cart and place your first order.
            </EmptyState>
          ) : (
            <>
              <OrdersTable
                orders={list}
                label="My orders"
                party="merchant"
                linkTo={(order) => `/orders/${order.id}`}
              />
              <ShowOlderButton list={orders} label="Show older orders" />
            </>
          )
        }
      </QueryView>
    </>
  );
}
