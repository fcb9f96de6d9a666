import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  formatMoney,
  type PurchaseOrder,
  type PurchaseOrderAcknowledgement,
  type PurchaseOrderStatus,
} from '@myb/contracts';
import { IconPrinter, IconSend } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import {
  useEndPurchaseOrder,
  usePurchaseOrder,
  useSendPurchaseOrder,
  useSendToBackupSuppliers,
} from '../../api/purchasing';
import { formatDateTime, formatDay, plural } from '../../lib/format';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { DeliveriesTable } from '../orders/DeliveryTrail';
import { Fact, Section } from '../orders/OrderDetails';
import { PurchaseOrderEditor } from './PurchaseOrderEditor';
import {
  actorName,
  authorName,
  PURCHASE_ORDER_STATUS_LABEL,
  PurchaseOrderStatusBadge,
} from './PurchaseOrderStatusBadge';
import { ReasonButton } from './ReasonButton';
import { ReceiveGoodsButton, stillToCome } from './ReceiveGoodsDialog';

const RECEIVABLE: readonly PurchaseOrderStatus[] = ['sent', 'acknowledged', 'partially_received'];
const CANCELLABLE: readonly PurchaseOrderStatus[] = ['draft', 'sent', 'acknowledged'];

function SendButton({ order, unsaved }: { order: PurchaseOrder; unsaved: boolean }) {
  const shop = useShop();
  const send = useSendPurchaseOrder(shop.slug, order.id);
  const button = (
    <ConfirmButton
      label="Send"
      buttonProps={{ size: 'md', disabled: unsaved, leftSection: <IconSend aria-hidden size={20} /> }}
      title={`Send ${order.number} to ${order.supplier.name}?`}
      keepLabel="Not yet"
      confirmLabel={`Send to ${order.supplier.name}`}
      action={send}
      onDone={(sent) =>
        notifications.show({
          color: 'green',
          title: `${sent.number} sent`,
          message: `${sent.supplier.name} is told by message and e-mail.`,
        })
      }
    >
      <Text>
        {`${order.supplier.name} is told of its ${plural(order.lineCount, 'line')}, ${formatMoney(order.totalMinor, order.currency)} in all, by message and e-mail. Once sent, it can no longer be changed: only cancelled, while nothing has come.`}
      </Text>
    </ConfirmButton>
  );
  return unsaved ? <Tooltip label="Save your changes first">{<span>{button}</span>}</Tooltip> : button;
}

function BackupButton({ order }: { order: PurchaseOrder }) {
  const shop = useShop();
  const backup = useSendToBackupSuppliers(shop.slug, order.id);
  return (
    <ConfirmButton
      label="Send to backup suppliers"
      buttonProps={{ variant: 'default', size: 'md' }}
      title={`Send ${order.number}'s lines to backup suppliers?`}
      keepLabel={`Wait for ${order.supplier.name}`}
      confirmLabel="Send to backup suppliers"
      action={backup}
      onDone={(result) =>
        notifications.show({
          color: result.keptLines.length > 0 ? 'yellow' : 'green',
          title: `${order.number} cancelled`,
          message: (
            <Stack gap={4}>
              <Text size="sm">
                Sent instead:{' '}
                {result.purchaseOrders.map((sent) => (
                  <Anchor
                    key={sent.id}
                    component={Link}
                    to={`/back-office/${shop.slug}/purchase-orders/${sent.id}`}
                    mr="xs"
                  >
                    {sent.number} to {sent.supplier.name}
                  </Anchor>
                ))}
              </Text>
              {result.keptLines.map((line) => (
                <Text key={line.position} size="sm">
                  {line.product.name} has no other supplier: order it again yourself.
                </Text>
              ))}
            </Stack>
          ),
        })
      }
    >
      <Text>
        Each line goes to its product’s next supplier, at that supplier’s cost, in a new purchase order sent
        at once; {order.number} is cancelled. A product with no other supplier is left out and named.
      </Text>
    </ConfirmButton>
  );
}

/** A sent purchase order's deadline to be acknowledged, and what was done once it passed. */
function Escalation({ order }: { order: PurchaseOrder }) {
  const { dueAt, resentAt, merchantToldAt } = order.escalation;
  if (order.status !== 'sent' || dueAt === null) {
    return null;
  }
  const overdue = Date.parse(dueAt) < Date.now();
  return (
    <Alert
      color={overdue ? 'orange' : 'blue'}
      title={overdue ? 'Not acknowledged in time' : 'Waiting for the supplier'}
    >
      <Text size="sm">
        {overdue
          ? `${order.supplier.name} has not acknowledged ${order.number}, due ${formatDateTime(dueAt)}.`
          : `${order.supplier.name} is to acknowledge it by ${formatDateTime(dueAt)}.`}
        {resentAt && ` Sent again ${formatDateTime(resentAt)}.`}
        {merchantToldAt && ` You were told by e-mail ${formatDateTime(merchantToldAt)}.`}
      </Text>
    </Alert>
  );
}

