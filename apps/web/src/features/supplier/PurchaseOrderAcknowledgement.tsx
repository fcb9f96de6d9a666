import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  acknowledgePurchaseOrderSchema,
  formatMoney,
  type AcknowledgePurchaseOrder,
  type PurchaseOrderAcknowledgement as Acknowledgement,
  type PurchaseOrderStatus,
  type SupplierPurchaseOrder,
} from '@myb/contracts';
import { IconCircleCheck } from '@tabler/icons-react';
import { dayParam } from '../../lib/days';
import { formatDateTime, formatDay } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { readWholeNumber } from '../../lib/quantity';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { QuantityInput } from '../../ui/QuantityInput';

/** What the supplier reads of a purchase order's status. */
export const STATUS_LABELS: Record<PurchaseOrderStatus, string> = {
  draft: 'Draft',
  sent: 'To confirm',
  acknowledged: 'Confirmed',
  partially_received: 'Partly received',
  received: 'Received',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export function PurchaseOrderStatusBadge({ status }: { status: PurchaseOrderStatus }) {
  const color =
    status === 'sent' ? 'orange' : status === 'cancelled' || status === 'closed' ? 'gray' : 'teal';
  return (
    <Badge color={color} variant="light">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** What a page says once its confirmation is in. */
export function confirmedToast(order: SupplierPurchaseOrder) {
  return {
    color: 'teal',
    message: `${order.number} confirmed: ${order.merchant.name} expects the delivery on ${order.expectedOn ? formatDay(order.expectedOn) : 'the day you gave'}.`,
  };
}

/** Today in the viewer's calendar, the first day a delivery can be promised for. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

interface FormValues {
  lines: { productId: string; quantity: string }[];
  deliveryOn: string;
  note: string;
}

const toBody = (values: FormValues): AcknowledgePurchaseOrder => ({
  lines: values.lines.map((line) => ({ productId: line.productId, quantity: Number(line.quantity.trim()) })),
  deliveryOn: values.deliveryOn,
  note: values.note,
});

function howSaid(acknowledgement: Acknowledgement): string {
  switch (acknowledgement.how) {
    case 'portal':
      return `by ${acknowledgement.by?.name ?? 'a supplier'} in the supplier portal`;
    case 'link':
      return 'through the e-mailed link';
    case 'message':
      return "by your supplier system's message";
  }
}

interface PurchaseOrderAcknowledgementProps {
  order: SupplierPurchaseOrder;
  /** Sends the confirmation; the page's mutation (the portal's, or the link's). */
  confirm: {
    mutate: (body: AcknowledgePurchaseOrder, options: { onError: (error: unknown) => void }) => void;
    isPending: boolean;
    error: unknown;
  };
}

/**
 * A purchase order as its supplier sees it, with the form that confirms it while it is to be
 * confirmed: per line how many will be delivered (all that was ordered unless changed), the day and
 * a note. Once confirmed, what was confirmed instead. The portal's page and the e-mailed link's show it.
 */
export function PurchaseOrderAcknowledgement({ order, confirm }: PurchaseOrderAcknowledgementProps) {
  const form = useForm<FormValues>({
    initialValues: {
      lines: order.lines.map((line) => ({ productId: line.product.id, quantity: String(line.quantity) })),
      deliveryOn: order.expectedOn ?? '',
      note: '',
    },
    validate: (values) => {
      const errors = validateWith(acknowledgePurchaseOrderSchema, toBody)(values);
      values.lines.forEach((line, index) => {
        const ordered = order.lines[index]!.quantity;
        const read = readWholeNumber(line.quantity, {
          min: 0,
          max: ordered,
          blank: 'Say how many you will deliver (0 for none).',
          aboveMax: `At most the ${ordered} ordered.`,
        });
        if (!read.ok) {
          errors[`lines.${index}.quantity`] = read.message;
        }
      });
      return errors;
    },
  });
  const money = (minor: number) => formatMoney(minor, order.currency);
  const open = order.status === 'sent';
  const acknowledgement = order.acknowledgements.at(-1);

  return (
    <Stack gap="lg">
      <Card withBorder padding="md">
        <Group gap="xl" wrap="wrap">
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Shop
            </Text>
            <Text fw={600}>{order.merchant.name}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Supplier
            </Text>
            <Text fw={600}>{order.supplier.name}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Sent
            </Text>
            <Text>{formatDateTime(order.sentAt)}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              {acknowledgement ? 'Delivery promised' : 'Expected by the shop'}
            </Text>
            <Text>{order.expectedOn ? formatDay(order.expectedOn) : 'No date given'}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Status
            </Text>
            <PurchaseOrderStatusBadge status={order.status} />
          </Stack>
        </Group>
        {order.note && (
          <Text mt="sm">
            <Text span c="dimmed">
              Note from the shop:{' '}
            </Text>
            {order.note}
          </Text>
        )}
      </Card>

      {acknowledgement && (
        <Alert
          color="teal"
          icon={<IconCircleCheck aria-hidden />}
          title={`${order.number} is confirmed`}
          role="status"
        >
          Confirmed {howSaid(acknowledgement)} on {formatDateTime(acknowledgement.at)}, for delivery on{' '}
          <strong>{formatDay(acknowledgement.deliveryOn)}</strong>.
          {acknowledgement.note && <Text mt="xs">Note: {acknowledgement.note}</Text>}
        </Alert>
      )}
      {!open && !acknowledgement && (
        <Alert color="gray" title={`${order.number} is ${STATUS_LABELS[order.status].toLowerCase()}`}>
          It can no longer be confirmed.
        </Alert>
      )}

      <form
        noValidate
        aria-label={`Confirm ${order.number}`}
        onSubmit={form.onSubmit((values) =>
          confirm.mutate(toBody(values), { onError: (error) => showServerIssues(form, error) }),
        )}
      >
        <Stack gap="md">
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Lines" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Product</Table.Th>
                  <Table.Th scope="col">Your SKU</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Unit cost
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Ordered
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {open ? 'You will deliver' : 'Confirmed'}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {order.lines.map((line, index) => (
                  <Table.Tr key={line.product.id}>
                    <Table.Td>
                      <Text fw={600}>{line.product.name}</Text>
                      <Text size="sm" c="dimmed">
                        Shop SKU {line.product.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td>{line.supplierSku ?? '—'}</Table.Td>
                    <Table.Td ta="right">{money(line.costMinor)}</Table.Td>
                    <Table.Td ta="right">{line.quantity}</Table.Td>
                    <Table.Td ta="right" w={180}>
                      {open ? (
                        <QuantityInput
                          aria-label={`Quantity of ${line.product.name} you will deliver`}
                          value={form.values.lines[index]!.quantity}
                          onChange={(text) => form.setFieldValue(`lines.${index}.quantity`, text)}
                          problem={form.errors[`lines.${index}.quantity`] as string | undefined}
                          styles={{ input: { textAlign: 'right', minHeight: 44 } }}
                        />
                      ) : (
                        (line.quantityConfirmed ?? '—')
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th colSpan={4} ta="right">
                    Total as ordered
                  </Table.Th>
                  <Table.Th ta="right">{money(order.totalMinor)}</Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>

          {open && (
            <>
              <Title order={2} size="h4">
                Delivery
              </Title>
              <Group align="flex-start" gap="md" wrap="wrap">
                <TextInput
                  type="date"
                  label="Delivery date"
                  description="The day you will deliver"
                  required
                  min={today()}
                  {...form.getInputProps('deliveryOn')}
                  onChange={(event) => form.setFieldValue('deliveryOn', dayParam(event.currentTarget.value))}
                />
                <Textarea
                  label="Note to the shop"
                  description="Optional: why a line is short, what follows later"
                  autosize
                  minRows={2}
                  style={{ flex: 1, minWidth: 260 }}
                  {...form.getInputProps('note')}
                />
              </Group>
              <FormError error={confirm.error} />
              <Group>
                <Button type="submit" size="md" loading={confirm.isPending}>
                  Confirm
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
