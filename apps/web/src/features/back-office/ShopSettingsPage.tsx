import { Alert, Button, Code, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { formatMoney, minorUnitDigits, timeZoneNames, updateShopSchema, type ShopSettings } from '@myb/contracts';
import { useMemo, useState } from 'react';
import { useCloseShop, useReopenShop, useShopSettings, useUpdateShop } from '../../api/settings';
import { ApiError, errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from './ShopLayout';
import { ReceivingPanel } from './ReceivingPanel';
import { StaffHoursPanel } from './StaffHoursPanel';
import { RegisterCapsPanel } from './RegisterCapsPanel';
import { TaxesPanel } from './TaxesPanel';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN'];

interface SettingsValues {
  name: string;
  description: string;
  currency: string;
  timeZone: string;
  address: string;
}

const valuesOf = (settings: ShopSettings): SettingsValues => ({
  name: settings.name,
  description: settings.description,
  currency: settings.currency,
  timeZone: settings.timeZone,
  address: settings.address,
});

/** Twelve whole units of `currency`, to show that prices keep their amounts. */
const twelve = (currency: string) => formatMoney(12 * 10 ** minorUnitDigits(currency), currency);

interface SettingsFormProps {
  settings: ShopSettings;
  /** Refills the form from the settings now in the cache. */
  onSaved: () => void;
  /** Reads the settings again, then refills the form. */
  onReload: () => void;
  /** Reads the settings again, so a change made meanwhile shows. */
  onConflict: () => void;
}

/** What the form edits, as the owner saw it when the form was filled; saved with that version. */
function SettingsForm({ settings, onSaved, onReload, onConflict }: SettingsFormProps) {
  const update = useUpdateShop(settings.slug);
  const [opened] = useState(() => settings);
  const toBody = (values: SettingsValues) => ({ ...values, version: opened.version });
  const form = useForm<SettingsValues>({ initialValues: valuesOf(opened), validate: validateWith(updateShopSchema, toBody) });
  const timeZones = useMemo(() => {
    const names = timeZoneNames();
    return names.includes(opened.timeZone) ? names : [opened.timeZone, ...names];
  }, [opened.timeZone]);
  const changedMeanwhile = settings.version !== opened.version;
  const otherCurrency = form.values.currency === opened.currency ? (opened.currency === 'USD' ? 'EUR' : 'USD') : form.values.currency;

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="shop-settings-title">
      <Title order={2} size="h4" mb="md" id="shop-settings-title">
        Shop details
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          update.mutate(toBody(values), {
            onSuccess: (saved) => {
              notifications.show({ color: 'green', message: `${saved.name}: settings saved.` });
              onSaved();
            },
            onError: (error) => {
              showServerIssues(form, error);
              if (error instanceof ApiError && error.status === 409) {
                onConflict();
              }
            },
          }),
        )}
      >
        <Stack gap="md">
          {changedMeanwhile ? (
            <Alert color="yellow" role="alert" title="Someone else changed these settings">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  They were changed after you opened this page. Load their version, then make your change again.
                </Text>
                <Button variant="default" onClick={onReload}>
                  Load the current settings
                </Button>
              </Stack>
            </Alert>
          ) : (
            <FormError error={update.error} />
          )}
          <TextInput label="Name" {...form.getInputProps('name')} />
          <Text size="sm" c="dimmed">
            Web address and supplier message name: <Code>{opened.slug}</Code>. It stays the same when you rename the shop:
            suppliers&apos; devices receive your orders by it (it begins every message&apos;s routing key).
          </Text>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Textarea
            label="Address"
            description="As it should appear on receipts and orders, one line per line."
            autosize
            minRows={3}
            {...form.getInputProps('address')}
          />
          <Select
            label="Time zone"
            description="A day in reports and lists is a day in this time zone."
            data={timeZones}
            searchable
            allowDeselect={false}
            maxDropdownHeight={280}
            w={320}
            {...form.getInputProps('timeZone')}
          />
          <Select
            label="Currency"
            description={
              opened.hasOrders
                ? `Fixed at ${opened.currency}: the shop has taken orders, whose amounts are in it.`
                : `Prices keep their amounts: ${twelve(opened.currency)} becomes ${twelve(otherCurrency)}. Check them after the change.`
            }
            data={CURRENCIES.includes(opened.currency) ? CURRENCIES : [opened.currency, ...CURRENCIES]}
            disabled={opened.hasOrders}
            allowDeselect={false}
            searchable
            w={320}
            {...form.getInputProps('currency')}
          />
          <Group>
            <Button type="submit" loading={update.isPending} disabled={changedMeanwhile}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Closing asks for the shop's name; a closed shop can be opened again. */
function CloseShopPanel({ settings }: { settings: ShopSettings }) {
  const close = useCloseShop(settings.slug);
  const reopen = useReopenShop(settings.slug);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');

  if (settings.closedAt) {
    return (
      <Paper withBorder p="lg" component="section" aria-labelledby="shop-closed-title">
        <Title order={2} size="h4" mb="xs" id="shop-closed-title">
          This shop is closed
        </Title>
        <Text mb="md">
          Closed {formatDateTime(settings.closedAt)}
          {settings.closedBy ? ` by ${settings.closedBy.name}` : ''}. It is not listed and takes no orders; its orders, messages
          and catalogue stay here.
        </Text>
        <Button
          loading={reopen.isPending}
          onClick={() =>
            reopen.mutate(undefined, {
              onSuccess: (saved) => notifications.show({ color: 'green', message: `${saved.name} is open again.` }),
              onError: (error) => notifications.show({ color: 'red', title: 'Not reopened', message: errorMessage(error) }),
            })
          }
        >
          Reopen shop
        </Button>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="close-shop-title" style={{ borderColor: 'var(--mantine-color-red-4)' }}>
      <Title order={2} size="h4" mb="xs" id="close-shop-title">
        Close this shop
      </Title>
      <Text mb="md">
        A closed shop is no longer listed and takes no new orders. Its orders, messages and catalogue stay, and you can reopen it.
      </Text>
      <Button color="red" variant="outline" onClick={() => setConfirming(true)}>
        Close shop…
      </Button>
      <Dialog opened={confirming} onClose={() => setConfirming(false)} title={`Close ${settings.name}?`}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            close.mutate(
              { confirmName: typed },
              {
                onSuccess: (saved) => {
                  setConfirming(false);
                  setTyped('');
                  notifications.show({ color: 'green', message: `${saved.name} is closed.` });
                },
              },
            );
          }}
        >
          <Stack gap="md">
            <FormError error={close.error} />
            <TextInput
              label="Type the shop's name to confirm"
              description={settings.name}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Keep it open
              </Button>
              <Button type="submit" color="red" loading={close.isPending} disabled={typed.trim() !== settings.name}>
                Close shop
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </Paper>
  );
}

