import { Badge, Group, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@myb/contracts';
import { IconUsers } from '@tabler/icons-react';
import { useSetMerchantRole, useUsers } from '../../api/admin';
import { useSession } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

function MerchantSwitch({ user }: { user: User }) {
  const setRole = useSetMerchantRole();
  // While the request runs, show the state asked for: the switch answers the hand at once.
  const checked = setRole.isPending ? setRole.variables.granted : user.roles.includes('merchant');
  return (
    <Switch
      label="Merchant"
      size="md"
      checked={checked}
      disabled={setRole.isPending}
      onChange={(event) =>
        setRole.mutate(
          { userId: user.id, granted: event.currentTarget.checked },
          {
            onSuccess: ({ user: updated }) =>
              notifications.show({
                color: 'green',
                message: updated.roles.includes('merchant')
                  ? `${updated.name} can now open shops.`
                  : `${updated.name} is no longer a merchant.`,
              }),
            onError: (error) =>
              notifications.show({ color: 'red', title: 'Role not changed', message: errorMessage(error) }),
          },
        )
      }
    />
  );
}

export function UsersPage() {
  const users = useUsers();
  const session = useSession();
  return (
    <>
      <PageHeader
        title="Admin"
        description="Users and their roles. Grant the merchant role to let someone open shops."
      />
      <QueryView query={users} label="users">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No users yet" icon={<IconUsers />}>
              People appear here once they sign up. Share the sign-up page with your merchants.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Users" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Roles</Table.Th>
                    <Table.Th scope="col">Joined</Table.Th>
                    <Table.Th scope="col">Merchant role</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((user) => (
                    <Table.Tr key={user.id}>
                      <Table.Td fw={600}>
                        {user.name}
                        {user.id === session.data?.id && (
                          <Text span c="dimmed" size="sm">
                            {' '}
                            (you)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{user.email}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {user.roles.map((role) => (
                            <Badge
                              key={role}
                              variant="light"
                              color={role === 'admin' ? 'grape' : role === 'merchant' ? 'blue' : 'gray'}
                            >
                              {role}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatDateTime(user.createdAt)}</Table.Td>
                      <Table.Td>
                        <MerchantSwitch user={user} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </>
  );
}
