import { Badge } from '@mantine/core';

/** Below this a customer is told stock is low, and the back office flags the product. */
export const LOW_STOCK = 5;

export function StockBadge({ stock }: { stock: number }) {
  if (stock <= 0) {
    return (
      <Badge color="red" variant="light">
        Out of stock
      </Badge>
    );
  }
  return (
    <Badge color={stock <= LOW_STOCK ? 'orange' : 'green'} variant="light">
      {stock} in stock
    </Badge>
  );
}
