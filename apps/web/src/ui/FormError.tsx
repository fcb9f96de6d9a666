import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../api/client';

/** The server's overall message for a failed form; field-level issues sit next to their fields. */
export function FormError({ error }: { error: unknown }) {
  if (!error) {
    return null;
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
