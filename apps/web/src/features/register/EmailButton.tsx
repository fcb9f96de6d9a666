import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconMail } from '@tabler/icons-react';
import { useState } from 'react';
import { showServerIssues } from '../../lib/forms';
import { validateWith, type ContractSchema } from '../../lib/validate';
import { FormError } from '../../ui/FormError';

interface Address {
  email: string;
}

/** What a mutation that sends a sheet to an address offers this button. */
interface Sending {
  mutate: (body: Address, options: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

/**
 * "E-mail" beside a sheet's print buttons: it opens, in place, the address to send the sheet to, checked
 * as the server checks it; once sent a toast says where it went. A transport that fails says so here.
 */
export function EmailButton({
  what,
  schema,
  send,
}: {
  /** The sheet, as a sentence names it: "Z report". */
  what: string;
  schema: ContractSchema<Address>;
  send: Sending;
}) {
  const [open, setOpen] = useState(false);
  const form = useForm<Address>({ initialValues: { email: '' }, validate: validateWith(schema) });
  const close = () => {
    setOpen(false);
    send.reset();
  };
  if (!open) {
    return (
      <Button
        variant="default"
        leftSection={<IconMail aria-hidden size={18} />}
        onClick={() => setOpen(true)}
      >
        E-mail
      </Button>
    );
  }
  return (
    <form
      noValidate
      aria-label={`E-mail the ${what}`}
      onSubmit={form.onSubmit((values) =>
        send.mutate(values, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: `${what} sent to ${values.email}.` });
            form.reset();
            close();
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label="E-mail address"
            placeholder="E-mail address"
            type="email"
            autoComplete="email"
            autoFocus
            {...form.getInputProps('email')}
          />
          <Button type="submit" loading={send.isPending}>
            Send
          </Button>
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
        </Group>
        <FormError error={send.error} />
      </Stack>
    </form>
  );
}
