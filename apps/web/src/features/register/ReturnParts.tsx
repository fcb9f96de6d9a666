import { Alert, Autocomplete, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  formatMoney,
  type CreateReturn,
  type ReturnableSale,
  type Sale,
  type TenderMethod,
} from '@myb/contracts';
import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { ApiError } from '../../api/client';
import { useCreateReturn, useFetchSale } from '../../api/register';
import { FormError } from '../../ui/FormError';
import { MoneyInput } from './MoneyInput';
import { readRefunds, refundTexts } from './returnDraft';
import { TENDER_LABELS } from './tenders';

/**
 * What a return takes, with its receipt or without: the reason, the refund per method, and sending it
 * once. The two steps of the *Return* dialog share them.
 */

const REASONS = ['Changed mind', 'Damaged', 'Faulty', 'Wrong size', 'Wrong item', 'Gift'];

/** Why the goods come back: required, typed or one of the usual reasons. */
export function ReasonField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <Autocomplete
      label="Reason"
      description="Damaged goods: untick Back on shelf, so they are not counted in stock."
      data={REASONS}
      maxLength={200}
      value={value}
      error={error}
      onChange={onChange}
    />
  );
}

/** The reason as typed, and the sentence under it when it is missing. */
export function useReason() {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  return {
    reason,
    field: {
      value: reason,
      error: problem,
      onChange: (value: string) => {
        setReason(value);
        setProblem(undefined);
      },
    },
    /** The reason to send, or undefined (and said under the field) when there is none. */
    check: (): string | undefined => {
      if (reason.trim() === '') {
        setProblem('Say why the goods come back.');
        return undefined;
      }
      return reason.trim();
    },
  };
}

/** What the refund editor says under store credit: whose balance the refund goes to. */
export const storeCreditNote = (customer: { name: string }) =>
  `Added to ${customer.name}’s store credit, any amount.`;

export type RefundDraft = ReturnType<typeof useRefundDraft>;

/**
 * The refund per method as the cashier edits it: what `offered` says until they change one, then what
 * they typed; the refunds it makes and why they cannot be sent (`refundProblem`, against the
 * receipt's `refundable`, or null without a receipt).
 */
export function useRefundDraft({
  totalMinor,
  offered,
  methods,
  refundable,
  currency,
}: {
  totalMinor: number;
  offered: { method: TenderMethod; amountMinor: number }[];
  methods: readonly TenderMethod[];
  refundable: ReturnableSale['refundable'] | null;
  currency: string;
}) {
  const [typed, setTyped] = useState<Partial<Record<TenderMethod, string>>>({});
  const texts = refundTexts([...methods], offered, typed, currency);
  const { refunds, problem } = readRefunds(texts, totalMinor, refundable, currency);
  return {
    totalMinor,
    methods,
    texts,
    refunds,
    problem,
    /** One method's amount typed: the others keep what they show. */
    type: (method: TenderMethod, text: string) => setTyped({ ...texts, [method]: text }),
    /** What comes back changed: the refund offered again. */
    reset: () => setTyped({}),
  };
}

/**
 * The refund: its total, one amount per method (each with a note saying how much may go back by it),
 * and, once something comes back, why the refunds cannot be sent yet.
 */
export function RefundEditor({
  draft,
  currency,
  note,
  showProblem,
  onEdit,
}: {
  draft: RefundDraft;
  currency: string;
  note: (method: TenderMethod) => string;
  showProblem: boolean;
  onEdit: () => void;
}) {
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed">
          Refund
        </Text>
        <Text size="xl" fw={700} aria-label="Refund">
          {formatMoney(draft.totalMinor, currency)}
        </Text>
      </Group>
      {draft.totalMinor > 0 && (
        <Group grow align="flex-start">
          {draft.methods.map((method) => (
            <MoneyInput
              key={method}
              currency={currency}
              label={`${TENDER_LABELS[method]} refund`}
              description={note(method)}
              value={draft.texts[method]}
              onChange={(text) => {
                draft.type(method, text);
                onEdit();
              }}
            />
          ))}
        </Group>
      )}
      {showProblem && draft.problem && (
        <Alert color="yellow" role="alert">
          {draft.problem}
        </Alert>
      )}
    </>
  );
}

/**
 * Sends a return with an id made once for it: sent again after a lost answer (by `useCreateReturn`'s
 * retries, or the cashier's second press), it is recorded once. If that id was recorded already, as the
 * return was before the cashier changed it, that return is the one made, and its receipt is shown.
 */
export function useSendReturn(
  slug: string,
  registerId: string,
  shiftId: string,
  onReturned: (sale: Sale) => void,
) {
  const create = useCreateReturn(slug, registerId);
  const fetchSale = useFetchSale(slug);
  const [returnId] = useState(() => uuidv4());
  const send = (body: Omit<CreateReturn, 'id' | 'shiftId'>) => {
    if (create.isPending) {
      return;
    }
    create.mutate(
      { id: returnId, shiftId, ...body },
      {
        onSuccess: onReturned,
        onError: (error) => {
          if (
            error instanceof ApiError &&
            error.status === 409 &&
            error.issues.some((issue) => issue.path === 'body.id')
          ) {
            void fetchSale(returnId).then(
              (recorded) => {
                notifications.show({
                  color: 'yellow',
                  message: `Return ${recorded.receiptNumber} had been recorded before the connection dropped, as it was then: here is its receipt.`,
                });
                onReturned(recorded);
              },
              () => undefined,
            );
          }
        },
      },
    );
  };
  return { create, send };
}

/** The return's last row: what the server said, Cancel, and the red button that refunds. */
export function ReturnFooter({
  create,
  totalMinor,
  currency,
  disabled,
  onClose,
}: {
  create: ReturnType<typeof useSendReturn>['create'];
  totalMinor: number;
  currency: string;
  disabled: boolean;
  onClose: () => void;
}) {
  const lost = create.error instanceof ApiError && (create.error.status === 0 || create.error.status >= 500);
  return (
    <>
      <FormError error={create.error} withIssues />
      {lost && (
        <Alert color="yellow">
          The return may have been recorded before the connection dropped. Press Refund again: it is sent with
          the same return number, so it is never recorded twice.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" size="md" color="red" disabled={disabled} loading={create.isPending}>
          {`Refund ${formatMoney(totalMinor, currency)}`}
        </Button>
      </Group>
    </>
  );
}
