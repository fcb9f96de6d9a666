import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Table, Text } from '@mantine/core';
import {
  formatMoney,
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrderStatus,
  type PurchaseOrderSummary,
} from '@myb/contracts';
import { IconFileInvoice, IconFilterOff, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSuppliers } from '../../api/backOffice';
import { usePurchaseOrders, type PurchaseOrderFilter } from '../../api/purchasing';
import { formatDateTime, formatDay } from '../../lib/format';
import { useUrlFilters } from '../../lib/url-filters';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { ShowOlderButton } from '../../ui/ShowOlderButton';
import { useShop } from '../back-office/ShopLayout';
import {
  authorName,
  PURCHASE_ORDER_STATUS_LABEL,
  PurchaseOrderStatusBadge,
} from './PurchaseOrderStatusBadge';

const isStatus = (value: string | null): value is PurchaseOrderStatus =>
  PURCHASE_ORDER_STATUSES.some((status) => status === value);

/** Sent, and not acknowledged by its supplier's deadline. */
const isOverdue = (order: PurchaseOrderSummary) =>
  order.status === 'sent' &&
  order.escalation.dueAt !== null &&
  Date.parse(order.escalation.dueAt) < Date.now();

/**
 * What the shop has asked its suppliers for, newest first: each purchase order's status, lines, total
 * and expected day, narrowed by status or supplier (kept in the address), and read again as it changes.
 */
export function PurchaseOrdersPage() {
  const shop = useShop();
  const { params, setParams, setParam } = useUrlFilters();
  const rawStatus = params.get('status');
  const filter: PurchaseOrderFilter = {
    status: isStatus(rawStatus) ? rawStatus : '',
    supplier: params.get('supplier') ?? '',
    overdue: params.get('overdue') === 'true',
  };
  const orders = usePurchaseOrders(shop.slug, filter);
  const suppliers = useSuppliers(shop.slug);
  const base = `/back-office/${shop.slug}/purchase-orders`;
  const filtered = filter.status !== '' || filter.supplier !== '' || filter.overdue;

  return (
    <>
      <PageHeader
        title="Purchase orders"
        description="What you have asked your suppliers for, and what has come. This list updates by itself."
        actions={
          <Button
            component={Link}
            to={`${base}/new`}
            size="md"
            leftSection={<IconPlus aria-hidden size={20} />}
          >
            New purchase order
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            data={PURCHASE_ORDER_STATUSES.map((status) => ({
              value: status,
              label: PURCHASE_ORDER_STATUS_LABEL[status],
            }))}
            value={filter.status || null}
            onChange={(value) => setParam('status', value)}
          />
          <Select
            label="Supplier"
            placeholder="Any supplier"
            clearable
            searchable
            data={(suppliers.data ?? []).map((supplier) => ({ value: supplier.id, label: supplier.name }))}
            value={filter.supplier || null}
            onChange={(value) => setParam('supplier', value)}
          />
          <Checkbox
            label="Not acknowledged in time"
            checked={filter.overdue}
            onChange={(event) => setParam('overdue', event.currentTarget.checked ? 'true' : null)}
            mb={8}
          />
        </Group>
        <QueryView query={orders} label="purchase orders">
          {(list) =>
            list.length === 0 ? (
              filtered ? (
                <EmptyState
                  title="No purchase order matches"
                  icon={<IconFilterOff />}
                  action={
                    <Button variant="default" onClick={() => setParams({}, { replace: true })}>
                      Clear filters
                    </Button>
                  }
                >
                  No purchase order matches these filters. Clear them to see them all.
                </EmptyState>
              ) : (
                <EmptyState
                  title="No purchase orders yet"
                  icon={<IconFileInvoice />}
                  action={
                    <Button component={Link} to={`${base}/new`}>
                      New purchase order
                    </Button>
                  }
                >
                  Write one to a supplier: choose the products, and their costs and packs come from the
                  supplier’s terms.
                </EmptyState>
              )
            ) : (
              <>
                <Table.ScrollContainer minWidth={860}>
                  <Table aria-label="Purchase orders" striped highlightOnHover verticalSpacing="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Number</Table.Th>
                        <Table.Th scope="col">Supplier</Table.Th>
                        <Table.Th scope="col">Status</Table.Th>
                        <Table.Th scope="col" ta="right">
                          Lines
                        </Table.Th>
                        <Table.Th scope="col" ta="right">
                          Total
                        </Table.Th>
                        <Table.Th scope="col">Expected</Table.Th>
                        <Table.Th scope="col">Created</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((order) => (
                        <Table.Tr key={order.id}>
                          <Table.Td>
                            <Anchor component={Link} to={`${base}/${order.id}`} fw={600}>
                              {order.number}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{order.supplier.name}</Table.Td>
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              <PurchaseOrderStatusBadge status={order.status} />
                              {isOverdue(order) && (
                                <Badge color="orange" variant="light">
                                  Overdue
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td ta="right">{order.lineCount}</Table.Td>
                          <Table.Td ta="right">{formatMoney(order.totalMinor, order.currency)}</Table.Td>
                          <Table.Td>{order.expectedOn ? formatDay(order.expectedOn) : '—'}</Table.Td>
                          <Table.Td>
                            <Text size="sm">{authorName(order.createdBy)}</Text>
                            <Text size="xs" c="dimmed">
                              {formatDateTime(order.createdAt)}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <ShowOlderButton list={orders} label="Show older purchase orders" />
              </>
            )
          }
        </QueryView>
      </Stack>
    </>
  );
}
