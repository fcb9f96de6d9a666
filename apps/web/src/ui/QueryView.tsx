import { Alert, Button, Center, Loader } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';

interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  /** Said by screen readers while loading. */
  label: string;
  children: (data: T) => ReactNode;
}

/** Loading, failure and success of one query, the same way on every screen. */
export function QueryView<T>({ query, label, children }: QueryViewProps<T>) {
  if (query.isPending) {
    return (
      <Center py="xl" role="status" aria-label={`Loading ${label}`}>
        <Loader />
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={`Could not load ${label}`}>
        {errorMessage(query.error)}
        <div>
          <Button mt="sm" variant="light" color="red" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      </Alert>
    );
  }
  return <>{children(query.data)}</>;
}
