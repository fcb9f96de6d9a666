import {
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, type ShiftReport } from '@myb/contracts';
import { useState, type FormEvent } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useCloseShift, useMoveCash, useShiftReport } from '../../api/register';
import { plural } from '../../lib/format';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { QueryView } from '../../ui/QueryView';
import { itemCount } from './cart';
import { formatSince } from './format';
import { readMoney } from './money';
import { MoneyInput } from './MoneyInput';
import type { ParkedCart } from './parkedCarts';
import { PrintButtons, usePaper } from './PrintSheet';
import { EmailShiftReportButton, ShiftReportSheet } from './ShiftReport';

interface ShiftDialogProps {
  opened: boolean;
  slug: string;
  shiftId: string;
  currency: string;
  onClose: () => void;
}

function CashMoveForm({ slug, shiftId, currency, onClose }: Omit<ShiftDialogProps, 'opened'>) {
  const move = useMoveCash(slug, shiftId);
  // One key for this move: a retry after a lost answer records it once.
  const [idempotencyKey] = useState(() => uuidv4());
  const [direction, setDirection] = useState<'in' | 'out'>('out');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ amount?: string; reason?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = readMoney(amount, currency);
    const found = {
      amount: !read.ok ? read.message : read.value === 0 ? 'Enter an amount above 0.' : undefined,
      reason: reason.trim() === '' ? 'Say why: a bank deposit, change from the safe…' : undefined,
    };
    setProblems(found);
    if (!read.ok || found.amount || found.reason) {
      return;
    }
    const amountMinor = direction === 'in' ? read.value : -read.value;
    move.mutate(
      { amountMinor, reason: reason.trim(), idempotencyKey },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: `${formatMoney(read.value, currency)} ${direction === 'in' ? 'put in' : 'taken out'}: ${reason.trim()}.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <FormError error={move.error} withIssues />
        <SegmentedControl
          aria-label="Cash in or out"
          value={direction}
          onChange={(value) => setDirection(value)}
          data={[
            { value: 'out', label: 'Take cash out' },
            { value: 'in', label: 'Put cash in' },
          ]}
        />
        <MoneyInput
          currency={currency}
          label="Amount"
          data-autofocus
          value={amount}
          error={problems.amount}
          onChange={setAmount}
        />
        <TextInput
          label="Reason"
          description="Kept with the move and shown in the shift’s report."
          maxLength={200}
          value={reason}
          error={problems.reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={move.isPending}>
            {direction === 'in' ? 'Put cash in' : 'Take cash out'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Cash put into the drawer or taken out during the shift, always with a reason. */
export function CashMoveDialog({ opened, ...props }: ShiftDialogProps) {
  return (
    <Dialog opened={opened} onClose={props.onClose} returnFocus={false} title="Cash in or out">
      {opened && <CashMoveForm {...props} />}
    </Dialog>
  );
}

function XReport({ slug, shiftId }: { slug: string; shiftId: string }) {
  const report = useShiftReport(slug, shiftId);
  const { paper, printOn } = usePaper();
  return (
    <QueryView query={report} label="the X report">
      {(figures) => (
        <Stack gap="md" align="center">
          <Text size="sm">
            The shift so far; the register stays open.
            {figures.expectedCashMinor === null
              ? ' The cash expected in the drawer is shown once it is counted at closing.'
              : ''}
          </Text>
          <ShiftReportSheet report={figures} paper={paper} />
          <Group gap="xs" justify="center">
            <PrintButtons what="X report" printOn={printOn} />
            <EmailShiftReportButton slug={slug} report={figures} />
          </Group>
        </Stack>
      )}
    </QueryView>
  );
}

/** The X report: the shift's figures so far, the register staying open. */
export function XReportDialog({ opened, ...props }: ShiftDialogProps) {
  return (
    <Dialog opened={opened} onClose={props.onClose} returnFocus={false} title="X report" size="auto">
      {opened && <XReport slug={props.slug} shiftId={props.shiftId} />}
    </Dialog>
  );
}

function CloseShiftForm({
  slug,
  shiftId,
  currency,
  cartLines,
  onClose,
  onClosed,
}: Omit<ShiftDialogProps, 'opened'> & { cartLines: number; onClosed: (report: ShiftReport) => void }) {
  const close = useCloseShift(slug, shiftId);
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = readMoney(counted, currency, {
      blank: 'Count the cash in the drawer and enter it (0 if none).',
    });
    if (!read.ok) {
      setProblem(read.message);
      return;
    }
    close.mutate(
      { countedCashMinor: read.value, ...(note.trim() === '' ? {} : { note: note.trim() }) },
      { onSuccess: onClosed },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <FormError error={close.error} withIssues />
        <Text size="sm">
          Count the cash in the drawer and enter it. The expected amount and the difference are shown once you
          close, so the count is your own.
        </Text>
        {cartLines > 0 && (
          <Text size="sm" c="orange.9">
            The cart still holds {plural(cartLines, 'item')}: it stays on this register for the next shift.
          </Text>
        )}
        <MoneyInput
          currency={currency}
          label="Cash counted in the drawer"
          data-autofocus
          value={counted}
          error={problem}
          onChange={(text) => {
            setCounted(text);
            setProblem(undefined);
          }}
        />
        <Textarea
          label="Note (optional)"
          autosize
          minRows={2}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep selling
          </Button>
          <Button type="submit" color="red" loading={close.isPending}>
            Close register
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Closing: the cash counted blind, then the Z report (shown by the page, which outlives the shift). */
export function CloseShiftDialog({
  opened,
  ...props
}: ShiftDialogProps & { cartLines: number; onClosed: (report: ShiftReport) => void }) {
  return (
    <Dialog opened={opened} onClose={props.onClose} returnFocus={false} title="Close the register">
      {opened && <CloseShiftForm {...props} />}
    </Dialog>
  );
}

/** The carts set aside on this register, to resume one. */
export function ParkedCartsDialog({
  opened,
  parked,
  currency,
  onResume,
  onClose,
}: {
  opened: boolean;
  parked: ParkedCart[];
  currency: string;
  onResume: (cartId: string) => void;
  onClose: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} returnFocus={false} title="Parked carts" size="lg">
      {parked.length === 0 ? (
        <Text>
          No cart is parked. “Park cart” sets the cart aside while you serve someone else; it waits here.
        </Text>
      ) : (
        <Table aria-label="Parked carts" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Parked</Table.Th>
              <Table.Th scope="col">Items</Table.Th>
              <Table.Th scope="col" ta="right">
                Total
              </Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Resume</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {parked.map(({ cart, parkedAt, totalMinor }) => (
              <Table.Tr key={cart.id}>
                <Table.Td>{formatSince(parkedAt)}</Table.Td>
                <Table.Td>
                  {plural(itemCount(cart), 'item')}
                  {cart.customer ? ` for ${cart.customer.name}` : ''}
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {cart.lines.map((line) => line.name).join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{formatMoney(totalMinor, currency)}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    aria-label={`Resume the cart parked at ${formatSince(parkedAt)}, ${formatMoney(totalMinor, currency)}`}
                    onClick={() => onResume(cart.id)}
                  >
                    Resume
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Dialog>
  );
}
