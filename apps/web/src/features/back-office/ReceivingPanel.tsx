import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { updateShopSchema, type ShopSettings } from '@myb/contracts';
import { ApiError } from '../../api/client';
import { useUpdateShop } from '../../api/settings';
import { showServerIssues } from '../../lib/forms';
import { FormError } from '../../ui/FormError';

const toleranceSchema = updateShopSchema.shape.overReceiptTolerancePercent;

/**
 * Goods received against purchase orders (owner): how much more than ordered a delivery may bring
 * before a manager or the owner must allow the surplus, as a share of each line.
 */
export function ReceivingPanel({
  settings,
  onSaved,
  onConflict,
}: {
  settings: ShopSettings;
  onSaved: () => void;
  onConflict: () => void;
}) {
  const update = useUpdateShop(settings.slug);
  const form = useForm<{ tolerance: number | string }>({
    initialValues: { tolerance: settings.overReceiptTolerancePercent },
    validate: {
      tolerance: (value) => {
        const parsed = toleranceSchema.safeParse(value === '' ? Number.NaN : Number(value));
        return parsed.success
          ? null
          : (parsed.error.issues[0]?.message ?? 'Enter a whole number from 0 to 100.');
      },
    },
  });
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="receiving-title">
      <Title order={2} size="h4" mb="xs" id="receiving-title">
        Receiving goods
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A delivery may bring a little more than a purchase order line still awaits — a supplier rounding up to
        a full crate — without anyone allowing it, up to this share of what the line ordered. Beyond it, a
        manager or you allow the surplus when receiving.
      </Text>
      <form
        noValidate
        aria-label="Over-receipt tolerance"
        onSubmit={form.onSubmit((values) =>
          update.mutate(
            { version: settings.version, overReceiptTolerancePercent: Number(values.tolerance) },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: 'Over-receipt tolerance saved.' });
                onSaved();
              },
              onError: (error) => {
                showServerIssues(form, error, { overReceiptTolerancePercent: 'tolerance' });
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
          <NumberInput
            label="Over-receipt tolerance"
            description="0: nothing beyond what was ordered comes in unasked."
            min={0}
            max={100}
            allowDecimal={false}
            // Said next to the field rather than changed on leaving it.
            clampBehavior="none"
            rightSection={<span aria-hidden>%</span>}
            maw={240}
            {...form.getInputProps('tolerance')}
          />
          <Group>
            <Button type="submit" loading={update.isPending}>
              Save tolerance
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
