import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createRegisterSchema, formatMoney, updateRegisterSchema, type Register } from '@myb/contracts';
import { useState, type FormEvent } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useCreateRegister, useOpenShift, useUpdateRegister } from '../../api/register';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from '../back-office/ShopLayout';
import { readMoney } from './money';
import { MoneyInput } from './MoneyInput';

function OpenRegisterForm({ register, onDone }: { register: Register; onDone: (opened: boolean) => void }) {
  const shop = useShop();
  const open = useOpenShift(shop.slug);
  // One key for this opening: a retry after a lost answer opens one shift.
  const [idempotencyKey] = useState(() => uuidv4());
  const [float, setFloat] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amount = readMoney(float, shop.currency, {
      blank: 'Count the cash in the drawer and enter it (0 if none).',
    });
    if (!amount.ok) {
      setProblem(amount.message);
      return;
    }
    open.mutate(
      { registerId: register.id, body: { openingFloatMinor: amount.value, idempotencyKey } },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: `${register.name} is open with a float of ${formatMoney(amount.value, shop.currency)}.`,
          });
          onDone(true);
        },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <FormError error={open.error} withIssues />
        <Text size="sm">
          Count the cash in the drawer before the first sale: it is the float the day starts with.
        </Text>
        <MoneyInput
          currency={shop.currency}
          label="Float counted in the drawer"
          data-autofocus
          value={float}
          error={problem}
          onChange={(text) => {
            setFloat(text);
            setProblem(undefined);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={open.isPending}>
            Open register
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Open Front till": the float counted into the drawer. `onDone(true)` once the register is open. */
export function OpenRegisterDialog({
  register,
  onDone,
}: {
  register: Register | undefined;
  onDone: (opened: boolean) => void;
}) {
  return (
    <Dialog
      opened={register !== undefined}
      onClose={() => onDone(false)}
      title={register ? `Open ${register.name}` : ''}
    >
      {register && <OpenRegisterForm key={register.id} register={register} onDone={onDone} />}
    </Dialog>
  );
}

interface RegisterValues {
  name: string;
  receiptPrefix: string;
}

const validateRegister = validateWith(createRegisterSchema);
const validateRename = validateWith(updateRegisterSchema, (values: RegisterValues) => ({
  name: values.name,
}));

function RegisterForm({ register, onDone }: { register: Register | null; onDone: () => void }) {
  const shop = useShop();
  const create = useCreateRegister(shop.slug);
  const update = useUpdateRegister(shop.slug);
  const action = register === null ? create : update;
  const form = useForm<RegisterValues>({
    initialValues: { name: register?.name ?? '', receiptPrefix: register?.receiptPrefix ?? '' },
    transformValues: (values) => ({ ...values, receiptPrefix: values.receiptPrefix.toUpperCase() }),
    validate: (values) =>
      register === null
        ? validateRegister({ ...values, receiptPrefix: values.receiptPrefix.toUpperCase() })
        : validateRename(values),
  });
  const done = (saved: Register) => {
    notifications.show({ color: 'green', message: `${saved.name} saved.` });
    onDone();
  };
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        const options = { onSuccess: done, onError: (error: Error) => showServerIssues(form, error) };
        if (register === null) {
          create.mutate(values, options);
        } else {
          update.mutate({ registerId: register.id, body: { name: values.name } }, options);
        }
      })}
    >
      <Stack gap="md">
        <FormError error={action.error} />
        <TextInput
          label="Name"
          description="As staff call it: Front till, Garden counter."
          data-autofocus
          {...form.getInputProps('name')}
        />
        <TextInput
          label="Receipt prefix"
          description={
            register === null
              ? 'Printed before each receipt’s number (R1 → R1-000001): 1 to 6 capital letters or digits. It cannot change later.'
              : 'Receipts already printed carry it, so it does not change.'
          }
          disabled={register !== null}
          maxLength={6}
          {...form.getInputProps('receiptPrefix')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={action.isPending}>
            {register === null ? 'Add register' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Adding a register (`register` null) or renaming one; `register` undefined means closed. */
export function RegisterFormDialog({
  register,
  onDone,
}: {
  register: Register | null | undefined;
  onDone: () => void;
}) {
  return (
    <Dialog
      opened={register !== undefined}
      onClose={onDone}
      title={register === null ? 'Add a register' : register ? `Rename ${register.name}` : ''}
    >
      {register !== undefined && (
        <RegisterForm key={register?.id ?? 'new'} register={register} onDone={onDone} />
      )}
    </Dialog>
  );
}
