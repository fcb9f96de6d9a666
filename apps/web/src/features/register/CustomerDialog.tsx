import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { createCustomerSchema, formatMoney, type Customer } from '@myb/contracts';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { ApiError, errorMessage, isLostAnswer } from '../../api/client';
import { useCreateCustomer, useCustomers, useFetchCustomer } from '../../api/customers';
import { plural } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import type { CartCustomer } from './cart';

/** How many customers the register lists for what is typed: the few a cashier reads at a glance. */
const SEARCH_LIMIT = 8;

/**
 * Whose sale (or return) it is: the shop's customer found by part of their name, e-mail address or
 * phone number as it is typed, or added on the spot. Used without a mouse: the arrows and Enter pick
 * from what is found, Tab reaches *New customer*, Esc empties the box, then closes.
 */

interface CustomerDialogProps {
  opened: boolean;
  slug: string;
  currency: string;
  /** Its id in a stack of dialogs (Mantine's `Modal.Stack`), when opened from another dialog. */
  stackId?: string;
  onPick: (customer: CartCustomer) => void;
  onClose: () => void;
}

const contactOf = (customer: Customer) =>
  [customer.email, customer.phone].filter((detail) => detail !== null).join(' · ');

function FindCustomer({
  slug,
  currency,
  onPick,
  onNew,
}: {
  slug: string;
  currency: string;
  onPick: (customer: Customer) => void;
  /** *New customer*, with what was typed so far. */
  onNew: (typed: string) => void;
}) {
  const listId = useId();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  const search = useCustomers(slug, debounced, { limit: SEARCH_LIMIT, enabled: debounced !== '' });
  const [active, setActive] = useState(0);
  const results = debounced === '' ? [] : (search.data ?? []);
  const listOpen = results.length > 0;
  const activeIndex = Math.min(active, results.length - 1);
  const optionId = (index: number) => `${listId}-${index}`;
  // The results are for what the box says now, never those of a few letters ago: Enter may pick from them.
  const settled = debounced !== '' && text.trim() === debounced && !search.isFetching;
  /** Enter pressed before they were: the one it would have picked is picked once they are. */
  const [pickWhenSettled, setPickWhenSettled] = useState(false);
  const pickActive = () => {
    if (listOpen) {
      onPick(results[activeIndex]!);
    }
  };
  useEffect(() => {
    if (pickWhenSettled && settled) {
      setPickWhenSettled(false);
      pickActive();
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (settled) {
        pickActive();
      } else if (text.trim() !== '') {
        setPickWhenSettled(true);
      }
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && listOpen) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + results.length) % results.length);
    } else if (event.key === 'Escape' && text !== '') {
      setText('');
    }
  };

  const status =
    debounced === ''
      ? 'Type part of a name, e-mail address or phone number.'
      : search.isError
        ? errorMessage(search.error)
        : search.data === undefined
          ? 'Looking…'
          : results.length === 0
            ? `No customer matches “${debounced}”: add them with New customer.`
            : `${plural(results.length, 'customer')} found: ↑ ↓ and Enter pick one.`;

  return (
    <Stack gap="sm">
      <TextInput
        role="combobox"
        label="Find a customer"
        placeholder="Name, e-mail or phone"
        aria-autocomplete="list"
        aria-expanded={listOpen}
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen ? optionId(activeIndex) : undefined}
        // Esc empties the box first; pressed again, it closes the dialog.
        data-mantine-stop-propagation={text !== '' ? 'true' : undefined}
        // In the box when the dialog opens, and when coming back from New customer.
        data-autofocus
        autoFocus
        autoComplete="off"
        spellCheck={false}
        size="md"
        leftSection={<IconSearch aria-hidden size={18} />}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setActive(0);
          setPickWhenSettled(false);
        }}
        onKeyDown={onKeyDown}
      />
      {listOpen && (
        <ul id={listId} role="listbox" aria-label="Customers found" className="pos-results">
          {results.map((customer, index) => (
            <li
              key={customer.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className="pos-result"
              // The box keeps the focus: a tap picks without taking it.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onPick(customer)}
            >
              <span>
                <Text span fw={600}>
                  {customer.name}
                </Text>{' '}
                <Text span size="sm" c="dimmed">
                  {contactOf(customer)}
                </Text>
              </span>
              {customer.storeCreditMinor > 0 && (
                <Text span size="sm" c="green.9" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(customer.storeCreditMinor, currency)} store credit
                </Text>
              )}
            </li>
          ))}
        </ul>
      )}
      <Text role="status" size="sm" c={search.isError ? 'red.8' : 'dimmed'} mih="1.4em">
        {status}
      </Text>
      <Group justify="flex-end">
        <Button
          variant="default"
          leftSection={<IconUserPlus aria-hidden size={18} />}
          onClick={() => onNew(text.trim())}
        >
          New customer
        </Button>
      </Group>
    </Stack>
  );
}

