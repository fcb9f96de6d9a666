import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { formatMoney, type Customer } from '@myb/contracts';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { CUSTOMERS_SHOWN, useCustomers } from '../../api/customers';
import { formatDateTime } from '../../lib/format';
import { useUrlSearch } from '../../lib/url-filters';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SearchInput } from '../../ui/SearchInput';
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
              <Table.Td>
                <Group gap="xs">
                  <Anchor component={Link} to={`/back-office/${shop.slug}/customers/${customer.id}`} fw={600}>
                    {customer.name}
                  </Anchor>
                  {customer.hasAccount && <OnlineAccountBadge />}
                </Group>
              </Table.Td>
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

export function CustomersPage() {
  const shop = useShop();
  const { search, setSearch, debounced } = useUrlSearch();
  const customers = useCustomers(shop.slug, debounced);
  const [adding, setAdding] = useState(false);

  return (
    <>
      <PageHeader
        title="Customers"
        description="The people you sell to, online and at the counter, with their store credit."
        actions={
          <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setAdding(true)}>
            Add customer
          </Button>
        }
      />
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
              debounced !== '' ? (
                <EmptyState
                  title="No customer matches"
                  icon={<IconSearch />}
                  action={
                    <Button variant="default" onClick={() => setSearch('')}>
                      Clear search
                    </Button>
                  }
                >
                  {`No customer's name, e-mail address or phone number holds “${debounced}”. A phone number is found by its digits, however it is written; press “Add customer” for someone new.`}
                </EmptyState>
              ) : (
                <EmptyState title="No customers yet" icon={<IconUsers />}>
                  Press “Add customer” to keep someone you sell to at the counter, with their contact details.
                  Shoppers who order online are added by their first order.
                </EmptyState>
              )
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
      <CustomerFormModal customer={adding ? null : undefined} onDone={() => setAdding(false)} />
    </>
  );
}
