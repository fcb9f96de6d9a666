import { Button, Group, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  MAX_STOCK,
  STOCK_REASON_DIRECTION,
  STOCK_REASONS,
  stockAdjustmentSchema,
  type ManagedProduct,
  type StockReason,
} from '@myb/contracts';
import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useAdjustStock } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';
import { parseWholeNumber, wholeNumberProblem } from './wholeNumber';

const REASON_LABELS: Record<StockReason, string> = {
  received: 'Received without order (adds)',
  found: 'Found (adds)',
  damaged: 'Damaged (takes away)',
  lost: 'Lost (takes away)',
  correction: 'Correction after a count',
  other: 'Other (say what)',
};

interface AdjustValues {
  reason: StockReason;
  /** For a correction or another reason, which way; the others have theirs. */
  direction: 'add' | 'remove';
  /** How many, typed as text and read as typed. */
  quantity: string;
  note: string;
}

const sign = (values: AdjustValues) => {
  const fixed = STOCK_REASON_DIRECTION[values.reason];
  return fixed !== 0 ? fixed : values.direction === 'add' ? 1 : -1;
};

function toBody(values: AdjustValues) {
  const quantity = parseWholeNumber(values.quantity);
  return {
    change: quantity === null ? undefined : sign(values) * quantity,
    reason: values.reason,
    note: values.note.trim() || undefined,
  };
}

const RENAME = { change: 'quantity' };

function StockAdjustForm({ product, onDone }: { product: ManagedProduct; onDone: () => void }) {
  const shop = useShop();
  const adjust = useAdjustStock(shop.slug);
  // One key for this adjustment: a save retried after a lost answer is recorded once.
  const [idempotencyKey] = useState(() => uuidv4());
  const validateBody = validateWith(stockAdjustmentSchema, toBody, RENAME);
  const form = useForm<AdjustValues>({
    initialValues: { reason: 'received', direction: 'add', quantity: '', note: '' },
    validate: (values) => {
      const errors = validateBody(values);
      const problem = wholeNumberProblem(values.quantity, { min: 1, max: MAX_STOCK });
      if (problem) {
        errors.quantity = problem;
      }
      return errors;
    },
  });
  const fixed = STOCK_REASON_DIRECTION[form.values.reason] !== 0;
  const quantity = parseWholeNumber(form.values.quantity);
  const after = quantity !== null && quantity > 0 ? product.stock + sign(form.values) * quantity : null;

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        adjust.mutate(
          {
            productId: product.id,
            body: { ...(toBody(values) as { change: number; reason: StockReason; note?: string }), idempotencyKey },
          },
          {
            onSuccess: (result) => {
              notifications.show({
                color: 'green',
                message: `${result.product.name}: ${result.adjustment.stockAfter} in stock.`,
              });
              onDone();
            },
            onError: (error) => showServerIssues(form, error, RENAME),
          },
        ),
      )}
    >
      <Stack gap="md">
        <FormError error={adjust.error} />
        <Text size="sm">
          {product.stock} in stock as this list shows it. The change is applied to the stock as it is when you
          save, so sales made meanwhile are kept.
        </Text>
        <Select
          label="Reason"
          allowDeselect={false}
          data={STOCK_REASONS.map((reason) => ({ value: reason, label: REASON_LABELS[reason] }))}
          {...form.getInputProps('reason')}
        />
        {!fixed && (
          <SegmentedControl
            aria-label="Add or take away"
            data={[
              { value: 'add', label: 'Add' },
              { value: 'remove', label: 'Take away' },
            ]}
            {...form.getInputProps('direction')}
          />
        )}
        <TextInput
          label="Quantity"
          inputMode="numeric"
          data-autofocus
          description={
            after !== null && after >= 0 ? `Stock becomes ${after} if nothing sells meanwhile.` : undefined
          }
          {...form.getInputProps('quantity')}
        />
        <Textarea
          label={form.values.reason === 'other' ? 'What happened' : 'Note (optional)'}
          autosize
          minRows={1}
          {...form.getInputProps('note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={adjust.isPending}>
            Save adjustment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The "Adjust stock" dialog; `product === undefined` means closed. */
export function StockAdjustModal({
  product,
  onDone,
}: {
  product: ManagedProduct | undefined;
  onDone: () => void;
}) {
  return (
    <Dialog
      opened={product !== undefined}
      onClose={onDone}
      title={product ? `Adjust stock of ${product.name}` : ''}
    >
      {product && <StockAdjustForm key={product.id} product={product} onDone={onDone} />}
    </Dialog>
  );
}
