import { Anchor, Table } from '@mantine/core';
import { formatMoney, type Order } from '@myb/contracts';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { OrderStatusBadge } from './OrderStatusBadge';

interface OrdersTableProps {
  orders: Order[];
  label: string;
  /** The customer sees which shop; the shop sees which customer. */
  party: 'merchant' | 'customer';
  linkTo: (order: Order) => string;
}

export function OrdersTable({ orders, label, party, linkTo }: OrdersTableProps) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={label} striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          {/* What tells orders apart first: on a phone these stay in view, the rest scrolls in. */}
          <Table.Tr>
            <Table.Th scope="col">Order</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
            <Table.Th scope="col">{party === 'merchant' ? 'Shop' : 'Customer'}</Table.Th>
            <Table.Th scope="col">Placed</Table.Th>
            <Table.Th scope="col" ta="right">
              Items
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((order) => (
            <Table.Tr key={order.id}>
              <Table.Td>
                <Anchor component={Link} to={linkTo(order)} fw={600}>
                  {order.number}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <OrderStatusBadge status={order.status} />
              </Table.Td>
              <Table.Td ta="right">{formatMoney(order.totalMinor, order.currency)}</Table.Td>
              <Table.Td>{party === 'merchant' ? order.merchant.name : order.customer.name}</Table.Td>
              <Table.Td>{formatDateTime(order.createdAt)}</Table.Td>
              <Table.Td ta="right">{order.items.reduce((sum, item) => sum + item.quantity, 0)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
