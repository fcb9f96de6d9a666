import { Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { reorderRuleInputSchema } from '@myb/contracts';
import { useCatalogue } from '../../api/backOffice';
import { useRemoveReorderRule, useSetReorderRule } from '../../api/reorder';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';

interface RuleValues {
  productId: string | null;
  minimum: number | string;
  maximum: number | string;
}

/** The rule being edited: a product's, or a new one (no product yet). */
export interface RuleBeingEdited {
  product: { id: string; name: string; sku: string } | null;
  minimum: number;
  maximum: number;
}

const validateRule = validateWith(reorderRuleInputSchema, (values: RuleValues) => ({
  minimum: values.minimum === '' ? undefined : Number(values.minimum),
  maximum: values.maximum === '' ? undefined : Number(values.maximum),
}));

function ReorderRuleForm({ editing, onDone }: { editing: RuleBeingEdited; onDone: () => void }) {
  const shop = useShop();
  const catalogue = useCatalogue(shop.slug);
  const save = useSetReorderRule(shop.slug);
  const remove = useRemoveReorderRule(shop.slug);
  const form = useForm<RuleValues>({
    initialValues: {
      productId: editing.product?.id ?? null,
      minimum: editing.minimum,
      maximum: editing.maximum,
    },
    validate: (values) => ({
      ...validateRule(values),
      ...(values.productId ? {} : { productId: 'Choose the product to reorder.' }),
    }),
  });
  const onSale = (catalogue.data ?? []).filter((product) => product.archivedAt === null);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(
        (values) =>
          void save
            .mutateAsync({
              productId: values.productId!,
              rule: { minimum: Number(values.minimum), maximum: Number(values.maximum) },
            })
            .then(onDone, (error: unknown) => showServerIssues(form, error)),
      )}
    >
      <Stack gap="md">
        <FormError error={save.error ?? remove.error} />
        {editing.product ? (
          <Text fw={600}>
            {editing.product.name}{' '}
            <Text span c="dimmed">
              ({editing.product.sku})
            </Text>
          </Text>
        ) : (
          <Select
            label="Product"
            placeholder="Type a SKU or a name"
            searchable
            data-autofocus
            data={onSale.map((product) => ({ value: product.id, label: `${product.name} (${product.sku})` }))}
            {...form.getInputProps('productId')}
          />
        )}
        <Group grow align="flex-start">
          <NumberInput
            label="Minimum"
            description="Reorder when on hand and on order fall below it."
            min={0}
            allowDecimal={false}
            {...form.getInputProps('minimum')}
          />
          <NumberInput
            label="Maximum"
            description="What a reorder brings it back up to."
            min={1}
            allowDecimal={false}
            {...form.getInputProps('maximum')}
          />
        </Group>
        <Text size="sm" c="dimmed">
          The need goes into a draft purchase order to the product’s preferred supplier, rounded up to its
          pack size and at least its minimum order. You review and send the draft, unless the supplier is set
          to receive it automatically.
        </Text>
        <Group justify="space-between">
          {editing.product ? (
            <Button
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => void remove.mutateAsync(editing.product!.id).then(onDone, () => undefined)}
            >
              Stop reordering
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save rule
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** The dialog to set or change a product's reorder rule; a new form each time it opens. */
export function ReorderRuleModal({
  editing,
  onDone,
}: {
  editing: RuleBeingEdited | null;
  onDone: () => void;
}) {
  return (
    <Dialog
      opened={editing !== null}
      onClose={onDone}
      title={editing?.product ? 'Reorder rule' : 'Add a reorder rule'}
    >
      {editing && <ReorderRuleForm editing={editing} onDone={onDone} />}
    </Dialog>
  );
}
