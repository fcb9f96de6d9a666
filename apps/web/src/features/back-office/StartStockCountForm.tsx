import { Button, Group, MultiSelect, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { startStockCountSchema, type StartStockCount } from '@myb/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { v4 as uuidv4 } from 'uuid';
import { useCatalogue } from '../../api/backOffice';
import { useCategories } from '../../api/catalogue';
import { useStartStockCount } from '../../api/stock';
import { plural } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';

type Scope = 'shop' | 'category' | 'products';
const SCOPES: { value: Scope; label: string }[] = [
  { value: 'shop', label: 'Whole shop' },
  { value: 'category', label: 'A category' },
  { value: 'products', label: 'Chosen products' },
];

interface StartValues {
  name: string;
  scope: Scope;
  categoryId: string | null;
  productIds: string[];
}

/** The body for what the form holds: only the field of the scope chosen, a blank name left to the server. */
function toBody(values: StartValues, idempotencyKey: string): StartStockCount {
  return {
    name: values.name.trim() || undefined,
    categoryId: values.scope === 'category' ? (values.categoryId ?? undefined) : undefined,
    productIds: values.scope === 'products' ? values.productIds : undefined,
    idempotencyKey,
  };
}

function StartStockCountForm({ onDone }: { onDone: () => void }) {
  const shop = useShop();
  const navigate = useNavigate();
  const start = useStartStockCount(shop.slug);
  const catalogue = useCatalogue(shop.slug);
  const categories = useCategories(shop.slug);
  // One key for this opening of the dialog: a start retried after a lost answer starts one count.
  const [idempotencyKey] = useState(() => uuidv4());
  const validateBody = validateWith(startStockCountSchema, (values: StartValues) =>
    toBody(values, idempotencyKey),
  );
  const form = useForm<StartValues>({
    initialValues: { name: '', scope: 'shop', categoryId: null, productIds: [] },
    validate: (values) => {
      const errors = validateBody(values);
      if (values.scope === 'category' && !values.categoryId) {
        errors.categoryId = 'Choose a category.';
      }
      return errors;
    },
  });
  // Archived products are not counted: the server leaves them out.
  const onSale = (catalogue.data ?? []).filter((product) => product.archivedAt === null);
  const inCategory = onSale.filter((product) => product.categoryId === form.values.categoryId).length;

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(
        (values) =>
          void start.mutateAsync(toBody(values, idempotencyKey)).then(
            (count) => {
              onDone();
              void navigate(`/back-office/${shop.slug}/stock/counts/${count.id}`);
            },
            (error: unknown) => showServerIssues(form, error),
          ),
      )}
    >
      <Stack gap="md">
        <FormError error={start.error} />
        <TextInput
          label="Name (optional)"
          placeholder="For example: Back room, Friday"
          description="Left empty, the count is named for you."
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="count-scope-label">
            What to count
          </Text>
          <SegmentedControl
            aria-labelledby="count-scope-label"
            fullWidth
            data={SCOPES}
            {...form.getInputProps('scope')}
          />
        </Stack>
        {form.values.scope === 'shop' && (
          <Text size="sm">Every product on sale: {plural(onSale.length, 'product')}.</Text>
        )}
        {form.values.scope === 'category' && (
          <Select
            label="Category"
            placeholder="Choose a category"
            searchable
            data={(categories.data ?? []).map((category) => ({ value: category.id, label: category.name }))}
            description={form.values.categoryId ? `${plural(inCategory, 'product')} on sale.` : undefined}
            {...form.getInputProps('categoryId')}
          />
        )}
        {form.values.scope === 'products' && (
          <MultiSelect
            label="Products"
            placeholder="Type a SKU or a name"
            searchable
            hidePickedOptions
            data={onSale.map((product) => ({ value: product.id, label: `${product.name} (${product.sku})` }))}
            {...form.getInputProps('productIds')}
          />
        )}
        <Text size="sm" c="dimmed">
          Each product’s stock now is noted as expected. Selling goes on while you count: what sells before
          you count a shelf is not counted as missing.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={start.isPending}>
            Start counting
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Start a count": the dialog, with a new form (and key) each time it opens. */
export function StartStockCountModal({ opened, onDone }: { opened: boolean; onDone: () => void }) {
  return (
    <Dialog opened={opened} onClose={onDone} title="Start a count">
      {opened && <StartStockCountForm onDone={onDone} />}
    </Dialog>
  );
}
