import { Button, Center } from '@mantine/core';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';

type Pages = Pick<UseInfiniteQueryResult, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;

/** Under a list read a page at a time: loads what came before the last item shown, while there may be more. */
export function ShowOlderButton({ list, label }: { list: Pages; label: string }) {
  if (!list.hasNextPage) {
    return null;
  }
  return (
    <Center mt="md">
      <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {label}
      </Button>
    </Center>
  );
}