/**
 * The owner's page for the shop itself: its details, its taxes, the register's discount caps, and closing it. A save in either
 * form refills both, so neither takes the other's new version for someone else's change.
 */
export function ShopSettingsPage() {
  const shop = useShop();
  const settings = useShopSettings(shop.slug);
  // Bumped to refill the form from what the server holds now.
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <PageHeader title="Settings" description="Only the owner sees this page." />
      <QueryView query={settings} label="the shop's settings">
        {(current) => (
          <Stack gap="lg" maw={720}>
            <SettingsForm
              key={generation}
              settings={current}
              onSaved={() => setGeneration((value) => value + 1)}
              onReload={() => {
                void settings.refetch().then(() => setGeneration((value) => value + 1));
              }}
              onConflict={() => void settings.refetch()}
            />
            <TaxesPanel
              key={`taxes-${generation}`}
              settings={current}
              onSaved={() => setGeneration((value) => value + 1)}
              onConflict={() => void settings.refetch()}
            />
            <RegisterCapsPanel
              key={`register-${generation}`}
              settings={current}
              onSaved={() => setGeneration((value) => value + 1)}
              onConflict={() => void settings.refetch()}
            />
            <ReceivingPanel
              key={`receiving-${generation}`}
              settings={current}
              onSaved={() => setGeneration((value) => value + 1)}
              onConflict={() => void settings.refetch()}
            />
            <StaffHoursPanel
              key={`staff-hours-${generation}`}
              settings={current}
              onSaved={() => setGeneration((value) => value + 1)}
              onConflict={() => void settings.refetch()}
            />
            <CloseShopPanel settings={current} />
          </Stack>
        )}
      </QueryView>
    </>
  );
}
