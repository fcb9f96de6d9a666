import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { registerPinSchema } from '@myb/contracts';
import { useState, type FormEvent } from 'react';
import { useRegisterPin, useSetRegisterPin } from '../../api/register';
import { useCan } from '../../app/permissions';
import { formatDateTime } from '../../lib/format';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';

const digitsOnly = (text: string) => text.replace(/[^0-9]/g, '');

function PinForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const save = useSetRegisterPin(slug);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ pin?: string; again?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = registerPinSchema.safeParse(pin);
    if (!read.success) {
      setProblem({ pin: read.error.issues[0]?.message });
      return;
    }
    if (again !== pin) {
      setProblem({ again: 'The two PINs differ: type the same PIN twice.' });
      return;
    }
    save.mutate(
      { pin },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Your register PIN is set.' });
          onDone();
        },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm">
          4 to 8 digits that only you know. It is kept as a one-way hash: nobody can read it back, you can
          only set a new one.
        </Text>
        <FormError error={save.error} withIssues />
        <PasswordInput
          label="New PIN"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          data-autofocus
          value={pin}
          error={problem.pin}
          onChange={(event) => {
            setPin(digitsOnly(event.currentTarget.value));
            setProblem({});
          }}
        />
        <PasswordInput
          label="New PIN again"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          value={again}
          error={problem.again}
          onChange={(event) => {
            setAgain(digitsOnly(event.currentTarget.value));
            setProblem({});
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Set PIN
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * One's own register PIN at this shop: what one types on a register to clock in and out, and (owner,
 * manager) to approve a discount above a cashier's cap. Set here by the person themself; never shown again.
 */
export function RegisterPinPanel({ slug }: { slug: string }) {
  const status = useRegisterPin(slug, true);
  const approves = useCan('registerApproval');
  const uses = approves ? 'to clock in and out, and to approve a discount above a cashier’s cap' : 'to clock in and out';
  const [setting, setSetting] = useState(false);
  const setAt = status.data?.setAt ?? null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-pin-title">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h4" id="register-pin-title">
            Your register PIN
          </Title>
          <Text size="sm" c="dimmed">
            {setAt
              ? `Set ${formatDateTime(setAt)}. You type it on a register ${uses}.`
              : `Set one to use on any register of this shop: ${uses}.`}
          </Text>
        </div>
        <Button variant="default" onClick={() => setSetting(true)} disabled={status.isPending}>
          {setAt ? 'Change PIN' : 'Set PIN'}
        </Button>
      </Group>
      <Dialog opened={setting} onClose={() => setSetting(false)} title="Your register PIN">
        {setting && <PinForm slug={slug} onDone={() => setSetting(false)} />}
      </Dialog>
    </Paper>
  );
}
