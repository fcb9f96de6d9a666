import { ActionIcon, Checkbox, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { formatMoney, MAX_LINE_QUANTITY, type Sale } from '@myb/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { CartCustomer } from './cart';
import { CustomerChip } from './CustomerChip';
import { CustomerDialog } from './CustomerDialog';
import { ProductSearch, type PickerMessage } from './ProductSearch';
import { QuantityField } from './QuantityField';
import type { RegisterProduct, RegisterTaxSettings } from './registerProducts';
import {
  addReturned,
  defaultRefunds,
  noReceiptBodyLines,
  noReceiptRefund,
  refundMethods,
  withCurrentProducts,
  type NoReceiptLine,
} from './returnDraft';
import {
  ReasonField,
  RefundEditor,
  ReturnFooter,
  storeCreditNote,
  useReason,
  useRefundDraft,
  useSendReturn,
} from './ReturnParts';

interface NoReceiptFormProps {
  slug: string;
  registerId: string;
  shiftId: string;
  currency: string;
  /** The products as the selling screen has them, live: their price and rate today. */
  products: RegisterProduct[] | undefined;
  settings: RegisterTaxSettings;
  onReturned: (sale: Sale) => void;
  onClose: () => void;
}

/**
 * A return without a receipt, a manager's or the owner's to take: the products brought back, found as
 * the selling screen finds them (a scan, or a name), how many of each and whether they go back on the
 * shelf, why, and the refund at today's prices — worked out as the server will — in cash unless the
 * manager changes it. A customer may be picked (or added), and the refund go to their store credit.
 */
export function NoReceiptForm({
  slug,
  registerId,
  shiftId,
  currency,
  products,
  settings,
  onReturned,
  onClose,
}: NoReceiptFormProps) {
  const money = (minor: number) => formatMoney(minor, currency);
  const { create, send } = useSendReturn(slug, registerId, shiftId, onReturned);
  const searchRef = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<PickerMessage | null>(null);
  const [lines, setLines] = useState<NoReceiptLine[]>([]);
  const reason = useReason();
  const byId = useMemo(() => new Map((products ?? []).map((product) => [product.id, product])), [products]);
  // Prices follow the live catalogue, so the refund shown is the one the server works out.
  const current = useMemo(() => withCurrentProducts(lines, byId), [lines, byId]);
  const { lineMinor, totalMinor } = useMemo(() => noReceiptRefund(current, settings), [current, settings]);
  const offered = useMemo(() => defaultRefunds(totalMinor, []), [totalMinor]);
  const [customer, setCustomer] = useState<CartCustomer | null>(null);
  const [picking, setPicking] = useState(false);
  const refund = useRefundDraft({
    totalMinor,
    offered,
    methods: refundMethods(['cash', 'card'], customer !== null),
    refundable: null,
    currency,
  });

  const refocus = () => window.setTimeout(() => searchRef.current?.focus(), 0);
  const changeCustomer = (picked: CartCustomer | null) => {
    setCustomer(picked);
    setPicking(false);
    refund.reset();
    create.reset();
    refocus();
  };
  const change = (next: NoReceiptLine[]) => {
    setLines(next);
    refund.reset();
    create.reset();
  };
  const update = (productId: string, changed: Partial<NoReceiptLine>) =>
    change(lines.map((line) => (line.product.id === productId ? { ...line, ...changed } : line)));
  const add = (product: RegisterProduct) => {
    const next = addReturned(lines, product);
    if (next === lines) {
      setMessage({
        text: 'A return holds this many lines at most: send it, then take another.',
        tone: 'problem',
      });
      return;
    }
    change(next);
    const quantity = next.find((line) => line.product.id === product.id)!.quantity;
    setMessage({ text: `Added ${product.name}: ${quantity} coming back.`, tone: 'done' });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const why = reason.check();
    if (why === undefined || current.length === 0 || refund.problem) {
      return;
    }
    send({
      saleId: null,
      lines: noReceiptBodyLines(current),
      reason: why,
      refunds: refund.refunds,
      totalMinor,
      ...(customer ? { customerId: customer.id } : {}),
    });
  };

  return (
    <>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm">
            Without a receipt, each product comes back at its price and tax rate today. Scan what the customer
            brings back, or type its name and press Enter.
          </Text>
          {products ? (
            <Stack gap={4}>
              <ProductSearch
                products={products}
                currency={currency}
                searchRef={searchRef}
                message={message}
                hint="Scan a product, or type its name and press Enter; ↑ ↓ and Enter pick from the list."
                onPick={add}
                onMessage={setMessage}
              />
            </Stack>
          ) : (
            <Loader size="sm" aria-label="Reading the products" />
          )}
          {current.length > 0 && (
            <Table aria-label="Lines to return" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Product</Table.Th>
                  <Table.Th>Return</Table.Th>
                  <Table.Th>Back on shelf</Table.Th>
                  <Table.Th ta="right">Refund</Table.Th>
                  <Table.Th aria-label="Take off" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {current.map((line, index) => (
                  <Table.Tr key={line.product.id}>
                    <Table.Td>
                      {line.product.name}
                      <Text size="xs" c="dimmed">
                        {money(line.product.priceMinor)} each
                      </Text>
                    </Table.Td>
                    <Table.Td w={90}>
                      <QuantityField
                        label={`Return how many of ${line.product.name}`}
                        quantity={line.quantity}
                        max={MAX_LINE_QUANTITY}
                        onChange={(quantity) => update(line.product.id, { quantity })}
                        onDone={refocus}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={`${line.product.name} goes back on the shelf`}
                        checked={line.restock}
                        onChange={(event) => update(line.product.id, { restock: event.currentTarget.checked })}
                      />
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {money(lineMinor[index]!)}
                    </Table.Td>
                    <Table.Td w={48}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Take ${line.product.name} off the return`}
                        onClick={() => {
                          change(lines.filter((each) => each.product.id !== line.product.id));
                          refocus();
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
          <Group gap="sm">
            <Text size="sm">Customer (optional):</Text>
            <CustomerChip
              customer={customer}
              currency={currency}
              what="return"
              onAdd={() => setPicking(true)}
              onRemove={() => changeCustomer(null)}
            />
          </Group>
          <ReasonField {...reason.field} />
          <RefundEditor
            draft={refund}
            currency={currency}
            note={(method) =>
              method === 'cash'
                ? 'Cash, unless the customer would rather have it on a card.'
                : method === 'store_credit' && customer
                  ? storeCreditNote(customer)
                  : 'Without a receipt, any method: the refunds add up to the return.'
            }
            showProblem={current.length > 0}
            onEdit={() => create.reset()}
          />
          <ReturnFooter
            create={create}
            totalMinor={totalMinor}
            currency={currency}
            disabled={current.length === 0 || refund.problem !== null}
            onClose={onClose}
          />
        </Stack>
      </form>
      {/* Over the Return dialog (in its Modal.Stack); out of the form, which its own submit would reach. */}
      <CustomerDialog
        opened={picking}
        slug={slug}
        currency={currency}
        stackId="return-customer"
        onPick={changeCustomer}
        onClose={() => {
          setPicking(false);
          refocus();
        }}
      />
    </>
  );
}
