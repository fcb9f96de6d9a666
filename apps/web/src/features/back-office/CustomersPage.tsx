import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import {
  CUSTOMER_SEGMENT_LABELS,
  CUSTOMER_SEGMENT_RULES,
  CUSTOMER_SEGMENTS,
  formatMoney,
  LIFETIME_VALUE_RULE,
  type Customer,
  type CustomerSegment,
  type CustomerWithFigures,
} from '@myb/contracts';
import { IconDownload, IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  CUSTOMERS_SHOWN,
  customersExportAddress,
  useCustomerFigures,
  useCustomers,
  type CustomerFilter,
} from '../../api/customers';
import { useCan } from '../../app/permissions';
import { formatDateTime, formatDay } from '../../lib/format';
import { useUrlFilters, useUrlSearch } from '../../lib/url-filters';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SearchInput } from '../../ui/SearchInput';
import { ShowOlderButton } from '../../ui/ShowOlderButton';
import { CustomerFormModal } from './CustomerForm';
import { useShop } from './ShopLayout';

/** Marks the record of someone who shops online with an account: their orders are theirs. */
export function OnlineAccountBadge() {
  return (
    <Badge color="blue" variant="light">
      Online account
    </Badge>
  );
}

/** The customer's name, a link to their page, and whether they have an account to order online. */
function CustomerNameCell({ customer }: { customer: Pick<Customer, 'id' | 'name' | 'hasAccount'> }) {
  const shop = useShop();
  return (
    <Table.Td>
      <Group gap="xs">
        <Anchor component={Link} to={`/back-office/${shop.slug}/customers/${customer.id}`} fw={600}>
          {customer.name}
        </Anchor>
        {customer.hasAccount && <OnlineAccountBadge />}
      </Group>
    </Table.Td>
  );
}

const SEGMENT_COLORS: Record<CustomerSegment, string> = {
  new: 'teal',
  repeat: 'blue',
  lapsed: 'orange',
  none: 'gray',
};

/** A customer's segment, its rule in a tooltip (the rules are also written under the list's filter). */
export function SegmentBadge({ segment }: { segment: CustomerSegment }) {
  return (
    <Tooltip label={CUSTOMER_SEGMENT_RULES[segment]}>
      <Badge color={SEGMENT_COLORS[segment]} variant="light">
        {CUSTOMER_SEGMENT_LABELS[segment]}
      </Badge>
    </Tooltip>
  );
}

const isSegment = (value: string | null): value is CustomerSegment =>
  (CUSTOMER_SEGMENTS as readonly (string | null)[]).includes(value);

/** What the figures mean, said once under the list. */
const FIGURES_RULE = `A visit is a sale at the register or an online order not cancelled; net spend is what they came to less returns. Average ticket is net spend per visit. ${LIFETIME_VALUE_RULE} Days are the shop's.`;

