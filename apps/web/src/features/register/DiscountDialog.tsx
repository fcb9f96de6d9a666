import { Alert, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { formatMoney, minorToDecimal } from '@myb/contracts';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../ui/Dialogs';
import { discountMinorOf, formatPercent, parsePercent, type CartAction, type Discount } from './cart';
import { readMoney } from './money';
import { MoneyInput } from './MoneyInput';

export interface DiscountTarget {
  /** "Bolts 10mm (box of 50)", or "the cart". */
  what: string;
  /** What the discount is taken off. */
  baseMinor: number;
  discount: Discount;
  /** What applying `discount` does to the cart, to see the sale it would make before it is applied. */
  action: (discount: Discount) => CartAction;
  apply: (discount: Discount) => void;
}

/** Why the sale, with this discount, would need a manager's approval; null when it would not. */
export type ApprovalNote = (target: DiscountTarget, discount: Discount) => string | null;

function DiscountForm({
  target,
  currency,
  approvalNote,
  onDone,
}: {
  target: DiscountTarget;
  currency: string;
  approvalNote: ApprovalNote;
  onDone: () => void;
}) {
  const [kind, setKind] = useState<'amount' | 'percent'>(target.discount?.kind ?? 'percent');
  const [text, setText] = useState(() =>
    target.discount === null
      ? ''
      : target.discount.kind === 'amount'
        ? minorToDecimal(target.discount.amountMinor, currency)
        : String(target.discount.hundredths / 100),
  );
  const [problem, setProblem] = useState<string>();
  const read = (): { ok: true; discount: Discount } | { ok: false; message: string } => {
    if (kind === 'percent') {
      const hundredths = parsePercent(text);
      return hundredths === null
        ? { ok: false, message: 'Enter a percentage from 0 to 100, such as 10 or 12.5.' }
        : { ok: true, discount: hundredths === 0 ? null : { kind, hundredths } };
    }
    const amount = readMoney(text, currency, {
      max: target.baseMinor,
      aboveMax: `At most ${formatMoney(target.baseMinor, currency)}, what ${target.what} comes to.`,
    });
    return amount.ok
      ? { ok: true, discount: amount.value === 0 ? null : { kind, amountMinor: amount.value } }
      : amount;
  };
  const preview = read();
  const note = preview.ok ? approvalNote(target, preview.discount) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!preview.ok) {
      setProblem(preview.message);
      return;
    }
    target.apply(preview.discount);
    onDone();
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <SegmentedControl
          aria-label="Discount as"
          value={kind}
          onChange={(value) => {
            setKind(value);
            setProblem(undefined);
          }}
          data={[
            { value: 'percent', label: 'Percent' },
            { value: 'amount', label: 'Amount' },
          ]}
        />
        {kind === 'percent' ? (
          <TextInput
            label="Percent off"
            inputMode="decimal"
            autoComplete="off"
            rightSection={<span aria-hidden>%</span>}
            data-autofocus
            value={text}
            error={problem}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setProblem(undefined);
            }}
          />
        ) : (
          <MoneyInput
            currency={currency}
            label="Amount off"
            data-autofocus
            value={text}
            error={problem}
            onChange={(typed) => {
              setText(typed);
              setProblem(undefined);
            }}
          />
        )}
        <Text size="sm" aria-live="polite">
          {preview.ok && preview.discount !== null
            ? `Takes ${formatMoney(discountMinorOf(preview.discount, target.baseMinor), currency)} off ${formatMoney(target.baseMinor, currency)}${
                preview.discount.kind === 'percent' ? ` (${formatPercent(preview.discount.hundredths)})` : ''
              }.`
            : `${target.what} comes to ${formatMoney(target.baseMinor, currency)}.`}
        </Text>
        {note && (
          <Alert color="yellow" title="A manager must approve this" role="status">
            {note}
          </Alert>
        )}
        <Group justify="space-between">
          {target.discount !== null ? (
            <Button
              variant="subtle"
              color="red"
              onClick={() => {
                target.apply(null);
                onDone();
              }}
            >
              Remove discount
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit">Apply discount</Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * A discount on a line or on the whole cart, as an amount or a percentage; `target` undefined: closed.
 * One that takes the sale above the seller's cap says so: a manager approves it when the customer pays.
 */
export function DiscountDialog({
  target,
  currency,
  approvalNote,
  onDone,
}: {
  target: DiscountTarget | undefined;
  currency: string;
  approvalNote: ApprovalNote;
  onDone: () => void;
}) {
  return (
    <Dialog
      opened={target !== undefined}
      onClose={onDone}
      returnFocus={false}
      title={target ? `Discount on ${target.what}` : ''}
    >
      {target && (
        <DiscountForm target={target} currency={currency} approvalNote={approvalNote} onDone={onDone} />
      )}
    </Dialog>
  );
}
