import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import {
  formatMoney,
  receiptNumberSchema,
  type ReturnableSale,
  type Sale,
} from '@myb/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { useFetchReturnable } from '../../api/register';
import { useCan } from '../../app/permissions';
import { formatDateTime } from '../../lib/format';
import { Dialog } from '../../ui/Dialogs';
import { NoReceiptForm } from './NoReceiptReturn';
import type { RegisterProduct, RegisterTaxSettings } from './registerProducts';
import { defaultRefunds, refundMethods, refundTotal, type ReturnChoice } from './returnDraft';
import {
  ReasonField,
  RefundEditor,
  ReturnFooter,
  storeCreditNote,
  useReason,
  useRefundDraft,
  useSendReturn,
} from './ReturnParts';

interface ReturnDialogProps {
  opened: boolean;
  slug: string;
  registerId: string;
  shiftId: string;
  currency: string;
  /** The products as the selling screen has them (live), for a return without a receipt. */
  products: RegisterProduct[] | undefined;
  settings: RegisterTaxSettings;
  onReturned: (sale: Sale) => void;
  onClose: () => void;
}

/**
 * Step one: the receipt's number, scanned from its barcode or typed; or, for a manager or the owner,
 * *No receipt*.
 */
function FindReceipt({
  slug,
  onFound,
  onNoReceipt,
}: {
  slug: string;
  onFound: (found: ReturnableSale) => void;
  /** Null for someone who may not take a return without a receipt (`registerApproval`). */
  onNoReceipt: (() => void) | null;
}) {
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
        {onNoReceipt === null && (
          <Text size="sm" c="dimmed">
            No receipt? A manager or the owner must take a return without one.
          </Text>
        )}
        <Group justify={onNoReceipt ? 'space-between' : 'flex-end'}>
          {onNoReceipt && (
            <Button variant="default" onClick={onNoReceipt}>
              No receipt
            </Button>
          )}
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
}: Omit<ReturnDialogProps, 'opened' | 'products' | 'settings'> & { found: ReturnableSale }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const { create, send } = useSendReturn(slug, registerId, shiftId, onReturned);
  const [choices, setChoices] = useState<ReturnChoice[]>(() =>
    found.lines.map((line) => ({ position: line.position, quantity: 0, restock: true })),
  );
  const reason = useReason();
  const totalMinor = useMemo(() => refundTotal(found, choices), [found, choices]);
  const offered = useMemo(() => defaultRefunds(totalMinor, found.refundable), [totalMinor, found]);
  // The sale's customer, if it had one: the refund may go to their store credit.
  const customer = found.sale.customer;
  const refund = useRefundDraft({
    totalMinor,
    offered,
    methods: refundMethods([...found.refundable.map((entry) => entry.method), 'cash'], customer !== null),
    refundable: found.refundable,
    currency,
  });
  const returning = choices.filter((choice) => choice.quantity > 0);
  const change = (position: number, update: Partial<ReturnChoice>) => {
    setChoices(choices.map((choice) => (choice.position === position ? { ...choice, ...update } : choice)));
    refund.reset();
    create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const why = reason.check();
    if (why === undefined || returning.length === 0 || refund.problem) {
      return;
    }
    send({ saleId: found.sale.id, lines: returning, reason: why, refunds: refund.refunds, totalMinor });
  };

  const sold = found.sale;
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <Text>
          Sale <strong>{sold.receiptNumber}</strong> of {formatDateTime(sold.createdAt)},{' '}
          {money(sold.totalMinor)}, on {sold.register.name}
          {customer ? `, for ${customer.name}` : ''}.
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
        <ReasonField {...reason.field} />
        <RefundEditor
          draft={refund}
          currency={currency}
          note={(method) =>
            method === 'cash'
              ? 'Cash can always be given back.'
              : method === 'store_credit' && customer
                ? storeCreditNote(customer)
                : `At most ${money(found.refundable.find((entry) => entry.method === method)?.amountMinor ?? 0)}, what the sale paid by ${method}.`
          }
          showProblem={returning.length > 0}
          onEdit={() => create.reset()}
        />
        <ReturnFooter
          create={create}
          totalMinor={totalMinor}
          currency={currency}
          disabled={returning.length === 0 || refund.problem !== null || sold.kind === 'return'}
          onClose={onClose}
        />
      </Stack>
    </form>
  );
}

type Step = { kind: 'find' } | { kind: 'receipt'; found: ReturnableSale } | { kind: 'no-receipt' };

const titleOf = (step: Step) =>
  step.kind === 'receipt'
    ? `Return from ${step.found.sale.receiptNumber}`
    : step.kind === 'no-receipt'
      ? 'Return without a receipt'
      : 'Return';

/**
 * Goods brought back: against a receipt (find the sale, choose what comes back, refund it), or, for a
 * manager or the owner, without one (find the products, refund them at today's prices).
 */
export function ReturnDialog({ opened, products, settings, ...props }: ReturnDialogProps) {
  const canTakeWithout = useCan('registerApproval');
  const [step, setStep] = useState<Step>({ kind: 'find' });
  const close = () => {
    setStep({ kind: 'find' });
    props.onClose();
  };
  const returned = (sale: Sale) => {
    setStep({ kind: 'find' });
    props.onReturned(sale);
  };
  return (
    // A stack: without a receipt, the customer is picked in a dialog of its own, over this one.
    <Modal.Stack>
      <Dialog
        opened={opened}
        onClose={close}
        stackId="return"
        returnFocus={false}
        title={titleOf(step)}
        size="xl"
        closeOnClickOutside={false}
      >
        {opened &&
          (step.kind === 'receipt' ? (
            <ReturnForm {...props} found={step.found} onClose={close} onReturned={returned} />
          ) : step.kind === 'no-receipt' ? (
            <NoReceiptForm
              {...props}
              products={products}
              settings={settings}
              onClose={close}
              onReturned={returned}
            />
          ) : (
            <FindReceipt
              slug={props.slug}
              onFound={(found) => setStep({ kind: 'receipt', found })}
              onNoReceipt={canTakeWithout ? () => setStep({ kind: 'no-receipt' }) : null}
            />
          ))}
      </Dialog>
    </Modal.Stack>
  );
}
