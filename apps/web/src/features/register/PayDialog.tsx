import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  formatMoney,
  formatTaxRate,
  minorToDecimal,
  type CreateSale,
  type RegisterApprovers,
  type Sale,
  type TenderMethod,
} from '@myb/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCreateSale, useFetchSale } from '../../api/register';
import { ApiError } from '../../api/client';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import type { CartCustomer } from './cart';
import { readMoney } from './money';
import { MoneyInput } from './MoneyInput';
import {
  quickCashAmounts,
  storeCreditOffer,
  TENDER_LABELS,
  tenderProblem,
  tenderSummary,
  type Tender,
} from './tenders';

interface PayDialogProps {
  opened: boolean;
  slug: string;
  registerId: string;
  currency: string;
  /** The sale as it would be sent, without its payments; `totalMinor` is the total shown. */
  sale: Omit<CreateSale, 'tenders'> & { totalMinor: number };
  /** The sale's customer, whose store credit it may be paid with. */
  customer: CartCustomer | null;
  /** When the discounts are above the seller's cap: who can approve them, and the share they come to. */
  approval: (RegisterApprovers & { share: string }) | null;
  onPaid: (sale: Sale) => void;
  onClose: () => void;
}

const AMOUNT_LABELS: Record<TenderMethod, string> = {
  cash: 'Cash handed over',
  card: 'Card amount',
  store_credit: 'Store credit amount',
};
const ADD_LABELS: Record<TenderMethod, string> = {
  cash: 'Add cash',
  card: 'Add card payment',
  store_credit: 'Add store credit',
};

/**
 * A manager's approval on the spot: who (from those with a PIN and a higher cap) and their PIN, typed on
 * the register's keypad, masked. The server checks it when the sale is sent.
 */
