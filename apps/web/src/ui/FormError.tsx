import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../api/client';

/**
 * The server's overall message for a failed form; field-level issues sit next to their fields. An
 * action with no fields (apply, dispatch) passes `withIssues` to list the server's sentences under it.
 */
export function FormError({ error, withIssues = false }: { error: unknown; withIssues?: boolean }) {
  if (!error) {
    return null;
  }
  const issues = withIssues && error instanceof ApiError ? error.issues : [];
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert">
      {errorMessage(error)}
      {issues.length > 0 && (
        <List size="sm" mt="xs">
          {issues.map((issue, index) => (
            <List.Item key={index}>{issue.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
