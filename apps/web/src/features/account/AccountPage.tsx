import { Badge, Button, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SessionInfo } from '@myb/contracts';
import { useMySessions, useRevokeSession } from '../../api/account';
import { useSession } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

/** A user agent string is long and cryptic; the browser and system names are what a person recognises. */
function describeDevice(userAgent: string): string {
  if (userAgent === '') {
    return 'Unknown device';
  }
  const browser = /(Edg|Firefox|Chrome|Chromium|Safari)\/[\d.]+/.exec(userAgent)?.[1]?.replace('Edg', 'Edge');
  const system = /(Windows|Android|iPhone|iPad|Mac OS X|Linux)/.exec(userAgent)?.[1]?.replace('Mac OS X', 'macOS');
  return browser || system ? [browser, system].filter(Boolean).join(' on ') : userAgent.slice(0, 60);
}

function RevokeButton({ session }: { session: SessionInfo }) {
  const revoke = useRevokeSession();
  return (
    <Button
      variant="default"
      color="red"
      loading={revoke.isPending}
      aria-label={`Sign out ${describeDevice(session.userAgent)}, last seen ${formatDateTime(session.lastSeenAt)}`}
      onClick={() =>
        revoke.mutate(session.id, {
          onSuccess: () => notifications.show({ color: 'green', message: 'That device is signed out.' }),
          onError: (error) => notifications.show({ color: 'red', title: 'Not signed out', message: errorMessage(error) }),
        })
      }
    >
      Sign out
    </Button>
  );
}

export function AccountPage() {
  const user = useSession().data;
  const sessions = useMySessions();
  return (
    <>
      <PageHeader title="My account" description={user ? `${user.name} · ${user.email}` : undefined} />
      <Title order={2} size="h3" mb="xs">
        Where you are signed in
      </Title>
      <Text c="dimmed" mb="md">
        Sign out any device you do not recognise or no longer use.
      </Text>
      <QueryView query={sessions} label="your sessions">
        {(list) => (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Sessions" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Device</Table.Th>
                  <Table.Th scope="col">Signed in</Table.Th>
                  <Table.Th scope="col">Last seen</Table.Th>
                  <Table.Th scope="col">
                    <span className="mantine-visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Td title={session.userAgent}>
                      {describeDevice(session.userAgent)}{' '}
                      {session.current && (
                        <Badge variant="light" color="green">
                          This device
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(session.lastSeenAt)}</Table.Td>
                    <Table.Td>{!session.current && <RevokeButton session={session} />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </>
  );
}
