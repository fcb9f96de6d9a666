import { Table, Text } from '@mantine/core';
import { formatMoney, type Order } from '@myb/contracts';
import { taxLabel } from '../register/format';

/** A figure of the table's foot: a label over the first three columns, the amount in the last. */
function FootRow({ label, amount, strong = false }: { label: string; amount: string; strong?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" colSpan={3} ta="right" fw={strong ? 700 : 400}>
        {label}
      </Table.Th>
      <Table.Td ta="right" fw={strong ? 700 : undefined}>
        {amount}
      </Table.Td>
    </Table.Tr>
  );
}

/** The order's lines, then its tax per rate as recorded and the total the customer pays. */
export function OrderItemsTable({ order }: { order: Order }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const taxed = order.taxes.filter((entry) => entry.taxRate !== null);
  const amounts = order.items.reduce((sum, item) => sum + item.amountMinor, 0);
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table aria-label="Items" verticalSpacing="sm">
        <Table.Thead>
          {/* Four columns, the SKU under the name, so a phone shows the whole line without scrolling. */}
          <Table.Tr>
            <Table.Th scope="col">Product</Table.Th>
            <Table.Th scope="col" ta="right">
              Quantity
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Unit price
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Line total
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.items.map((item) => (
            <Table.Tr key={item.productId}>
              <Table.Td>
                {item.name}
                <Text size="xs" c="dimmed">
                  SKU {item.sku}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{item.quantity}</Table.Td>
              <Table.Td ta="right">{money(item.unitPriceMinor)}</Table.Td>
              <Table.Td ta="right">{money(item.amountMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          {order.pricesIncludeTax === false && (
            <>
              <FootRow label="Subtotal before tax" amount={money(amounts)} />
              {taxed.map((entry) => (
                <FootRow
                  key={entry.taxRate!.id}
                  label={taxLabel(entry.taxRate)}
                  amount={money(entry.taxMinor)}
                />
              ))}
            </>
          )}
          <FootRow
            label={order.pricesIncludeTax === false && taxed.length > 0 ? 'Total with tax' : 'Total'}
            amount={money(order.totalMinor)}
            strong
          />
          {order.pricesIncludeTax === true &&
            taxed.map((entry) => (
              <FootRow
                key={entry.taxRate!.id}
                label={`Includes ${taxLabel(entry.taxRate)}`}
                amount={money(entry.taxMinor)}
              />
            ))}
          {order.pricesIncludeTax === null && <FootRow label="Recorded without tax" amount={money(0)} />}
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
