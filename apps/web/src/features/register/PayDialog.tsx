import {
  ActionIcon,
  Alert,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, minorToDecimal, type CreateSale, type Sale, type TenderMethod } from '@myb/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCreateSale, useFetchSale } from '../../api/register';
import { ApiError } from '../../api/client';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { readMoney } from './money';
import { MoneyInput } from './MoneyInput';
import { TENDER_LABELS } from './Receipt';
import { quickCashAmounts, tenderProblem, tenderSummary, type Tender } from './tenders';

interface PayDialogProps {
  opened: boolean;
  slug: string;
  registerId: string;
  currency: string;
  /** The sale as it would be sent, without its payments; `totalMinor` is the total shown. */
  sale: Omit<CreateSale, 'tenders'> & { totalMinor: number };
  onPaid: (sale: Sale) => void;
  onClose: () => void;
}

function PayForm({ slug, registerId, currency, sale, onPaid, onClose }: Omit<PayDialogProps, 'opened'>) {
  const money = (minor: number) => formatMoney(minor, currency);
  const create = useCreateSale(slug, registerId);
  const fetchSale = useFetchSale(slug);
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [method, setMethod] = useState<TenderMethod>('cash');
  const summary = tenderSummary(sale.totalMinor, tenders);
  const [amount, setAmount] = useState(() => minorToDecimal(summary.leftMinor, currency));
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string>();
  const amountRef = useRef<HTMLInputElement>(null);
  const completeRef = useRef<HTMLButtonElement>(null);

  // What is left to pay is what the next payment is offered as.
  useEffect(() => {
    setAmount(summary.leftMinor > 0 ? minorToDecimal(summary.leftMinor, currency) : '');
    setProblem(undefined);
  }, [summary.leftMinor, method, currency]);
  useEffect(() => {
    if (summary.covered) {
      completeRef.current?.focus();
    } else {
      amountRef.current?.select();
    }
  }, [summary.covered, tenders.length]);

  const addTender = (tender: Tender) => {
    const refused = tenderProblem(sale.totalMinor, tenders, tender, currency);
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
      method,
      amountMinor: read.value,
      ...(method === 'card' && reference.trim() !== '' ? { reference: reference.trim() } : {}),
    });
  };
  const complete = () => {
    if (!summary.covered || create.isPending) {
      return;
    }
    create.mutate(
      { ...sale, tenders },
      {
        onSuccess: onPaid,
        onError: (error) => {
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
              value={method}
              onChange={(value) => setMethod(value)}
              data={[
                { value: 'cash', label: 'Cash' },
                { value: 'card', label: 'Card' },
              ]}
            />
            <MoneyInput
              ref={amountRef}
              currency={currency}
              label={method === 'cash' ? 'Cash handed over' : 'Card amount'}
              description={
                method === 'cash' ? 'More than is left gets change.' : 'At most what is left to pay.'
              }
              data-autofocus
              value={amount}
              error={problem}
              onChange={(text) => {
                setAmount(text);
                setProblem(undefined);
              }}
            />
            {method === 'cash' && (
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
            {method === 'card' && (
              <TextInput
                label="Terminal reference (optional)"
                autoComplete="off"
                maxLength={100}
                value={reference}
                onChange={(event) => setReference(event.currentTarget.value)}
              />
            )}
            <Button type="submit" variant="default">
              {method === 'cash' ? 'Add cash' : 'Add card payment'}
            </Button>
          </Stack>
        </form>
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
          disabled={!summary.covered}
          loading={create.isPending}
          onClick={complete}
        >
          Complete sale
        </Button>
      </Group>
    </Stack>
  );
}

/** Paying: cash and card, split as the customer likes; complete once the payments cover the total. */
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