function CancelButton({ order }: { order: PurchaseOrder }) {
  const shop = useShop();
  return (
    <ReasonButton
      label="Cancel"
      title={`Cancel ${order.number}?`}
      consequence={
        order.status === 'draft'
          ? 'The draft is kept, cancelled, with your reason; it is not sent.'
          : `${order.supplier.name} was sent it: tell them too. It is kept, cancelled, with your reason.`
      }
      keepLabel="Keep it"
      confirmLabel="Cancel the purchase order"
      done={(cancelled) => `${cancelled.number} cancelled`}
      action={useEndPurchaseOrder(shop.slug, order.id, 'cancel')}
    />
  );
}

function CloseShortButton({ order }: { order: PurchaseOrder }) {
  const shop = useShop();
  const missing = order.lines.reduce((sum, line) => sum + stillToCome(line), 0);
  return (
    <ReasonButton
      label="Close short"
      title={`Close ${order.number} short?`}
      consequence={`The ${plural(missing, 'item')} still to come will not be waited for: nothing more can be received against it.`}
      keepLabel="Keep waiting"
      confirmLabel="Close short"
      done={(closed) => `${closed.number} closed short`}
      action={useEndPurchaseOrder(shop.slug, order.id, 'closeShort')}
    />
  );
}

function LinesTable({ order }: { order: PurchaseOrder }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  // What the supplier said it will deliver, once it said so.
  const confirmed = order.lines.some((line) => line.quantityConfirmed !== null);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Lines" striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Product</Table.Th>
            <Table.Th scope="col">Supplier’s SKU</Table.Th>
            <Table.Th scope="col" ta="right">
              Ordered
            </Table.Th>
            {confirmed && (
              <Table.Th scope="col" ta="right">
                Confirmed
              </Table.Th>
            )}
            <Table.Th scope="col" ta="right">
              Received
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Still to come
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Cost of one
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((line) => (
            <Table.Tr key={line.position}>
              <Table.Td>
                <Text fw={600}>{line.product.name}</Text>
                <Text size="xs" c="dimmed">
                  {line.product.sku}
                </Text>
              </Table.Td>
              <Table.Td>{line.supplierSku ?? '—'}</Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              {confirmed && <Table.Td ta="right">{line.quantityConfirmed ?? '—'}</Table.Td>}
              <Table.Td ta="right">{line.quantityReceived}</Table.Td>
              {/* Nothing more comes once it is closed or cancelled. */}
              <Table.Td ta="right">
                {order.status === 'closed' || order.status === 'cancelled' ? '—' : stillToCome(line)}
              </Table.Td>
              <Table.Td ta="right">{money(line.costMinor)}</Table.Td>
              <Table.Td ta="right">{money(line.amountMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const ACKNOWLEDGED_HOW: Record<PurchaseOrderAcknowledgement['how'], string> = {
  portal: 'in the supplier portal',
  message: 'by a message from its device',
  link: 'through the e-mailed link',
};

/** What the supplier confirmed, how, by whom and when: the day it promised, and its note. */
function Acknowledgements({ order }: { order: PurchaseOrder }) {
  return (
    <Stack gap="xs">
      {order.acknowledgements.map((acknowledgement) => (
        <Text key={acknowledgement.at}>
          Confirmed {ACKNOWLEDGED_HOW[acknowledgement.how]}
          {acknowledgement.by ? ` by ${acknowledgement.by.name}` : ''} on {formatDateTime(acknowledgement.at)}
          : delivery on <strong>{formatDay(acknowledgement.deliveryOn)}</strong>
          {acknowledgement.note ? `. “${acknowledgement.note}”` : '.'}
        </Text>
      ))}
    </Stack>
  );
}

function History({ order }: { order: PurchaseOrder }) {
  const change = (from: PurchaseOrderStatus | null, to: PurchaseOrderStatus) =>
    from === null
      ? `Written as ${PURCHASE_ORDER_STATUS_LABEL[to].toLowerCase()}`
      : `${PURCHASE_ORDER_STATUS_LABEL[from]} → ${PURCHASE_ORDER_STATUS_LABEL[to]}`;
  return (
    <Table aria-label="History" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Change</Table.Th>
          <Table.Th scope="col">Who</Table.Th>
          <Table.Th scope="col">When</Table.Th>
          <Table.Th scope="col">Note</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {order.transitions.map((step, index) => (
          <Table.Tr key={`${step.at}-${index}`}>
            <Table.Td>{change(step.from, step.to)}</Table.Td>
            <Table.Td>{actorName(step.by)}</Table.Td>
            <Table.Td>{formatDateTime(step.at)}</Table.Td>
            <Table.Td>{step.note ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Receipts({ order }: { order: PurchaseOrder }) {
  const shop = useShop();
  if (order.receipts.length === 0) {
    return <Text c="dimmed">Nothing received yet. Press “Receive goods” when the delivery comes.</Text>;
  }
  return (
    <Table aria-label="Receipts" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Received</Table.Th>
          <Table.Th scope="col">By</Table.Th>
          <Table.Th scope="col" ta="right">
            Items
          </Table.Th>
          <Table.Th scope="col">Note</Table.Th>
          <Table.Th scope="col">Receipt note</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {order.receipts.map((receipt) => (
          <Table.Tr key={receipt.id}>
            <Table.Td>{formatDateTime(receipt.at)}</Table.Td>
            <Table.Td>{receipt.by.name}</Table.Td>
            <Table.Td ta="right">{receipt.lines.reduce((sum, line) => sum + line.quantity, 0)}</Table.Td>
            <Table.Td>{receipt.note || '—'}</Table.Td>
            <Table.Td>
              <Anchor
                component={Link}
                to={`/back-office/${shop.slug}/purchase-orders/${order.id}/receipts/${receipt.id}`}
                aria-label={`Print receipt note of ${formatDateTime(receipt.at)}`}
              >
                <Group gap={4} component="span" wrap="nowrap">
                  <IconPrinter aria-hidden size={16} />
                  Print receipt note
                </Group>
              </Anchor>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * One purchase order: a draft is edited here, sent or cancelled; once sent, its lines show what has
 * come and what is still to come, goods are received against it (each receipt with its printable
 * note) and it is closed short or cancelled. Its history and its message's way to the supplier
 * follow, read again as they change.
 */
export function PurchaseOrderPage() {
  const shop = useShop();
  const { purchaseOrderId = '' } = useParams();
  const order = usePurchaseOrder(shop.slug, purchaseOrderId);
  return (
    <QueryView query={order} label="the purchase order">
      {(found) => (
        <>
          <PageHeader
            title={
              <Group gap="sm" component="span">
                {found.number} <PurchaseOrderStatusBadge status={found.status} />
              </Group>
            }
            description={`To ${found.supplier.name}`}
            actions={
              found.status !== 'draft' && (
                <>
                  {CANCELLABLE.includes(found.status) && <CancelButton order={found} />}
                  {found.status === 'sent' && <BackupButton order={found} />}
                  {found.status === 'partially_received' && <CloseShortButton order={found} />}
                  {RECEIVABLE.includes(found.status) && <ReceiveGoodsButton order={found} />}
                </>
              )
            }
          />
          <Stack gap="lg">
            <Escalation order={found} />
            <Paper withBorder p="md">
              <SimpleGrid cols={{ base: 2, md: 4 }}>
                <Fact label="Supplier">{found.supplier.name}</Fact>
                <Fact label="Expected">{found.expectedOn ? formatDay(found.expectedOn) : 'Not said'}</Fact>
                <Fact label="Total">{formatMoney(found.totalMinor, found.currency)}</Fact>
                <Fact label="Created">
                  {authorName(found.createdBy)}
                  <Text size="sm" c="dimmed">
                    {formatDateTime(found.createdAt)}
                  </Text>
                </Fact>
              </SimpleGrid>
              {found.note && found.status !== 'draft' && (
                <Text mt="sm" style={{ whiteSpace: 'pre-line' }}>
                  {found.note}
                </Text>
              )}
            </Paper>
            {found.status === 'draft' ? (
              <Section title="Draft">
                <PurchaseOrderEditor
                  // Its own form per purchase order: opening another draft starts from that draft.
                  key={found.id}
                  draft={found}
                  actions={(unsaved) => (
                    <>
                      <CancelButton order={found} />
                      <SendButton order={found} unsaved={unsaved} />
                    </>
                  )}
                />
              </Section>
            ) : (
              <>
                <Section title="Lines">
                  <LinesTable order={found} />
                </Section>
                <Section title="Receipts">
                  <Receipts order={found} />
                </Section>
              </>
            )}
            {found.acknowledgements.length > 0 && (
              <Section title="Supplier’s confirmation">
                <Acknowledgements order={found} />
              </Section>
            )}
            <Section title="History">
              <History order={found} />
            </Section>
            <Section title="Message to the supplier">
              {found.deliveries.length === 0 ? (
                <Text c="dimmed">
                  {found.status === 'draft'
                    ? `${found.supplier.name} is told when you send it; the message's way will show here.`
                    : 'No message was sent for this purchase order.'}
                </Text>
              ) : (
                <DeliveriesTable deliveries={found.deliveries} />
              )}
            </Section>
          </Stack>
        </>
      )}
    </QueryView>
  );
}
