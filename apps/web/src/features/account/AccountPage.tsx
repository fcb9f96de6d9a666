import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { changePasswordSchema, updateAccountSchema, type Account, type ChangePassword, type SessionInfo } from '@myb/contracts';
import { useMySessions, useRequestPasswordReset, useRevokeSession } from '../../api/account';
import { useSession } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useChangePassword, useMyAccount, useRenameMe } from '../../api/settings';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { PasswordField } from '../auth/PasswordField';

function NameForm({ account }: { account: Account }) {
  const rename = useRenameMe();
  const form = useForm({ initialValues: { name: account.name }, validate: validateWith(updateAccountSchema) });
  return (
    <form
      noValidate
      aria-label="Your name"
      onSubmit={form.onSubmit((values) =>
        rename.mutate(values, {
          onSuccess: (saved) => {
            notifications.show({ color: 'green', message: `Your name is now ${saved.name}.` });
            form.resetDirty({ name: saved.name });
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <Stack gap="sm">
        <FormError error={rename.error} />
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Name" style={{ flex: 1, minWidth: 240, maxWidth: 420 }} {...form.getInputProps('name')} />
          <Button type="submit" loading={rename.isPending}>
            Save name
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PasswordForm({ account }: { account: Account }) {
  const change = useChangePassword();
  const requestLink = useRequestPasswordReset();
  const form = useForm<ChangePassword>({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: validateWith(changePasswordSchema),
  });
  if (!account.hasPassword) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>
          You sign in through another service, so this account has no password. To be able to sign in with your e-mail
          address and a password too, we e-mail you a link to choose one.
        </Text>
        <Button
          variant="default"
          loading={requestLink.isPending}
          onClick={() =>
            requestLink.mutate(
              { email: account.email },
              {
                onSuccess: () => notifications.show({ color: 'green', message: `Link sent to ${account.email}. It works for an hour.` }),
                onError: (error) => notifications.show({ color: 'red', title: 'No link sent', message: errorMessage(error) }),
              },
            )
          }
        >
          E-mail me a link
        </Button>
      </Stack>
    );
  }
  return (
    <form
      noValidate
      aria-label="Change your password"
      onSubmit={form.onSubmit((values) =>
        change.mutate(values, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: 'Password changed. Your other devices are signed out.' });
            form.reset();
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <Stack gap="sm" maw={420}>
        <FormError error={change.error} />
        <PasswordField label="Current password" autoComplete="current-password" {...form.getInputProps('currentPassword')} />
        <PasswordField
          label="New password"
          description="At least 8 characters; not your e-mail address nor a common password."
          autoComplete="new-password"
          {...form.getInputProps('newPassword')}
        />
        <Group>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Every other device signed in to your account is signed out.
        </Text>
      </Stack>
    </form>
  );
}

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
  const account = useMyAccount();
  return (
    <>
      <PageHeader title="My account" description={user ? `${user.name} · ${user.email}` : undefined} />
      <QueryView query={account} label="your account">
        {(me) => (
          <Stack gap="lg" mb="xl">
            <Paper withBorder p="lg" component="section" aria-labelledby="account-name-title">
              <Title order={2} size="h3" mb="sm" id="account-name-title">
                Your name
              </Title>
              <NameForm key={me.name} account={me} />
            </Paper>
            <Paper withBorder p="lg" component="section" aria-labelledby="account-password-title">
              <Title order={2} size="h3" mb="sm" id="account-password-title">
                Password
              </Title>
              <PasswordForm account={me} />
            </Paper>
          </Stack>
        )}
      </QueryView>
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
