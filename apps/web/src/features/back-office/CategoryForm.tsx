import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { updateCategorySchema, type Category, type TaxRate } from '@myb/contracts';
import { useUpdateCategory } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';
import { choosableRates, taxRateLabel } from './taxRates';

interface CategoryValues {
  name: string;
  taxRateId: string | null;
}

interface CategoryFormProps {
  category: Category;
  taxRates: TaxRate[];
  onDone: () => void;
}

/** A category's name, and the rate of its products that have none of their own. */
function CategoryForm({ category, taxRates, onDone }: CategoryFormProps) {
  const shop = useShop();
  const update = useUpdateCategory(shop.slug);
  const form = useForm<CategoryValues>({
    initialValues: { name: category.name, taxRateId: category.taxRateId },
    validate: validateWith(updateCategorySchema),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        update.mutate(
          { categoryId: category.id, body: values },
          {
            onSuccess: (saved) => {
              notifications.show({ color: 'green', message: `${saved.name} saved.` });
              onDone();
            },
            onError: (error) => showServerIssues(form, error),
          },
        ),
      )}
    >
      <Stack gap="md">
        <FormError error={update.error} />
        <TextInput label="Name" data-autofocus {...form.getInputProps('name')} />
        <Select
          label="Default tax rate"
          description="Its products without a rate of their own are taxed at this rate."
          placeholder="No tax"
          clearable
          data={choosableRates(taxRates, category.taxRateId).map((rate) => ({
            value: rate.id,
            label: rate.archivedAt ? `${taxRateLabel(rate)} (archived)` : taxRateLabel(rate),
          }))}
          {...form.getInputProps('taxRateId')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The category's dialog; `category === undefined` means closed. */
export function CategoryFormModal({
  category,
  ...props
}: Omit<CategoryFormProps, 'category'> & { category: Category | undefined }) {
  return (
    <Dialog
      opened={category !== undefined}
      onClose={props.onDone}
      title={category ? `Edit ${category.name}` : ''}
    >
      {category && <CategoryForm key={category.id} category={category} {...props} />}
    </Dialog>
  );
}