function CustomerFiguresTable({ customers }: { customers: CustomerWithFigures[] }) {
  const shop = useShop();
  const money = (minor: number | null) => (minor === null ? '' : formatMoney(minor, shop.currency));
  const day = (isoDay: string | null) => (isoDay === null ? '' : formatDay(isoDay));
  return (
    <Table.ScrollContainer minWidth={920}>
      <Table aria-label="Customers" striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Segment</Table.Th>
            <Table.Th scope="col">First purchase</Table.Th>
            <Table.Th scope="col">Last purchase</Table.Th>
            <Table.Th scope="col" ta="right">
              Visits
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Net spend
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Average ticket
            </Table.Th>
            <Table.Th scope="col">Contact</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((customer) => (
            <Table.Tr key={customer.id}>
              <CustomerNameCell customer={customer} />
              <Table.Td>
                <SegmentBadge segment={customer.figures.segment} />
              </Table.Td>
              <Table.Td>{day(customer.figures.firstPurchaseOn)}</Table.Td>
              <Table.Td>{day(customer.figures.lastPurchaseOn)}</Table.Td>
              <Table.Td ta="right">{customer.figures.visits}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {money(customer.figures.netSpendMinor)}
              </Table.Td>
              <Table.Td ta="right">{money(customer.figures.averageTicketMinor)}</Table.Td>
              <Table.Td>
                <Text size="sm">{customer.email ?? customer.phone}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function NoCustomers({ filtered, onClear }: { filtered: string; onClear: () => void }) {
  return filtered !== '' ? (
    <EmptyState
      title="No customer matches"
      icon={<IconSearch />}
      action={
        <Button variant="default" onClick={onClear}>
          Clear filters
        </Button>
      }
    >
      {filtered}
    </EmptyState>
  ) : (
    <EmptyState title="No customers yet" icon={<IconUsers />}>
      Press “Add customer” to keep someone you sell to at the counter, with their contact details. Shoppers
      who order online are added by their first order.
    </EmptyState>
  );
}

/** The list with figures, search and segment in the address, paged, exported as it is filtered (owners, managers). */
function CustomerFiguresList() {
  const shop = useShop();
  const { params, setParam } = useUrlFilters();
  const { search, setSearch, debounced } = useUrlSearch();
  const rawSegment = params.get('segment');
  const filter: CustomerFilter = { q: debounced, segment: isSegment(rawSegment) ? rawSegment : '' };
  const customers = useCustomerFigures(shop.slug, filter);
  const matches = [
    filter.q && `whose name, e-mail address or phone number holds “${filter.q}”`,
    filter.segment && `in the segment ${CUSTOMER_SEGMENT_LABELS[filter.segment]}`,
  ].filter(Boolean);
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput
          label="Search customers"
          placeholder="Part of a name, e-mail address or phone number"
          style={{ flex: '1 1 18rem' }}
          value={search}
          onChange={setSearch}
        />
        <Select
          label="Segment"
          placeholder="All segments"
          clearable
          data={CUSTOMER_SEGMENTS.map((segment) => ({
            value: segment,
            label: CUSTOMER_SEGMENT_LABELS[segment],
          }))}
          value={filter.segment || null}
          onChange={(value) => setParam('segment', value)}
          w={190}
        />
        <Button
          component="a"
          href={customersExportAddress(shop.slug, filter)}
          download
          variant="default"
          leftSection={<IconDownload aria-hidden size={18} />}
        >
          Export CSV
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {filter.segment
          ? `${CUSTOMER_SEGMENT_LABELS[filter.segment]}: ${CUSTOMER_SEGMENT_RULES[filter.segment]}`
          : CUSTOMER_SEGMENTS.map(
              (segment) => `${CUSTOMER_SEGMENT_LABELS[segment]}: ${CUSTOMER_SEGMENT_RULES[segment]}`,
            ).join(' ')}{' '}
        {FIGURES_RULE}
      </Text>
      <QueryView query={customers} label="customers">
        {(list) =>
          list.length === 0 ? (
            <NoCustomers
              filtered={matches.length > 0 ? `No customer ${matches.join(' and ')}.` : ''}
              onClear={() => {
                setSearch('');
                setParam('segment', null);
              }}
            />
          ) : (
            <>
              <CustomerFiguresTable customers={list} />
              <ShowOlderButton list={customers} label="Show older customers" />
            </>
          )
        }
      </QueryView>
    </Stack>
  );
}

function CustomersTable({ customers }: { customers: Customer[] }) {
  const shop = useShop();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label="Customers" striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">E-mail</Table.Th>
            <Table.Th scope="col">Phone</Table.Th>
            <Table.Th scope="col" ta="right">
              Store credit
            </Table.Th>
            <Table.Th scope="col">Added</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((customer) => (
            <Table.Tr key={customer.id}>
              <CustomerNameCell customer={customer} />
              <Table.Td>{customer.email}</Table.Td>
              <Table.Td>{customer.phone}</Table.Td>
              <Table.Td ta="right">
                {customer.storeCreditMinor !== 0 && formatMoney(customer.storeCreditMinor, shop.currency)}
              </Table.Td>
              <Table.Td>{formatDateTime(customer.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The plain list for whoever may not see figures: found by search, as at the counter. */
function CustomerSearchList() {
  const shop = useShop();
  const { search, setSearch, debounced } = useUrlSearch();
  const customers = useCustomers(shop.slug, debounced);
  return (
    <Stack gap="md">
      <SearchInput
        label="Search customers"
        placeholder="Part of a name, e-mail address or phone number"
        value={search}
        onChange={setSearch}
      />
      <QueryView query={customers} label="customers">
        {(list) =>
          list.length === 0 ? (
            <NoCustomers
              filtered={
                debounced === ''
                  ? ''
                  : `No customer's name, e-mail address or phone number holds “${debounced}”. A phone number is found by its digits, however it is written; press “Add customer” for someone new.`
              }
              onClear={() => setSearch('')}
            />
          ) : (
            <>
              <CustomersTable customers={list} />
              {list.length === CUSTOMERS_SHOWN && (
                <Text size="sm" c="dimmed">
                  {debounced === ''
                    ? `The ${CUSTOMERS_SHOWN} newest customers: search to find the others.`
                    : `The ${CUSTOMERS_SHOWN} newest that match: type more to narrow the search.`}
                </Text>
              )}
            </>
          )
        }
      </QueryView>
    </Stack>
  );
}

export function CustomersPage() {
  const mayInsight = useCan('customerInsights');
  const [adding, setAdding] = useState(false);

  return (
    <>
      <PageHeader
        title="Customers"
        description={
          mayInsight
            ? 'The people you sell to, online and at the counter: what they bought, how often and how lately. This list updates by itself.'
            : 'The people you sell to, online and at the counter, with their store credit.'
        }
        actions={
          <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setAdding(true)}>
            Add customer
          </Button>
        }
      />
      {mayInsight ? <CustomerFiguresList /> : <CustomerSearchList />}
      <CustomerFormModal customer={adding ? null : undefined} onDone={() => setAdding(false)} />
    </>
  );
}
