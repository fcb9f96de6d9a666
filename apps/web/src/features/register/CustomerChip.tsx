import { ActionIcon, Button, Group, Paper, Text } from '@mantine/core';
import { formatMoney } from '@myb/contracts';
import { IconUser, IconUserPlus, IconX } from '@tabler/icons-react';
import type { CartCustomer } from './cart';

/**
 * Whose sale or return it is: *Add customer* until one is picked, then their name and store credit,
 * with a button that takes them off.
 */
export function CustomerChip({
  customer,
  currency,
  what,
  onAdd,
  onRemove,
}: {
  customer: CartCustomer | null;
  currency: string;
  /** What the customer is taken off: the sale, the return. */
  what: string;
  onAdd: () => void;
  onRemove: () => void;
}) {
  if (customer === null) {
    return (
      <Button variant="light" leftSection={<IconUserPlus aria-hidden size={18} />} onClick={onAdd}>
        Add customer
      </Button>
    );
  }
  return (
    <Paper withBorder radius="xl" pl="sm" pr={4} py={2} role="group" aria-label="Customer">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap" miw={0}>
          <IconUser aria-hidden size={18} />
          <Text fw={600} truncate>
            {customer.name}
          </Text>
          {customer.storeCreditMinor > 0 && (
            <Text size="sm" c="green.9" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(customer.storeCreditMinor, currency)} store credit
            </Text>
          )}
        </Group>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          radius="xl"
          aria-label={`Take ${customer.name} off the ${what}`}
          onClick={onRemove}
        >
          <IconX aria-hidden size={18} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}
