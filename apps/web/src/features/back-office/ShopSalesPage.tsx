import { Anchor, Badge, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { formatMoney, type SalesChannel, type SalesEntry } from '@myb/contracts';
import { IconCash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useShopSales } from '../../api/sales';
import { dayParam } from '../../lib/days';
import { formatChange, formatDateTime } from '../../lib/format';
import { useUrlFilters, useUrlSearch } from '../../lib/url-filters';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { NoMatch, SearchAndDays } from '../../ui/SearchAndDays';
import { ShowOlderButton } from '../../ui/ShowOlderButton';
import { OrderStatusBadge } from '../orders/OrderStatusBadge';
import { useShop } from './ShopLayout';

type Filter = SalesChannel | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'online', label: 'Online' },
  { value: 'register', label: 'Register' },
];

function isFilter(value: string | null): value is Filter {
  return FILTERS.some((filter) => filter.value === value);
}

const EMPTY_TEXT: Record<Filter, string> = {
  all: 'No sales yet. Orders customers place on your shop’s page and sales rung up at your registers appear here as they happen.',
  online:
    'No online order yet. Share your shop’s page with customers; their orders appear here as they place them.',
  register:
    'No register sale yet. Open a register under “Register” to sell at the counter; each sale and return appears here.',
};

const CHANNEL_LABEL: Record<SalesChannel, string> = { online: 'Online', register: 'Register' };
const CHANNEL_COLOR: Record<SalesChannel, string> = { online: 'blue', register: 'grape' };

/** Where an entry's own page is: the order's, or the sale's receipt. */
function entryAddress(slug: string, entry: SalesEntry): string {
  return entry.channel === 'online'
    ? `/back-office/${slug}/orders/${entry.id}`
    : `/back-office/${slug}/register/sales/${entry.id}`;
}

/** A quantity as a ledger prints it: a return's with a true minus sign, a sale's plain. */
const formatCount = (count: number) => (count < 0 ? formatChange(count) : String(count));

/** Nothing to show in a cell. */
const none = (
  <Text span c="dimmed">
    —
  </Text>
);

function SalesTable({ sales, slug }: { sales: SalesEntry[]; slug: string }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table aria-label="Sales" striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          {/* What tells sales apart first: on a phone these stay in view, the rest scrolls in. */}
          <Table.Tr>
            <Table.Th scope="col">Number</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
            <Table.Th scope="col">Channel</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Date and time</Table.Th>
            <Table.Th scope="col">Where</Table.Th>
            <Table.Th scope="col">Cashier</Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col" ta="right">
              Items
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sales.map((entry) => (
            <Table.Tr key={`${entry.channel}:${entry.id}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={entryAddress(slug, entry)} fw={600}>
                  {entry.number}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(entry.totalMinor, entry.currency)}
              </Table.Td>
              <Table.Td>
                <Badge color={CHANNEL_COLOR[entry.channel]} variant="outline">
                  {CHANNEL_LABEL[entry.channel]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {entry.channel === 'online' ? (
                  <OrderStatusBadge status={entry.status} />
                ) : (
                  <Badge color={entry.kind === 'return' ? 'orange' : 'green'} variant="light" size="lg">
                    {entry.kind === 'return' ? 'Return' : 'Sale'}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
              <Table.Td>{entry.placeOf ? entry.placeOf.registerName : 'Online shop'}</Table.Td>
              <Table.Td>{entry.staff ? entry.staff.name : none}</Table.Td>
              <Table.Td>
                {entry.customer ? (
                  <Anchor component={Link} to={`/back-office/${slug}/customers/${entry.customer.id}`}>
                    {entry.customer.name}
                  </Anchor>
                ) : (
                  none
                )}
              </Table.Td>
              <Table.Td ta="right">{formatCount(entry.itemCount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Everything the shop sold, online and at its registers, in one list: newest first, narrowed by
 * channel, number and days, the filters kept in the address.
 */
export function ShopSalesPage() {
  const shop = useShop();
  const { params, setParams, setParam } = useUrlFilters();
  const raw = params.get('channel');
  const channel: Filter = isFilter(raw) ? raw : 'all';
  const from = dayParam(params.get('from'));
  const to = dayParam(params.get('to'));
  const { search, setSearch } = useUrlSearch();
  const q = params.get('q') ?? '';

  const sales = useShopSales(shop.slug, { channel, q, from, to });
  const filtered = q !== '' || from !== '' || to !== '';
  const clearFilters = () => {
    setSearch('');
    setParams(raw ? { channel: raw } : {}, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Sales"
        description="Online orders and register sales together, newest first. This list updates by itself."
        actions={
          <SegmentedControl
            aria-label="Show sales"
            data={FILTERS}
            value={channel}
            onChange={(value) => setParam('channel', value === 'all' ? null : value)}
          />
        }
      />
      <Stack gap="md">
        <SearchAndDays
          search={{ label: 'Search sales', placeholder: 'Order or receipt number: A-1004, 1004, R1-000042, R1-0000…', value: search, onChange: setSearch }}
          days={{ from, to, labels: { from: 'Sold from', to: 'Sold until' }, onChange: (which, day) => setParam(which, day) }}
        />
        <QueryView query={sales} label="sales">
          {(list) =>
            list.length === 0 ? (
              filtered ? (
                <NoMatch title="No sale matches" onClear={clearFilters}>
                  {`Nothing under “${FILTERS.find((filter) => filter.value === channel)!.label}” matches. Search by the beginning of an order's number, with or without its letter, or of a receipt's number, or pick other days.`}
                </NoMatch>
              ) : (
                <EmptyState title="No sales here" icon={<IconCash />}>
                  {EMPTY_TEXT[channel]}
                </EmptyState>
              )
            ) : (
              <>
                <SalesTable sales={list} slug={shop.slug} />
                <ShowOlderButton list={sales} label="Show older sales" />
              </>
            )
          }
        </QueryView>
      </Stack>
    </>
  );
}