function ApprovalFields({
  approval,
  approverId,
  pin,
  onApprover,
  onPin,
  onEnter,
}: {
  approval: RegisterApprovers & { share: string };
  approverId: string | null;
  pin: string;
  onApprover: (id: string | null) => void;
  onPin: (pin: string) => void;
  /** Enter in the PIN field completes the sale. */
  onEnter: () => void;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="approval-title">
      <Stack gap="sm">
        <Text fw={700} id="approval-title">
          Manager’s approval
        </Text>
        <Text size="sm">
          The discounts come to {approval.share} of this sale, above your{' '}
          {formatTaxRate(approval.capPpm ?? 0)} cap: a manager chooses their name and types their PIN.
        </Text>
        {approval.approvers.length === 0 ? (
          <Alert color="yellow" role="alert">
            Nobody who can approve has a register PIN at this shop yet. Take part of the discount off, or ask
            the owner or a manager to set their PIN on the Registers page.
          </Alert>
        ) : (
          <Group grow align="flex-start">
            <Select
              label="Approved by"
              placeholder="Choose"
              data={approval.approvers.map((person) => ({ value: person.id, label: person.name }))}
              value={approverId}
              onChange={onApprover}
              allowDeselect={false}
            />
            <PasswordInput
              label="PIN"
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              value={pin}
              onChange={(event) => onPin(event.currentTarget.value.replace(/[^0-9]/g, ''))}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  onEnter();
                }
              }}
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function PayForm({
  slug,
  registerId,
  currency,
  sale,
  customer,
  approval,
  onPaid,
  onClose,
}: Omit<PayDialogProps, 'opened'>) {
  const money = (minor: number) => formatMoney(minor, currency);
  const create = useCreateSale(slug, registerId);
  const fetchSale = useFetchSale(slug);
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [method, setMethod] = useState<TenderMethod>('cash');
  const summary = tenderSummary(sale.totalMinor, tenders);
  const balanceMinor = customer?.storeCreditMinor ?? null;
  const creditOfferMinor = storeCreditOffer(sale.totalMinor, tenders, balanceMinor);
  // Store credit is offered, and stays chosen, only while there is some to pay with.
  const chosen = method === 'store_credit' && creditOfferMinor === 0 ? 'cash' : method;
  const methods: TenderMethod[] = creditOfferMinor > 0 ? ['cash', 'card', 'store_credit'] : ['cash', 'card'];
  const [amount, setAmount] = useState(() => minorToDecimal(summary.leftMinor, currency));
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string>();
  const [approverId, setApproverId] = useState<string | null>(() =>
    approval?.approvers.length === 1 ? approval.approvers[0]!.id : null,
  );
  const [pin, setPin] = useState('');
  const approved = approval === null || (approverId !== null && pin.length >= 4);
  const amountRef = useRef<HTMLInputElement>(null);
  const completeRef = useRef<HTMLButtonElement>(null);

  // What is left to pay is what the next payment is offered as, or as much of it as store credit pays.
  const offeredMinor = chosen === 'store_credit' ? creditOfferMinor : summary.leftMinor;
  useEffect(() => {
    setAmount(offeredMinor > 0 ? minorToDecimal(offeredMinor, currency) : '');
    setProblem(undefined);
  }, [offeredMinor, chosen, currency]);
  useEffect(() => {
    if (summary.covered) {
      completeRef.current?.focus();
    } else {
      amountRef.current?.select();
    }
  }, [summary.covered, tenders.length]);

  const addTender = (tender: Tender) => {
    const refused = tenderProblem(sale.totalMinor, tenders, tender, currency, balanceMinor);
    if (refused) {
      setProblem(refused);
      return;
    }
    setTenders([...tenders, tender]);
    setReference('');
    create.reset();
  };
  const submitTender = (event: FormEvent) => {
    event.preventDefault();
    if (summary.covered) {
      complete();
      return;
    }
    const read = readMoney(amount, currency);
    if (!read.ok) {
      setProblem(read.message);
      return;
    }
    addTender({
      method: chosen,
      amountMinor: read.value,
      ...(chosen === 'card' && reference.trim() !== '' ? { reference: reference.trim() } : {}),
    });
  };
  const complete = () => {
    if (!summary.covered || !approved || create.isPending) {
      return;
    }
    create.mutate(
      { ...sale, tenders, ...(approval && approverId ? { approval: { userId: approverId, pin } } : {}) },
      {
        onSuccess: onPaid,
        onError: (error) => {
          // A PIN refused is typed again, from the start.
          if (error instanceof ApiError && (error.status === 403 || error.status === 429)) {
            setPin('');
          }
          // The id is taken by a sale sent before (its answer was lost, then the cart changed): that
          // sale is the one recorded and paid, so its receipt is shown.
          if (
            error instanceof ApiError &&
            error.status === 409 &&
            error.issues.some((issue) => issue.path === 'body.id')
          ) {
            void fetchSale(sale.id).then((recorded) => {
              notifications.show({
                color: 'yellow',
                message: `Sale ${recorded.receiptNumber} had been recorded before the connection dropped, as it was then: here is its receipt.`,
              });
              onPaid(recorded);
            });
          }
        },
      },
    );
  };
  const lost = create.error instanceof ApiError && (create.error.status === 0 || create.error.status >= 500);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" c="dimmed">
            Total
          </Text>
          <Text size="xl" fw={700}>
            {money(sale.totalMinor)}
          </Text>
          {customer && <Text size="sm">For {customer.name}</Text>}
        </div>
        <div role="status" aria-label="Left to pay">
          {summary.changeMinor > 0 ? (
            <>
              <Text size="sm" c="dimmed" ta="right">
                Change
              </Text>
              <Text size="xl" fw={700} c="green.9" ta="right">
                {money(summary.changeMinor)}
              </Text>
            </>
          ) : (
            <>
              <Text size="sm" c="dimmed" ta="right">
                Left to pay
              </Text>
              <Text size="xl" fw={700} ta="right">
                {money(summary.leftMinor)}
              </Text>
            </>
          )}
        </div>
      </Group>
      {tenders.length > 0 && (
        <Table aria-label="Payments" verticalSpacing={4}>
          <Table.Tbody>
            {tenders.map((tender, index) => (
              <Table.Tr key={index}>
                <Table.Td>
                  {TENDER_LABELS[tender.method]}
                  {tender.reference ? ` (ref. ${tender.reference})` : ''}
                </Table.Td>
                <Table.Td ta="right">{money(tender.amountMinor)}</Table.Td>
                <Table.Td w={52}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={`Remove the ${TENDER_LABELS[tender.method].toLowerCase()} payment of ${money(tender.amountMinor)}`}
                    disabled={create.isPending}
                    onClick={() => {
                      setTenders(tenders.filter((_, each) => each !== index));
                      create.reset();
                    }}
                  >
                    <IconTrash aria-hidden size={18} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!summary.covered && summary.leftMinor === 0 && summary.problem && (
        <Alert color="yellow" role="alert">
          {summary.problem}
        </Alert>
      )}
      {!summary.covered && summary.leftMinor > 0 && (
        <form noValidate onSubmit={submitTender}>
          <Stack gap="sm">
            <SegmentedControl
              aria-label="Payment method"
              value={chosen}
              onChange={(value) => setMethod(value)}
              data={methods.map((each) => ({ value: each, label: TENDER_LABELS[each] }))}
            />
            <MoneyInput
              ref={amountRef}
              currency={currency}
              label={AMOUNT_LABELS[chosen]}
              description={
                chosen === 'store_credit' && customer
                  ? `${customer.name} has ${money(customer.storeCreditMinor)} of store credit: it pays at most ${money(creditOfferMinor)}, and gives no change.`
                  : chosen === 'cash'
                    ? 'More than is left gets change.'
                    : 'At most what is left to pay.'
              }
              data-autofocus
              value={amount}
              error={problem}
              onChange={(text) => {
                setAmount(text);
                setProblem(undefined);
              }}
            />
            {chosen === 'cash' && (
              <Group gap="xs" role="group" aria-label="Quick cash amounts">
                {quickCashAmounts(summary.leftMinor, currency).map((quick, index) => (
                  <Button
                    key={quick}
                    variant="light"
                    onClick={() => addTender({ method: 'cash', amountMinor: quick })}
                  >
                    {index === 0 ? `Exact ${money(quick)}` : money(quick)}
                  </Button>
                ))}
              </Group>
            )}
            {chosen === 'card' && (
              <TextInput
                label="Terminal reference (optional)"
                autoComplete="off"
                maxLength={100}
                value={reference}
                onChange={(event) => setReference(event.currentTarget.value)}
              />
            )}
            <Button type="submit" variant="default">
              {ADD_LABELS[chosen]}
            </Button>
          </Stack>
        </form>
      )}
      {approval && (
        <ApprovalFields
          approval={approval}
          approverId={approverId}
          pin={pin}
          onApprover={(id) => {
            setApproverId(id);
            create.reset();
          }}
          onPin={(typed) => {
            setPin(typed);
            create.reset();
          }}
          onEnter={complete}
        />
      )}
      {create.error && (
        <>
          <FormError error={create.error} withIssues />
          {lost && (
            <Alert color="yellow">
              The sale may have been recorded before the connection dropped. Press Complete sale again: it is
              sent with the same sale number, so it is never recorded twice.
            </Alert>
          )}
        </>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={create.isPending}>
          Back to the cart
        </Button>
        <Button
          ref={completeRef}
          size="md"
          disabled={!summary.covered || !approved}
          loading={create.isPending}
          onClick={complete}
        >
          Complete sale
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Paying: cash, card and the customer's store credit, split as the customer likes; complete once the
 * payments cover the total.
 */
export function PayDialog({ opened, ...props }: PayDialogProps) {
  return (
    <Dialog
      opened={opened}
      onClose={props.onClose}
      returnFocus={false}
      title="Payment"
      size="lg"
      closeOnClickOutside={false}
    >
      {opened && <PayForm {...props} />}
    </Dialog>
  );
}
