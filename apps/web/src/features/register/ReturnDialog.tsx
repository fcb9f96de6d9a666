import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import {
  formatMoney,
  minorToDecimal,
  receiptNumberSchema,
  refundProblem,
  type ReturnableSale,
  type Sale,
  type TenderMethod,
} from '@myb/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { errorMessage } from '../../api/client';
import { useCreateReturn, useFetchReturnable } from '../../api/register';
import { formatDateTime } from '../../lib/format';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { readMoney } from './money';
import { MoneyInput } from './MoneyInput';
import { TENDER_LABELS } from './Receipt';
import { defaultRefunds, refundTotal, type ReturnChoice } from './returnDraft';

interface ReturnDialogProps {
  opened: boolean;
  slug: string;
  registerId: string;
  shiftId: string;
  currency: string;
  onReturned: (sale: Sale) => void;
  onClose: () => void;
}

const REASONS = ['Changed mind', 'Damaged', 'Faulty', 'Wrong size', 'Wrong item', 'Gift'];

/** Step one: the receipt's number, scanned from its barcode or typed. */
function FindReceipt({ slug, onFound }: { slug: string; onFound: (found: ReturnableSale) => void }) {
  const fetchReturnable = useFetchReturnable(slug);
  const [receipt, setReceipt] = useState('');
  const [problem, setProblem] = useState<string>();
  const [looking, setLooking] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = receiptNumberSchema.safeParse(receipt);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]!.message);
      return;
    }
    setLooking(true);
    fetchReturnable(parsed.data)
      .then(onFound, (error: unknown) => setProblem(errorMessage(error)))
      .finally(() => setLooking(false));
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Receipt number"
          description="Scan the barcode on the receipt, or type the number printed under it."
          placeholder="R1-000042"
          autoComplete="off"
          data-autofocus
          value={receipt}
          error={problem}
          onChange={(event) => {
            setReceipt(event.currentTarget.value);
            setProblem(undefined);
          }}
        />
        <Text size="sm" c="dimmed">
          No receipt? A manager or the owner takes a return without one.
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={looking}>
            Find the sale
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Step two: what comes back, whether it goes back on the shelf, why, and how it is refunded. */
function ReturnForm({
  found,
  slug,
  registerId,
  shiftId,
  currency,
  onReturned,
  onClose,
}: Omit<ReturnDialogProps, 'opened'> & { found: ReturnableSale }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const create = useCreateReturn(slug, registerId);
  // One id for this return: sent again after a lost answer, it is recorded once.
  const [returnId] = useState(() => uuidv4());
  const [choices, setChoices] = useState<ReturnChoice[]>(() =>
    found.lines.map((line) => ({ position: line.position, quantity: 0, restock: true })),
  );
  const [reason, setReason] = useState('');
  const [reasonProblem, setReasonProblem] = useState<string>();
  const totalMinor = useMemo(() => refundTotal(found, choices), [found, choices]);
  const offered = useMemo(() => defaultRefunds(totalMinor, found.refundable), [totalMinor, found]);
  // The refund per method as typed; until the cashier changes one, the refund offered.
  const [typed, setTyped] = useState<Partial<Record<TenderMethod, string>>>({});
  const methods: TenderMethod[] = [
    ...new Set<TenderMethod>([...found.refundable.map((entry) => entry.method), 'cash']),
  ];
  const amountOf = (method: TenderMethod) =>
    typed[method] ??
    minorToDecimal(offered.find((refund) => refund.method === method)?.amountMinor ?? 0, currency);
  const refunds = methods.flatMap((method) => {
    const read = readMoney(amountOf(method), currency, { blank: '0' });
    return read.ok && read.value > 0 ? [{ method, amountMinor: read.value }] : [];
  });
  const unreadable = methods.find(
    (method) => !readMoney(amountOf(method), currency).ok && amountOf(method).trim() !== '',
  );
  const problem = unreadable
    ? `The ${TENDER_LABELS[unreadable].toLowerCase()} refund is not an amount.`
    : refundProblem(totalMinor, refunds, found.refundable, money);
  const returning = choices.filter((choice) => choice.quantity > 0);
  const change = (position: number, update: Partial<ReturnChoice>) => {
    setChoices(choices.map((choice) => (choice.position === position ? { ...choice, ...update } : choice)));
    setTyped({});
    create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setReasonProblem('Say why the goods come back.');
      return;
    }
    if (returning.length === 0 || problem || create.isPending) {
      return;
    }
    create.mutate(
      {
        id: returnId,
        shiftId,
        saleId: found.sale.id,
        lines: returning,
        reason: reason.trim(),
        refunds,
        totalMinor,
      },
      { onSuccess: onReturned },
    );
  };

  const sold = found.sale;
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <Text>
          Sale <strong>{sold.receiptNumber}</strong> of {formatDateTime(sold.createdAt)},{' '}
          {money(sold.totalMinor)}, on {sold.register.name}.
        </Text>
        {sold.kind === 'return' && (
          <Alert color="yellow" role="alert">
            This is a return’s receipt: a return cannot be returned. Scan the receipt of the sale itself.
          </Alert>
        )}
        {found.returns.length > 0 && (
          <Text size="sm" c="dimmed">
            Returned already on {found.returns.map((each) => each.receiptNumber).join(', ')}.
          </Text>
        )}
        <Table aria-label="Lines to return" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Product</Table.Th>
              <Table.Th ta="right">Sold</Table.Th>
              <Table.Th>Return</Table.Th>
              <Table.Th>Back on shelf</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {found.lines.map((line) => {
              const soldLine = sold.lines.find((each) => each.position === line.position)!;
              const choice = choices.find((each) => each.position === line.position)!;
              return (
                <Table.Tr key={line.position}>
                  <Table.Td>
                    {soldLine.product.name}
                    <Text size="xs" c="dimmed">
                      {money(soldLine.amountMinor)}
                      {line.returnedQuantity > 0 ? `, ${line.returnedQuantity} returned already` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{soldLine.quantity}</Table.Td>
                  <Table.Td w={120}>
                    <NumberInput
                      aria-label={`Return how many of ${soldLine.product.name}`}
                      min={0}
                      max={line.returnableQuantity}
                      allowDecimal={false}
                      allowNegative={false}
                      clampBehavior="strict"
                      disabled={line.returnableQuantity === 0}
                      value={choice.quantity}
                      onChange={(value) => change(line.position, { quantity: Number(value) || 0 })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${soldLine.product.name} goes back on the shelf`}
                      checked={choice.restock}
                      disabled={line.returnableQuantity === 0}
                      onChange={(event) => change(line.position, { restock: event.currentTarget.checked })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Autocomplete
          label="Reason"
          description="Damaged goods: untick Back on shelf, so they are not counted in stock."
          data={REASONS}
          maxLength={200}
          value={reason}
          error={reasonProblem}
          onChange={(value) => {
            setReason(value);
            setReasonProblem(undefined);
          }}
        />
        <Group justify="space-between" align="flex-end">
          <Text size="sm" c="dimmed">
            Refund
          </Text>
          <Text size="xl" fw={700} aria-label="Refund">
            {money(totalMinor)}
          </Text>
        </Group>
        {totalMinor > 0 && (
          <Group grow align="flex-start">
            {methods.map((method) => {
              const left = found.refundable.find((entry) => entry.method === method);
              return (
                <MoneyInput
                  key={method}
                  currency={currency}
                  label={`${TENDER_LABELS[method]} refund`}
                  description={
                    method === 'cash'
                      ? 'Cash can always be given back.'
                      : `At most ${money(left?.amountMinor ?? 0)}, what the sale paid by ${method}.`
                  }
                  value={amountOf(method)}
                  onChange={(text) => {
                    setTyped({
                      ...Object.fromEntries(methods.map((each) => [each, amountOf(each)])),
                      [method]: text,
                    });
                    create.reset();
                  }}
                />
              );
            })}
          </Group>
        )}
        {returning.length > 0 && problem && (
          <Alert color="yellow" role="alert">
            {problem}
          </Alert>
        )}
        <FormError error={create.error} withIssues />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button
            type="submit"
            size="md"
            color="red"
            disabled={returning.length === 0 || problem !== null || sold.kind === 'return'}
            loading={create.isPending}
          >
            {`Refund ${money(totalMinor)}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A return against a receipt: find the sale, choose what comes back, refund it. */
export function ReturnDialog({ opened, ...props }: ReturnDialogProps) {
  const [found, setFound] = useState<ReturnableSale>();
  const close = () => {
    setFound(undefined);
    props.onClose();
  };
  return (
    <Dialog
      opened={opened}
      onClose={close}
      returnFocus={false}
      title={found ? `Return from ${found.sale.receiptNumber}` : 'Return'}
      size="xl"
      closeOnClickOutside={false}
    >
      {opened &&
        (found ? (
          <ReturnForm
            {...props}
            found={found}
            onClose={close}
            onReturned={(sale) => {
              setFound(undefined);
              props.onReturned(sale);
            }}
          />
        ) : (
          <FindReceipt slug={props.slug} onFound={setFound} />
        ))}
    </Dialog>
  );
}
