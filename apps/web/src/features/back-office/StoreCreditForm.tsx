import { Button, Group, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { adjustStoreCreditSchema, formatMoney, type Customer } from '@myb/contracts';
import { useAdjustStoreCredit } from '../../api/customers';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { readMoney } from '../register/money';
import { MoneyInput } from '../register/MoneyInput';
import { useShop } from './ShopLayout';

interface CreditValues {
  direction: 'give' | 'take';
  /** As typed, read with `readMoney`; the direction gives it its sign. */
  amount: string;
  reason: string;
}

/** The id is the hook's, made once for this form. */
const entrySchema = adjustStoreCreditSchema.omit({ id: true });
const RENAME = { amountMinor: 'amount' };

function signedAmount(values: CreditValues, currency: string): number | undefined {
  const read = readMoney(values.amount, currency);
  return read.ok ? (values.direction === 'give' ? read.value : -read.value) : undefined;
}

function StoreCreditForm({
  customer,
  currency,
  onDone,
}: {
  customer: Customer;
  currency: string;
  onDone: () => void;
}) {
  const shop = useShop();
  const adjust = useAdjustStoreCredit(shop.slug, customer.id);
  const toBody = (values: CreditValues) => ({
    amountMinor: signedAmount(values, currency),
    reason: values.reason,
  });
  const validateBody = validateWith(entrySchema, toBody, RENAME);
  const form = useForm<CreditValues>({
    initialValues: { direction: 'give', amount: '', reason: '' },
    validate: (values) => {
      const errors = validateBody(values);
      const read = readMoney(values.amount, currency);
      if (!read.ok) {
        errors.amount = read.message;
      }
      return errors;
    },
  });
  const amountMinor = signedAmount(form.values, currency);
  const after = amountMinor === undefined ? null : customer.storeCreditMinor + amountMinor;
  const giving = form.values.direction === 'give';

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        adjust.mutate(
          { amountMinor: signedAmount(values, currency)!, reason: values.reason },
          {
            onSuccess: (entry) => {
              notifications.show({
                color: 'green',
                message: `${formatMoney(Math.abs(entry.amountMinor), currency)} ${entry.amountMinor > 0 ? 'given to' : 'taken back from'} ${customer.name}: ${formatMoney(entry.balanceMinor, currency)} of store credit.`,
              });
              onDone();
            },
            // A take-back beyond the balance is refused with what they have: FormError says it.
            onError: (error) => showServerIssues(form, error, RENAME),
          },
        ),
      )}
    >
      <Stack gap="md">
        <FormError error={adjust.error} />
        <SegmentedControl
          aria-label="Give or take back"
          data={[
            { value: 'give', label: 'Give credit' },
            { value: 'take', label: 'Take back credit' },
          ]}
          {...form.getInputProps('direction')}
        />
        <MoneyInput
          currency={currency}
          label="Amount"
          data-autofocus
          description={
            after !== null && after >= 0
              ? `Their store credit becomes ${formatMoney(after, currency)}.`
              : `They have ${formatMoney(customer.storeCreditMinor, currency)} of store credit.`
          }
          value={form.values.amount}
          error={form.errors.amount}
          onChange={(text) => form.setFieldValue('amount', text)}
        />
        <TextInput
          label="Reason"
          description="Kept with the entry, on the customer's page."
          placeholder={giving ? 'A goodwill gesture for a late delivery' : 'Given by mistake'}
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={adjust.isPending}>
            {giving ? 'Give credit' : 'Take back credit'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Store credit given or taken back by hand, with a reason (owners and managers). */
export function StoreCreditDialog({
  opened,
  customer,
  currency,
  onDone,
}: {
  opened: boolean;
  customer: Customer;
  currency: string;
  onDone: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onDone} title="Give or take back credit">
      {opened && <StoreCreditForm customer={customer} currency={currency} onDone={onDone} />}
    </Dialog>
  );
}
