import { Badge, Button, Group, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  CONSENT_CHANNEL_LABELS,
  CONSENT_CHANNELS,
  recordConsentSchema,
  type ConsentChannel,
  type ConsentEntry,
  type Customer,
} from '@myb/contracts';
import { IconMailCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useRecordConsent } from '../../api/customers';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { Fact, Section } from '../orders/OrderDetails';
import { useShop } from './ShopLayout';

interface ConsentValues {
  given: 'given' | 'withdrawn';
  channel: ConsentChannel;
  note: string;
}

/** The id is the hook's, made once for this form. */
const entrySchema = recordConsentSchema.omit({ id: true });
const toBody = (values: ConsentValues) => ({
  given: values.given === 'given',
  channel: values.channel,
  note: values.note,
});
const validateBody = validateWith(entrySchema, toBody);

function ConsentForm({ customer, now, onDone }: { customer: Customer; now: boolean; onDone: () => void }) {
  const shop = useShop();
  const record = useRecordConsent(shop.slug, customer.id);
  const form = useForm<ConsentValues>({
    initialValues: { given: now ? 'withdrawn' : 'given', channel: 'register', note: '' },
    validate: validateBody,
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        record.mutate(toBody(values), {
          onSuccess: (entry) => {
            notifications.show({
              color: 'green',
              message: `${customer.name}'s consent to marketing ${entry.given ? 'given' : 'withdrawn'} (${CONSENT_CHANNEL_LABELS[entry.channel].toLowerCase()}).`,
            });
            onDone();
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <Stack gap="md">
        <FormError error={record.error} />
        <SegmentedControl
          aria-label="Consent"
          data={[
            { value: 'given', label: 'Given' },
            { value: 'withdrawn', label: 'Withdrawn' },
          ]}
          {...form.getInputProps('given')}
        />
        <Select
          label="How"
          description="Where the customer said it."
          data={CONSENT_CHANNELS.map((channel) => ({
            value: channel,
            label: CONSENT_CHANNEL_LABELS[channel],
          }))}
          allowDeselect={false}
          {...form.getInputProps('channel')}
        />
        <TextInput
          label="Note"
          description="Optional: what they agreed to, or asked."
          placeholder="Newsletter once a month"
          {...form.getInputProps('note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={record.isPending}>
            Record consent
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ConsentTable({ entries }: { entries: ConsentEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Consent history" striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Consent</Table.Th>
            <Table.Th scope="col">How</Table.Th>
            <Table.Th scope="col">Note</Table.Th>
            <Table.Th scope="col">Recorded by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{formatDateTime(entry.createdAt)}</Table.Td>
              <Table.Td>{entry.given ? 'Given' : 'Withdrawn'}</Table.Td>
              <Table.Td>{CONSENT_CHANNEL_LABELS[entry.channel]}</Table.Td>
              <Table.Td>{entry.note}</Table.Td>
              <Table.Td>{entry.by.name}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Marketing consent now (the latest entry) and every entry before it; anyone who serves customers records it. */
export function ConsentSection({
  customer,
  entries,
  writable,
}: {
  customer: Customer;
  entries: ConsentEntry[];
  writable: boolean;
}) {
  const [recording, setRecording] = useState(false);
  const latest = entries[0];
  return (
    <Section title="Marketing consent">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Fact label="Now">
            {latest ? (
              <Group gap="xs" component="span">
                <Badge color={latest.given ? 'green' : 'gray'} variant="light">
                  {latest.given ? 'Given' : 'Withdrawn'}
                </Badge>
                <Text component="span" fw={400}>
                  {`${CONSENT_CHANNEL_LABELS[latest.channel]}, ${formatDateTime(latest.createdAt)}, recorded by ${latest.by.name}`}
                </Text>
              </Group>
            ) : (
              <Text component="span" c="dimmed" fw={400}>
                Not asked yet: send them no marketing.
              </Text>
            )}
          </Fact>
          {writable && (
            <Button
              variant="default"
              leftSection={<IconMailCheck aria-hidden size={18} />}
              onClick={() => setRecording(true)}
            >
              Record consent
            </Button>
          )}
        </Group>
        {entries.length === 0 ? (
          <EmptyState title="No consent recorded" icon={<IconMailCheck />}>
            {`When ${customer.name} agrees to hear from the shop, or asks not to, press “Record consent” and say how.`}
          </EmptyState>
        ) : (
          <ConsentTable entries={entries} />
        )}
      </Stack>
      <Dialog opened={recording} onClose={() => setRecording(false)} title="Record marketing consent">
        {recording && (
          <ConsentForm customer={customer} now={latest?.given ?? false} onDone={() => setRecording(false)} />
        )}
      </Dialog>
    </Section>
  );
}
