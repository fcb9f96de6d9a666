import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { formatMoney, type Customer } from '@myb/contracts';
import { useState } from 'react';
import { useCustomers, useMergeCustomer } from '../../api/customers';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';

const contactOf = (customer: Customer) => [customer.email, customer.phone].filter(Boolean).join(' · ');

function MergeForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const shop = useShop();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const found = useCustomers(shop.slug, debounced, { limit: 20 });
  const [duplicate, setDuplicate] = useState<Customer | null>(null);
  const merge = useMergeCustomer(shop.slug, customer.id);
  const others = (found.data ?? []).filter((other) => other.id !== customer.id);
  const options = [
    ...(duplicate && !others.some((other) => other.id === duplicate.id) ? [duplicate] : []),
    ...others,
  ];

  return (
    <Stack gap="md">
      <FormError error={merge.error} />
      <Select
        label="The duplicate record"
        description="Find the other record of the same person by name, e-mail address or phone number."
        placeholder="Type to search"
        searchable
        data-autofocus
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: all }) => all}
        nothingFoundMessage={
          debounced === '' ? 'Type a name, an e-mail address or a phone number' : 'No other customer matches'
        }
        data={options.map((other) => ({
          value: other.id,
          label: contactOf(other) ? `${other.name} (${contactOf(other)})` : other.name,
        }))}
        value={duplicate?.id ?? null}
        onChange={(id) => setDuplicate(options.find((other) => other.id === id) ?? null)}
      />
      {duplicate && (
        <Alert color="orange" title={`Merge ${duplicate.name} into ${customer.name}?`}>
          <Text size="sm">
            {`${duplicate.name}'s online orders, register sales, figures and consent will show on ${customer.name}'s page${
              duplicate.storeCreditMinor > 0
                ? `, and their ${formatMoney(duplicate.storeCreditMinor, shop.currency)} of store credit moves here`
                : ''
            }. Both records are kept: ${duplicate.name}'s is marked merged, with your name and the time. It cannot be undone.`}
          </Text>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          color="orange"
          disabled={!duplicate}
          loading={merge.isPending}
          onClick={() =>
            merge.mutate(duplicate!.id, {
              onSuccess: () => {
                notifications.show({
                  color: 'green',
                  message: `${duplicate!.name} merged into ${customer.name}.`,
                });
                onDone();
              },
            })
          }
        >
          Merge records
        </Button>
      </Group>
    </Stack>
  );
}

/** Two records of one person made one: the duplicate is picked here and absorbed into `customer` (owners, managers). */
export function MergeDialog({
  opened,
  customer,
  onDone,
}: {
  opened: boolean;
  customer: Customer;
  onDone: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onDone} title={`Merge a duplicate into ${customer.name}`} size="lg">
      {opened && <MergeForm customer={customer} onDone={onDone} />}
    </Dialog>
  );
}
