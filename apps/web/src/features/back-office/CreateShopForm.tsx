import { Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createMerchantSchema, slugify } from '@myb/contracts';
import { useNavigate } from 'react-router';
import { useCreateMerchant } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN'];

interface ShopValues {
  name: string;
  slug: string;
  description: string;
  currency: string;
}

/** An empty slug field means "derive it from the name", which the server does. */
const toBody = ({ slug, ...rest }: ShopValues) => ({ ...rest, slug: slug.trim() || undefined });

export function CreateShopForm() {
  const createMerchant = useCreateMerchant();
  const navigate = useNavigate();
  const form = useForm<ShopValues>({
    initialValues: { name: '', slug: '', description: '', currency: 'EUR' },
    validate: validateWith(createMerchantSchema, toBody),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="create-shop-title">
      <Title order={2} size="h4" mb="md" id="create-shop-title">
        Open a new shop
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          createMerchant.mutate(toBody(values), {
            onSuccess: (merchant) => {
              notifications.show({
                color: 'green',
                message: `${merchant.name} is open. Add its catalogue next.`,
              });
              form.reset();
              void navigate(`/back-office/${merchant.slug}/catalogue`);
            },
            onError: (error) => showServerIssues(form, error),
          }),
        )}
      >
        <Stack gap="md">
          <FormError error={createMerchant.error} />
          <TextInput label="Name" {...form.getInputProps('name')} />
          {/* The slug, in a shop owner's words; the developer's name for it stays in the hint. */}
          <TextInput
            label="Web address"
            description={`Your shop's page: /shops/${form.values.slug.trim() || slugify(form.values.name) || 'my-shop'}. Suppliers' messages carry it too, so it stays once chosen. Lowercase letters, digits and dashes; leave it empty to make it from the name (the API calls it the slug).`}
            leftSection={
              <Text size="sm" c="dimmed">
                /shops/
              </Text>
            }
            leftSectionWidth={64}
            placeholder={slugify(form.values.name) || 'my-shop'}
            {...form.getInputProps('slug')}
          />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Select
            label="Currency"
            data={CURRENCIES}
            allowDeselect={false}
            searchable
            w={200}
            {...form.getInputProps('currency')}
          />
          <Group>
            <Button type="submit" loading={createMerchant.isPending}>
              Create shop
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
