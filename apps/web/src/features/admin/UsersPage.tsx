import { Badge, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AdminUser } from '@myb/contracts';
import { IconUsers } from '@tabler/icons-react';
import { useSetMerchantRole, useSetUserToggle, useUsers, type UserToggle } from '../../api/admin';
import { useSession } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

function MerchantSwitch({ user }: { user: AdminUser }) {
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

/** The admin and "active" switches: one request each, said back in a toast. */
function ToggleSwitch({
  user,
  toggle,
  label,
  on,
  said,
}: {
  user: AdminUser;
  toggle: UserToggle;
  label: string;
  /** Whether the switch shows on for this user. */
  on: (user: AdminUser) => boolean;
  said: (user: AdminUser) => string;
}) {
  const change = useSetUserToggle();
  // "Active" is on when the account is not disabled: the request sets the opposite.
  const inverted = toggle === 'disabled';
  const checked = change.isPending ? change.variables.on !== inverted : on(user);
  return (
    <Switch
      label={label}
      size="md"
      checked={checked}
      disabled={change.isPending}
      onChange={(event) =>
        change.mutate(
          { userId: user.id, toggle, on: event.currentTarget.checked !== inverted },
          {
            onSuccess: ({ user: updated }) => notifications.show({ color: 'green', message: said(updated) }),
            onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
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
        description="Grant the merchant role to let someone open shops; disable an account to end all its sessions. Every change is in the audit log."
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
                    <Table.Th scope="col">Access</Table.Th>
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
                          {user.memberships.map((membership) => (
                            <Badge key={membership.merchant.slug} variant="outline" color="blue">
                              {membership.role} at {membership.merchant.name}
                            </Badge>
                          ))}
                          {user.suppliers.map((supplier) => (
                            <Badge key={supplier.id} variant="outline" color="teal">
                              {supplier.name} ({supplier.merchantSlug})
                            </Badge>
                          ))}
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
                        <Stack gap={6}>
                          <MerchantSwitch user={user} />
                          <ToggleSwitch
                            user={user}
                            toggle="roles/admin"
                            label="Admin"
                            on={(u) => u.roles.includes('admin')}
                            said={(u) => (u.roles.includes('admin') ? `${u.name} is now an admin.` : `${u.name} is no longer an admin.`)}
                          />
                          <ToggleSwitch
                            user={user}
                            toggle="disabled"
                            label="Active"
                            on={(u) => !u.disabled}
                            said={(u) => (u.disabled ? `${u.name} is disabled and signed out everywhere.` : `${u.name} can sign in again.`)}
                          />
                        </Stack>
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
