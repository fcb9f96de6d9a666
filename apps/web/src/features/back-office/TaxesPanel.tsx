import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Paper,
  Radio,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  createTaxRateSchema,
  formatMoney,
  formatTaxRate,
  parseTaxRate,
  type ShopSettings,
  type TaxRate,
  type TaxRounding,
  type UpdateTaxRate,
} from '@myb/contracts';
import { IconArchive, IconArchiveOff, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useUpdateShop } from '../../api/settings';
import { useSaveTaxRate, useTaxRates } from '../../api/taxes';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { QueryView } from '../../ui/QueryView';

// ---- how prices carry tax -------------------------------------------------------------------

interface TaxSettingsValues {
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
}

/**
 * Three items at 0.99 with 20 % tax, in minor units: included, each line's tax is 16.5 (17, 51 in
 * all) and the total's 49.5 (50); added on top, 19.8 a line (20, 60 in all) and 59.4 on the total (59).
 */
function roundingExample(currency: string, pricesIncludeTax: boolean, rounding: TaxRounding): string {
  const money = (minor: number) => formatMoney(minor, currency);
  const [line, lines, total] = pricesIncludeTax ? [17, 51, 50] : [20, 60, 59];
  const start = `3 items at ${money(99)} with 20 % tax:`;
  return rounding === 'line'
    ? `${start} ${money(line)} on each line, ${money(lines)} in all.`
    : `${start} ${money(total)} on the total of ${money(297)}.`;
}

interface TaxSettingsFormProps {
  settings: ShopSettings;
  onSaved: () => void;
  onConflict: () => void;
}