interface NewCustomerValues {
  name: string;
  email: string;
  phone: string;
}

/** What was typed in the search box, in the field it looks like: an address, a number or a name. */
const prefill = (typed: string): NewCustomerValues => ({
  name: /[@\d]/.test(typed) ? '' : typed,
  email: typed.includes('@') ? typed : '',
  phone: !typed.includes('@') && /\d/.test(typed) ? typed : '',
});

function NewCustomerForm({
  slug,
  typed,
  onAdded,
  onBack,
}: {
  slug: string;
  typed: string;
  onAdded: (customer: Customer) => void;
  onBack: () => void;
}) {
  // Its id is made once for this form: sent again after a lost answer, the customer is added once.
  const create = useCreateCustomer(slug);
  const fetchCustomer = useFetchCustomer(slug);
  const { id } = create;
  const form = useForm<NewCustomerValues>({
    initialValues: prefill(typed),
    validate: validateWith(createCustomerSchema, (values: NewCustomerValues) => ({ id, ...values })),
  });
  const added = (customer: Customer) => {
    notifications.show({ color: 'green', message: `${customer.name} added to the shop’s customers.` });
    onAdded(customer);
  };
  const lost = isLostAnswer(create.error);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        create.mutate(
          values,
          {
            onSuccess: added,
            onError: (error) => {
              // The id is taken by this form's customer, added before the answer was lost and changed
              // since: the one recorded is picked.
              if (
                error instanceof ApiError &&
                error.status === 409 &&
                error.issues.some((issue) => issue.path === 'body.id')
              ) {
                void fetchCustomer(id).then(added, () => undefined);
              } else {
                showServerIssues(form, error);
              }
            },
          },
        ),
      )}
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          autoComplete="off"
          maxLength={200}
          // Mounted in the open dialog (after New customer): the field takes the focus itself.
          autoFocus
          {...form.getInputProps('name')}
        />
        <TextInput
          label="E-mail (optional)"
          type="email"
          autoComplete="off"
          maxLength={254}
          {...form.getInputProps('email')}
        />
        <TextInput
          label="Phone (optional)"
          type="tel"
          autoComplete="off"
          maxLength={30}
          {...form.getInputProps('phone')}
        />
        <FormError error={create.error} />
        {lost && (
          <Alert color="yellow">
            The customer may have been added before the connection dropped. Press Add customer again: they are
            sent with the same id, so they are never added twice.
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="default" onClick={onBack} disabled={create.isPending}>
            Back to the search
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add customer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Finds the customer a sale or return is for, or adds them; `onPick` with the one chosen. */
export function CustomerDialog({ opened, slug, currency, stackId, onPick, onClose }: CustomerDialogProps) {
  /** Null while searching; the text typed so far once *New customer* is pressed. */
  const [adding, setAdding] = useState<string | null>(null);
  const close = () => {
    setAdding(null);
    onClose();
  };
  const pick = (customer: Customer) => {
    setAdding(null);
    onPick({ id: customer.id, name: customer.name, storeCreditMinor: customer.storeCreditMinor });
  };
  return (
    <Dialog
      opened={opened}
      onClose={close}
      stackId={stackId}
      returnFocus={false}
      title={adding === null ? 'Customer' : 'New customer'}
      size="lg"
      closeOnClickOutside={false}
    >
      {opened &&
        (adding === null ? (
          <FindCustomer slug={slug} currency={currency} onPick={pick} onNew={setAdding} />
        ) : (
          <NewCustomerForm slug={slug} typed={adding} onAdded={pick} onBack={() => setAdding(null)} />
        ))}
    </Dialog>
  );
}
