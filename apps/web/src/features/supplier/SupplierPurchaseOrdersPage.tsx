import { Anchor, Table } from '@mantine/core';
import { formatMoney } from '@myb/contracts';
import { IconFileInvoice } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSupplierPurchaseOrders } from '../../api/supplier';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { formatDay } from '../../lib/format';
import { PurchaseOrderStatusBadge } from './PurchaseOrderAcknowledgement';

/** The purchase orders shops sent to the suppliers the signed-in person belongs to, newest first. */
export function SupplierPurchaseOrdersPage() {
  const purchaseOrders = useSupplierPurchaseOrders();
  return (
    <>
      <PageHeader
        title="Purchase orders"
        description="What shops ordered from the suppliers you belong to. Open one to confirm the quantities and the delivery date."
      />
      <QueryView query={purchaseOrders} label="your purchase orders">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No purchase orders yet" icon={<IconFileInvoice />}>
              When a shop sends your supplier a purchase order, it appears here for you to confirm.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table aria-label="Purchase orders" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Number</Table.Th>
                    <Table.Th scope="col">Shop</Table.Th>
                    <Table.Th scope="col">Supplier</Table.Th>
                    <Table.Th scope="col">Sent</Table.Th>
                    <Table.Th scope="col">Expected</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Total
                    </Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((order) => (
                    <Table.Tr key={order.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Anchor component={Link} to={`/supplier-purchase-orders/${order.id}`} fw={600}>
                          {order.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{order.merchant.name}</Table.Td>
                      <Table.Td>{order.supplier.name}</Table.Td>
                      <Table.Td>{formatDateTime(order.sentAt)}</Table.Td>
                      <Table.Td>{order.expectedOn ? formatDay(order.expectedOn) : '—'}</Table.Td>
                      <Table.Td ta="right">{formatMoney(order.totalMinor, order.currency)}</Table.Td>
                      <Table.Td>
                        <PurchaseOrderStatusBadge status={order.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </>
  );
}