function TaxSettingsForm({ settings, onSaved, onConflict }: TaxSettingsFormProps) {
  const update = useUpdateShop(settings.slug);
  const form = useForm<TaxSettingsValues>({
    initialValues: { pricesIncludeTax: settings.pricesIncludeTax, taxRounding: settings.taxRounding },
  });
  const { pricesIncludeTax } = form.values;
  return (
    <form
      noValidate
      aria-label="How prices carry tax"
      onSubmit={form.onSubmit((values) =>
        update.mutate(
          { ...values, version: settings.version },
          {
            onSuccess: () => {
              notifications.show({ color: 'green', message: 'Tax settings saved.' });
              onSaved();
            },
            onError: (error) => {
              showServerIssues(form, error);
              if (error instanceof ApiError && error.status === 409) {
                onConflict();
              }
            },
          },
        ),
      )}
    >
      <Stack gap="md">
        <FormError error={update.error} />
        <Switch
          label="Prices include tax"
          description={
            pricesIncludeTax
              ? 'The price you enter is what the customer pays, tax included (the European way).'
              : 'Tax is added on top of the price you enter when the customer pays (the North American way).'
          }
          size="md"
          {...form.getInputProps('pricesIncludeTax', { type: 'checkbox' })}
        />
        <Radio.Group label="Tax rounding" {...form.getInputProps('taxRounding')}>
          <Stack gap="xs" mt="xs">
            {(['line', 'total'] as const).map((rounding) => (
              <Radio
                key={rounding}
                value={rounding}
                label={rounding === 'line' ? 'On each line' : 'On the total, per rate'}
                description={roundingExample(settings.currency, pricesIncludeTax, rounding)}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button type="submit" loading={update.isPending}>
            Save tax settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---- the shop's rates -----------------------------------------------------------------------

interface RateValues {
  name: string;
  /** As typed ("5,5"), read exactly into parts per million. */
  rate: string;
}

const RENAME = { ratePpm: 'rate' };
const toBody = (values: RateValues) => ({
  name: values.name,
  ratePpm: parseTaxRate(values.rate) ?? undefined,
});
const validateRate = validateWith(createTaxRateSchema, toBody, RENAME);

/** A new rate (`rate` null), added inline, or a change of one, in its dialog. */
function TaxRateForm({ slug, rate, onDone }: { slug: string; rate: TaxRate | null; onDone?: () => void }) {
  const save = useSaveTaxRate(slug);
  const initial = { name: rate?.name ?? '', rate: rate ? formatTaxRate(rate.ratePpm).replace(' %', '') : '' };
  const form = useForm<RateValues>({
    initialValues: initial,
    validate: (values) => {
      const errors = validateRate(values);
      if (values.rate.trim() !== '' && parseTaxRate(values.rate) === null) {
        errors.rate = 'Enter a percentage from 0 to 100, such as 20 or 5.5.';
      }
      return errors;
    },
  });
  return (
    <form
      noValidate
      aria-label={rate ? `Change ${rate.name}` : 'Add a tax rate'}
      onSubmit={form.onSubmit((values) => {
        const body = toBody(values) as { name: string; ratePpm: number };
        const change: UpdateTaxRate = {
          ...(rate && body.name === rate.name ? {} : { name: body.name }),
          ...(rate && body.ratePpm === rate.ratePpm ? {} : { ratePpm: body.ratePpm }),
        };
        if (rate && Object.keys(change).length === 0) {
          onDone?.();
          return;
        }
        save.mutate(rate ? { taxRateId: rate.id, body: change } : { taxRateId: null, body }, {
          onSuccess: (saved) => {
            notifications.show({
              color: 'green',
              message: `${saved.name} (${formatTaxRate(saved.ratePpm)}) saved.`,
            });
            form.reset();
            onDone?.();
          },
          onError: (error) => showServerIssues(form, error, RENAME),
        });
      })}
    >
      <Stack gap="sm">
        <FormError error={save.error} />
        <Group align="flex-start" gap="sm">
          <TextInput
            label="Rate name"
            placeholder="e.g. Standard"
            data-autofocus={rate ? true : undefined}
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Rate (%)"
            placeholder="e.g. 5.5"
            inputMode="decimal"
            rightSection="%"
            w={140}
            {...form.getInputProps('rate')}
          />
          <Button type="submit" mt={25} loading={save.isPending}>
            {rate ? 'Save' : 'Add rate'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TaxRatesList({ slug }: { slug: string }) {
  const rates = useTaxRates(slug);
  const archive = useSaveTaxRate(slug);
  const [editing, setEditing] = useState<TaxRate | undefined>(undefined);
  return (
    <Stack gap="md">
      <Title order={3} size="h5">
        Tax rates
      </Title>
      <FormError error={archive.error} />
      <QueryView query={rates} label="the tax rates">
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed" size="sm">
              No tax rates yet. Add the rates your products are sold at, such as Standard 20 % and Reduced 5.5
              %; then give each category its default rate in the Catalogue.
            </Text>
          ) : (
            <Table aria-label="Tax rates" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Rate</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((rate) => (
                  <Table.Tr key={rate.id}>
                    <Table.Td fw={600}>
                      <Group gap="xs" wrap="nowrap">
                        {rate.name}
                        {rate.archivedAt && (
                          <Badge color="gray" variant="light">
                            Archived
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatTaxRate(rate.ratePpm)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          size="lg"
                          aria-label={`Edit ${rate.name}`}
                          onClick={() => setEditing(rate)}
                        >
                          <IconPencil aria-hidden size={20} />
                        </ActionIcon>
                        <Tooltip
                          label={
                            rate.archivedAt
                              ? 'Restore: offered again'
                              : 'Archive: stays on its products, offered for no new one'
                          }
                        >
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size="lg"
                            aria-label={`${rate.archivedAt ? 'Restore' : 'Archive'} ${rate.name}`}
                            loading={archive.isPending && archive.variables.taxRateId === rate.id}
                            onClick={() =>
                              archive.mutate({ taxRateId: rate.id, body: { archived: !rate.archivedAt } })
                            }
                          >
                            {rate.archivedAt ? (
                              <IconArchiveOff aria-hidden size={20} />
                            ) : (
                              <IconArchive aria-hidden size={20} />
                            )}
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryView>
      {editing === undefined && <TaxRateForm slug={slug} rate={null} />}
      <Dialog
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? `Edit ${editing.name}` : ''}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            A new rate applies to sales made from now on; sales already made keep the rate they were made
            with.
          </Text>
          {editing && (
            <TaxRateForm key={editing.id} slug={slug} rate={editing} onDone={() => setEditing(undefined)} />
          )}
        </Stack>
      </Dialog>
    </Stack>
  );
}

/** The shop's Taxes section of its settings: how prices carry tax, and its tax rates. */
export function TaxesPanel(props: TaxSettingsFormProps) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="taxes-title">
      <Title order={2} size="h4" mb="md" id="taxes-title">
        Taxes
      </Title>
      <Stack gap="lg">
        <TaxSettingsForm {...props} />
        <Divider />
        <TaxRatesList slug={props.settings.slug} />
      </Stack>
    </Paper>
  );
}
