import { Button } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMyOrders } from '../../api/orders';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { OlderOrdersButton } from './OlderOrdersButton';
import { OrdersTable } from './OrdersTable';

export function MyOrdersPage() {
  const orders = useMyOrders();
  return (
    <>
      <PageHeader title="My orders" description="Statuses update by themselves: Placed, then Dispatched." />
      <QueryView query={orders} label="your orders">
        {(list) =>
          list.length === 0 ? (
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
              <OlderOrdersButton list={orders} />
            </>
          )
        }
      </QueryView>
    </>
  );
}
