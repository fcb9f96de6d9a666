import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { updateShopSchema, type ShopSettings } from '@myb/contracts';
import { ApiError } from '../../api/client';
import { useUpdateShop } from '../../api/settings';
import { showServerIssues } from '../../lib/forms';
import { FormError } from '../../ui/FormError';

interface Values {
  maxShiftHours: number | string;
  overtimeThresholdHours: number | string;
}

/** The sentence the server would say of a number typed, or null when it would take it. */
const checked = (field: keyof Values) => (value: number | string) => {
  const parsed = updateShopSchema.shape[field].safeParse(value === '' ? Number.NaN : Number(value));
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Enter a whole number of hours.');
};

/** Staff hours (owner): the longest an entry stays clocked in before it is closed, and the weekly overtime threshold. */
export function StaffHoursPanel({
  settings,
  onSaved,
  onConflict,
}: {
  settings: ShopSettings;
  onSaved: () => void;
  onConflict: () => void;
}) {
  const update = useUpdateShop(settings.slug);
  const form = useForm<Values>({
    initialValues: {
      maxShiftHours: settings.maxShiftHours,
      overtimeThresholdHours: settings.overtimeThresholdHours,
    },
    validate: {
      maxShiftHours: checked('maxShiftHours'),
      overtimeThresholdHours: checked('overtimeThresholdHours'),
    },
  });
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="staff-hours-title">
      <Title order={2} size="h4" mb="xs" id="staff-hours-title">
        Staff hours
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Someone who forgets to clock out is clocked out at the longest shift, and the entry is flagged for a
        manager to correct. Hours worked in a week (Monday to Sunday) above the threshold are overtime.
      </Text>
      <form
        noValidate
        aria-label="Staff hours"
        onSubmit={form.onSubmit((values) =>
          update.mutate(
            {
              version: settings.version,
              maxShiftHours: Number(values.maxShiftHours),
              overtimeThresholdHours: Number(values.overtimeThresholdHours),
            },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: 'Staff hours settings saved.' });
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
          <Group align="flex-start" gap="md" wrap="wrap">
            <NumberInput
              label="Longest shift"
              description="1 to 24 hours."
              min={1}
              max={24}
              allowDecimal={false}
              clampBehavior="none"
              rightSection={<span aria-hidden>h</span>}
              maw={240}
              {...form.getInputProps('maxShiftHours')}
            />
            <NumberInput
              label="Overtime above"
              description="Hours a week, 1 to 168."
              min={1}
              max={168}
              allowDecimal={false}
              clampBehavior="none"
              rightSection={<span aria-hidden>h</span>}
              maw={240}
              {...form.getInputProps('overtimeThresholdHours')}
            />
          </Group>
          <Group>
            <Button type="submit" loading={update.isPending}>
              Save staff hours
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
