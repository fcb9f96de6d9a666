import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createCategorySchema, type Category, type CreateCategory, type TaxRate } from '@myb/contracts';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useCreateCategory, useDeleteCategory } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { useCan } from '../../app/permissions';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { FormError } from '../../ui/FormError';
import { CategoryFormModal } from './CategoryForm';
import { useShop } from './ShopLayout';
import { taxRateLabel } from './taxRates';

interface CategoriesPanelProps {
  categories: Category[];
  taxRates: TaxRate[];
  /**
   * False while the product dialog is open: its "Name" field would otherwise share the label with
   * this one (a page behind a dialog stays in the DOM, and label lookups do not skip it).
   */
  canAdd: boolean;
}

export function CategoriesPanel({ categories, taxRates, canAdd }: CategoriesPanelProps) {
  const shop = useShop();
  // Staff who may only read the catalogue see the categories, and no control they could not use.
  const mayChange = useCan('catalogue');
  const create = useCreateCategory(shop.slug);
  const remove = useDeleteCategory(shop.slug);
  const [editing, setEditing] = useState<Category | undefined>(undefined);
  const rateOf = (category: Category) => taxRates.find((rate) => rate.id === category.taxRateId);
  const form = useForm<CreateCategory>({
    initialValues: { name: '' },
    validate: validateWith(createCategorySchema),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="categories-title">
      <Title order={2} size="h4" mb="sm" id="categories-title">
        Categories
      </Title>
      <Stack gap="md">
        {categories.length === 0 ? (
          <Text c="dimmed">
            {mayChange
              ? 'No categories yet. Add one below, then pick it on a product to group it in the shop.'
              : 'No categories yet.'}
          </Text>
        ) : (
          <Group gap="xs" role="list" aria-label="Categories">
            {categories.map((category) => (
              <Badge
                key={category.id}
                role="listitem"
                size="xl"
                variant="light"
                color="gray"
                tt="none"
                pr={mayChange ? 0 : undefined}
                rightSection={
                  mayChange && (
                    <Group gap={0} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        size="lg"
                        aria-label={`Edit ${category.name}`}
                        onClick={() => setEditing(category)}
                      >
                        <IconPencil aria-hidden size={18} />
                      </ActionIcon>
                      <ConfirmDelete
                        label={`Delete ${category.name}`}
                        question={`Delete “${category.name}”? Its products stay, without a category.`}
                        onConfirm={() => remove.mutate(category.id)}
                      />
                    </Group>
                  )
                }
              >
                {category.name}
                {rateOf(category) && (
                  <Text span size="sm" c="dimmed" ml={6}>
                    · {taxRateLabel(rateOf(category)!)}
                  </Text>
                )}
              </Badge>
            ))}
          </Group>
        )}
        <FormError error={remove.error ?? create.error} />
        <CategoryFormModal category={editing} taxRates={taxRates} onDone={() => setEditing(undefined)} />
        {canAdd && mayChange && editing === undefined && (
          <form
            noValidate
            onSubmit={form.onSubmit((values) =>
              create.mutate(values, {
                onSuccess: () => form.reset(),
                onError: (error) => showServerIssues(form, error),
              }),
            )}
          >
            <Group align="flex-start" gap="sm">
              <TextInput label="Name" placeholder="e.g. Fasteners" {...form.getInputProps('name')} />
              <Button type="submit" mt={25} loading={create.isPending}>
                Add category
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
