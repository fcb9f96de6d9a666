import { Center, Loader } from '@mantine/core';

/** What a page shows while its code is still on the way (a lazily loaded route). */
export function PageLoader() {
  return (
    <Center py="xl" role="status" aria-label="Loading page">
      <Loader />
    </Center>
  );
}
