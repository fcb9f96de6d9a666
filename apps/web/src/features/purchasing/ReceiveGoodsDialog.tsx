import { Button, Checkbox, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  mayReceiveBeyondOrder,
  MAX_PURCHASE_QUANTITY,
  receivableWithinTolerance,
  type PurchaseOrder,
  type PurchaseOrderLine,
} from '@myb/contracts';
import { IconPackageImport } from '@tabler/icons-react';
import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useReceiveGoods } from '../../api/purchasing';
import { useShopRole } from '../../app/permissions';
import { plural } from '../../lib/format';
import { formatCount, readWholeNumber } from '../../lib/quantity';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { QuantityInput } from '../../ui/QuantityInput';
import { useShop } from '../back-office/ShopLayout';

/** What is still to come of a line: as many as the supplier confirmed, if it did, less what came. */
export const stillToCome = (line: PurchaseOrderLine) =>
  Math.max(0, (line.quantityConfirmed ?? line.quantity) - line.quantityReceived);

/**
 * What came, line by line: each quantity starts at what is still to come, 0 leaves a line out. Its id
 * is made when the dialog opens and kept while it is open, so a receipt sent again after a lost
 * answer moves stock once.
 */
function ReceiveGoodsForm({ order, onDone }: { order: PurchaseOrder; onDone: () => void }) {
  const shop = useShop();
  const receive = useReceiveGoods(shop.slug, order.id);
  const mayOverReceive = mayReceiveBeyondOrder(useShopRole(shop.slug) ?? 'cashier');
  const [receiptId] = useState(() => uuidv4());
  const [quantities, setQuantities] = useState(() => order.lines.map((line) => String(stillToCome(line))));
  const [note, setNote] = useState('');
  const [allowOverReceipt, setAllowOverReceipt] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const readings = order.lines.map((line, index) => {
    // What is open of the order (even beyond what the supplier confirmed) and the shop's tolerance, as the server takes.
    const toCome = Math.max(0, line.quantity - line.quantityReceived);
    const receivable = receivableWithinTolerance(line, order.overReceiptTolerancePercent);
    return readWholeNumber(quantities[index] ?? '', {
      min: 0,
      max: allowOverReceipt ? MAX_PURCHASE_QUANTITY : receivable,
      blank: 'Enter how many came, 0 for none.',
      aboveMax: allowOverReceipt
        ? undefined
        : receivable > toCome
          ? `At most ${formatCount(receivable)}: ${formatCount(toCome)} still to come and ${formatCount(receivable - toCome)} within the shop’s tolerance.`
          : `Only ${formatCount(toCome)} still to come.`,
    });
  });
  const lines = order.lines.flatMap((line, index) => {
    const reading = readings[index];
    return reading?.ok && reading.value > 0 ? [{ productId: line.product.id, quantity: reading.value }] : [];
  });
  const valid = readings.every((reading) => reading.ok) && lines.length > 0;

  const submit = () => {
    setSubmitted(true);
    if (!valid) {
      return;
    }
    void receive.mutateAsync({ id: receiptId, lines, note, allowOverReceipt }).then(
      (receipt) => {
        notifications.show({
          color: 'green',
          title: `Goods received against ${order.number}`,
          message: `${plural(
            receipt.lines.reduce((sum, line) => sum + line.quantity, 0),
            'item',
          )} added to stock.`,
        });
        onDone();
      },
      // Shown in the dialog, which stays open with the same receipt id.
      () => undefined,
    );
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <Table aria-label="Lines received" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Product</Table.Th>
              <Table.Th scope="col" ta="right">
                Still to come
              </Table.Th>
              <Table.Th scope="col">Received now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line, index) => {
              const reading = readings[index];
              return (
                <Table.Tr key={line.product.id}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {line.product.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {line.product.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{stillToCome(line)}</Table.Td>
                  <Table.Td>
                    <QuantityInput
                      aria-label={`Received of ${line.product.name}`}
                      w={110}
                      value={quantities[index] ?? ''}
                      onChange={(text) =>
                        setQuantities((all) => all.map((each, at) => (at === index ? text : each)))
                      }
                      problem={submitted && reading && !reading.ok ? reading.message : undefined}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {submitted && readings.every((reading) => reading.ok) && lines.length === 0 && (
          <Text c="red.8" size="sm" role="alert">
            Enter what came of at least one line.
          </Text>
        )}
        {mayOverReceive && (
          <Checkbox
            label="Allow more than ordered"
            description="The surplus counts as received, at the line's cost."
            checked={allowOverReceipt}
            onChange={(event) => setAllowOverReceipt(event.currentTarget.checked)}
          />
        )}
        <Textarea
          label="Note"
          placeholder="For example: one box dented."
          autosize
          minRows={2}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <FormError error={receive.error} withIssues />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Not now
          </Button>
          <Button
            type="submit"
            loading={receive.isPending}
            leftSection={<IconPackageImport aria-hidden size={18} />}
          >
            Receive into stock
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ReceiveGoodsButton({ order }: { order: PurchaseOrder }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="md" leftSection={<IconPackageImport aria-hidden size={20} />} onClick={open}>
        Receive goods
      </Button>
      <Dialog opened={opened} onClose={close} title={`Receive goods against ${order.number}`} size="lg">
        {/* Mounted while open: each opening is a new receipt, with an id of its own. */}
        {opened && <ReceiveGoodsForm order={order} onDone={close} />}
      </Dialog>
    </>
  );
}
