import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { formatTaxRate, parseTaxRate, type ShopSettings } from '@myb/contracts';
import { ApiError } from '../../api/client';
import { useUpdateShop } from '../../api/settings';
import { showServerIssues } from '../../lib/forms';
import { FormError } from '../../ui/FormError';

interface CapValues {
  cashier: string;
  manager: string;
}

const shown = (capPpm: number | null) => (capPpm === null ? '' : formatTaxRate(capPpm).replace(' %', ''));
/** Empty is no cap; otherwise a percentage as a tax rate is typed ("10", "12.5"), in parts per million. */
const readCap = (text: string): number | null | undefined =>
  text.trim() === '' ? null : (parseTaxRate(text) ?? undefined);
const CAP_PROBLEM = 'Enter a percentage from 0 to 100, such as 10 or 12.5, or leave it empty for no cap.';

/**
 * The register's discount caps (owner): the largest share of a sale's gross its discounts may come to
 * before a manager must approve them with their PIN, for cashiers and for managers; owners have none.
 */
export function RegisterCapsPanel({
  settings,
  onSaved,
  onConflict,
}: {
  settings: ShopSettings;
  onSaved: () => void;
  onConflict: () => void;
}) {
  const update = useUpdateShop(settings.slug);
  const form = useForm<CapValues>({
    initialValues: {
      cashier: shown(settings.cashierDiscountCapPpm),
      manager: shown(settings.managerDiscountCapPpm),
    },
    validate: {
      cashier: (text) => (readCap(text) === undefined ? CAP_PROBLEM : null),
      manager: (text) => (readCap(text) === undefined ? CAP_PROBLEM : null),
    },
  });
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="register-caps-title">
      <Title order={2} size="h4" mb="xs" id="register-caps-title">
        Register
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Discounts at the register, line and cart together, above a cap need a manager’s approval on the spot:
        the manager types their PIN on the register. The cap is a share of what the sale comes to before
        discounts. Owners have no cap.
      </Text>
      <form
        noValidate
        aria-label="Discount caps"
        onSubmit={form.onSubmit((values) =>
          update.mutate(
            {
              version: settings.version,
              cashierDiscountCapPpm: readCap(values.cashier)!,
              managerDiscountCapPpm: readCap(values.manager)!,
            },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: 'Discount caps saved.' });
                onSaved();
              },
              onError: (error) => {
                showServerIssues(form, error, {
                  cashierDiscountCapPpm: 'cashier',
                  managerDiscountCapPpm: 'manager',
                });
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
          <Group align="flex-start" grow>
            <TextInput
              label="Cashiers’ discount cap"
              description="Empty: no cap."
              inputMode="decimal"
              autoComplete="off"
              rightSection={<span aria-hidden>%</span>}
              {...form.getInputProps('cashier')}
            />
            <TextInput
              label="Managers’ discount cap"
              description="Empty: no cap; above it, the owner approves."
              inputMode="decimal"
              autoComplete="off"
              rightSection={<span aria-hidden>%</span>}
              {...form.getInputProps('manager')}
            />
          </Group>
          <Group>
            <Button type="submit" loading={update.isPending}>
              Save discount caps
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
