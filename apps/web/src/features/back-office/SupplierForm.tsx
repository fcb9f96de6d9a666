import { ActionIcon, Button, Checkbox, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  createSupplierSchema,
  MAX_ACKNOWLEDGE_WITHIN_HOURS,
  slugify,
  updateSupplierSchema,
  type Supplier,
} from '@myb/contracts';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useSaveSupplier } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';
import { Dialog } from '../../ui/Dialogs';
import { parseWholeNumber } from './wholeNumber';

interface SupplierValues {
  name: string;
  slug: string;
  emails: string[];
  sendAutomatically: boolean;
  /** Working hours, typed; empty is no deadline. */
  acknowledgeWithinHours: string;
  ordersNeedAcknowledgement: boolean;
}

/** The slug is fixed once created: it is the routing key the supplier's agent subscribes to. */
const toCreateBody = ({ slug, name, emails }: SupplierValues) => ({ name, emails, slug: slug.trim() || undefined });
const toUpdateBody = ({
  name,
  emails,
  sendAutomatically,
  acknowledgeWithinHours,
  ordersNeedAcknowledgement,
}: SupplierValues) => ({
  name,
  emails,
  sendAutomatically,
  ordersNeedAcknowledgement,
  // Not a whole number: NaN, which the schema refuses with its sentence.
  acknowledgeWithinHours:
    acknowledgeWithinHours.trim() === '' ? null : (parseWholeNumber(acknowledgeWithinHours) ?? Number.NaN),
});

function SupplierForm({ supplier, onDone }: { supplier: Supplier | null; onDone: () => void }) {
  const shop = useShop();
  const save = useSaveSupplier(shop.slug);
  const toBody = supplier ? toUpdateBody : toCreateBody;
  const form = useForm<SupplierValues>({
    initialValues: {
      name: supplier?.name ?? '',
      slug: supplier?.slug ?? '',
      emails: supplier?.emails ?? [''],
      sendAutomatically: supplier?.sendAutomatically ?? false,
      acknowledgeWithinHours: String(supplier?.acknowledgeWithinHours ?? ''),
      ordersNeedAcknowledgement: supplier?.ordersNeedAcknowledgement ?? false,
    },
    validate: supplier
      ? validateWith(updateSupplierSchema, toUpdateBody)
      : validateWith(createSupplierSchema, toCreateBody),
  });
  const slugPreview = form.values.slug.trim() || slugify(form.values.name) || 'supplier';

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        save.mutate(
          { supplierId: supplier?.id ?? null, body: toBody(values) },
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
        <FormError error={save.error} />
        <TextInput label="Name" data-autofocus {...form.getInputProps('name')} />
        {supplier ? (
          <Text size="sm">
            Its device listens on <Code>{supplier.routingKey}</Code> (AMQP routing key) or{' '}
            <Code>{supplier.topic}</Code> (MQTT topic)
          </Text>
        ) : (
          <TextInput
            label="Short name"
            description={
              <>
                Lowercase letters, digits and dashes; fixed once saved (the API calls it the slug). The
                supplier's device listens on <Code>{`${shop.slug}.${slugPreview}`}</Code>.
              </>
            }
            placeholder={slugify(form.values.name) || 'bolt-co'}
            {...form.getInputProps('slug')}
          />
        )}
        <Stack gap="xs" role="group" aria-labelledby="supplier-emails">
          <Text fw={500} size="sm" id="supplier-emails">
            E-mail addresses that receive its orders
          </Text>
          {form.values.emails.map((_email, index) => (
            <Group key={form.key(`emails.${index}`)} align="flex-start" gap="xs" wrap="nowrap">
              <TextInput
                aria-label={`E-mail address ${index + 1}`}
                type="email"
                placeholder="orders@supplier.example"
                style={{ flex: 1 }}
                {...form.getInputProps(`emails.${index}`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={`Remove address ${index + 1}`}
                disabled={form.values.emails.length === 1}
                onClick={() => form.removeListItem('emails', index)}
              >
                <IconX aria-hidden size={18} />
              </ActionIcon>
            </Group>
          ))}
          {/* A whole-list problem ("at least one e-mail address") belongs to no single field. */}
          {form.errors.emails && (
            <Text size="sm" c="red.8" role="alert">
              {form.errors.emails}
            </Text>
          )}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus aria-hidden size={16} />}
              onClick={() => form.insertListItem('emails', '')}
            >
              Another e-mail address
            </Button>
          </Group>
        </Stack>
        {supplier && (
          <Checkbox
            label="Send the reorder rules' purchase orders automatically"
            description="Left off, what the reorder rules need of this supplier waits in a draft for you to review and send."
            {...form.getInputProps('sendAutomatically', { type: 'checkbox' })}
          />
        )}
        {supplier && (
          <TextInput
            label="Hours to acknowledge a purchase order"
            description={`Working hours, Monday to Friday 09:00–17:00 in the shop's time zone. Not acknowledged by then, a purchase order is sent again; after as many more, you and the managers are e-mailed. Empty: no deadline. At most ${MAX_ACKNOWLEDGE_WITHIN_HOURS}.`}
            inputMode="numeric"
            autoComplete="off"
            placeholder="No deadline"
            style={{ maxWidth: 320 }}
            {...form.getInputProps('acknowledgeWithinHours')}
          />
        )}
        {supplier && (
          <Checkbox
            label="Orders need acknowledgement"
            description="Each dispatched order's message asks this supplier to acknowledge it, within the hours above: not acknowledged by then, it is sent again; after as many more, you and the managers are e-mailed."
            {...form.getInputProps('ordersNeedAcknowledgement', { type: 'checkbox' })}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The create and edit dialog; `supplier === undefined` means closed. */
export function SupplierFormModal({
  supplier,
  onDone,
}: {
  supplier: Supplier | null | undefined;
  onDone: () => void;
}) {
  return (
    <Dialog
      opened={supplier !== undefined}
      onClose={onDone}
      title={supplier ? `Edit ${supplier.name}` : 'New supplier'}
      size="lg"
    >
      {supplier !== undefined && (
        <SupplierForm key={supplier?.id ?? 'new'} supplier={supplier} onDone={onDone} />
      )}
    </Dialog>
  );
}
