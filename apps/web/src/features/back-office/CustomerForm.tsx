import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createCustomerSchema, updateCustomerSchema, type Customer } from '@myb/contracts';
import { useCreateCustomer, useUpdateCustomer } from '../../api/customers';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';

interface CustomerValues {
  name: string;
  email: string;
  phone: string;
  note: string;
}

/** The id is the create hook's, made once for this form. */
const newCustomerSchema = createCustomerSchema.omit({ id: true });

/** Contact details as typed, without the spaces around them; empty ones clear what was there. */
const toBody = ({ name, email, phone, note }: CustomerValues) => ({
  name,
  email: email.trim(),
  phone: phone.trim(),
  note,
});

function CustomerFields({
  form,
  error,
  saving,
  onCancel,
}: {
  form: UseFormReturnType<CustomerValues>;
  error: unknown;
  saving: boolean;
  onCancel: () => void;
}) {
  return (
    <Stack gap="md">
      <FormError error={error} />
      <TextInput label="Name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
      <TextInput
        label="E-mail"
        type="email"
        autoComplete="off"
        placeholder="name@example.com"
        {...form.getInputProps('email')}
      />
      <TextInput
        label="Phone"
        type="tel"
        autoComplete="off"
        placeholder="+44 20 7946 0958"
        {...form.getInputProps('phone')}
      />
      <Textarea
        label="Note"
        description="For the shop only: what they like, how to reach them."
        autosize
        minRows={2}
        {...form.getInputProps('note')}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={saving}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

/** A customer added at the back office: they head the list once saved. */
function NewCustomerForm({ onDone }: { onDone: () => void }) {
  const shop = useShop();
  const create = useCreateCustomer(shop.slug);
  const form = useForm<CustomerValues>({
    initialValues: { name: '', email: '', phone: '', note: '' },
    validate: validateWith(newCustomerSchema, toBody),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        create.mutate(toBody(values), {
          onSuccess: (customer) => {
            notifications.show({ color: 'green', message: `${customer.name} added.` });
            onDone();
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <CustomerFields form={form} error={create.error} saving={create.isPending} onCancel={onDone} />
    </form>
  );
}

function EditCustomerForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const shop = useShop();
  const update = useUpdateCustomer(shop.slug, customer.id);
  const form = useForm<CustomerValues>({
    initialValues: {
      name: customer.name,
      email: customer.email ?? '',
      phone: customer.phone ?? '',
      note: customer.note,
    },
    validate: validateWith(updateCustomerSchema, toBody),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        update.mutate(toBody(values), {
          onSuccess: (saved) => {
            notifications.show({ color: 'green', message: `${saved.name} saved.` });
            onDone();
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <CustomerFields form={form} error={update.error} saving={update.isPending} onCancel={onDone} />
    </form>
  );
}

/** The add and edit dialog; `customer === undefined` means closed, `null` a new customer. */
export function CustomerFormModal({
  customer,
  onDone,
}: {
  customer: Customer | null | undefined;
  onDone: () => void;
}) {
  return (
    <Dialog
      opened={customer !== undefined}
      onClose={onDone}
      title={customer ? `Edit ${customer.name}` : 'Add customer'}
    >
      {customer === null && <NewCustomerForm onDone={onDone} />}
      {customer && <EditCustomerForm key={customer.id} customer={customer} onDone={onDone} />}
    </Dialog>
  );
}
