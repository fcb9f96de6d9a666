import { Button, Center } from '@mantine/core';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';

type OrderPages = Pick<UseInfiniteQueryResult, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;

/** Under an order list: loads the orders placed before the last one shown, while there may be some. */
export function OlderOrdersButton({ list }: { list: OrderPages }) {
  if (!list.hasNextPage) {
    return null;
  }
  return (
    <Center mt="md">
      <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        Show older orders
      </Button>
    </Center>
  );
}
