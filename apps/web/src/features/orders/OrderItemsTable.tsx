import { Table, Text } from '@mantine/core';
import { formatMoney, type Order } from '@myb/contracts';

export function OrderItemsTable({ order }: { order: Order }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
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
              <Table.Td ta="right">{money(item.unitPriceMinor * item.quantity)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row" colSpan={3} ta="right">
              Total
            </Table.Th>
            <Table.Td ta="right" fw={700}>
              {money(order.totalMinor)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
