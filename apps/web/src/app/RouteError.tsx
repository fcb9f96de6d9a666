import { Button, Container } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { EmptyState } from '../ui/EmptyState';

/** Replaces a page that crashed or failed to load; a stale chunk after a deploy is fixed by a reload. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <Container size="sm" py="xl">
      <EmptyState
        title="This page could not be shown"
        action={
          <Button.Group>
            <Button onClick={() => window.location.reload()}>Reload</Button>
            <Button component={Link} to="/" variant="default">
              Home
            </Button>
          </Button.Group>
        }
      >
        {message}. Reload the page; if it keeps happening, tell us what you were doing.
      </EmptyState>
    </Container>
  );
}

export function NotFound() {
  return (
    <EmptyState
      title="Nothing here"
      action={
        <Button component={Link} to="/">
          Home
        </Button>
      }
    >
      The address may be mistyped, or the page has moved. Start again from the list of shops.
    </EmptyState>
  );
}
