import { Alert, Button, Code, CopyButton, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createApiTokenSchema, type ApiToken, type CreateApiToken } from '@myb/contracts';
import { IconKey } from '@tabler/icons-react';
import { useCreateApiToken, useApiTokens, useRevokeApiToken } from '../../api/backOffice';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { QueryView } from '../../ui/QueryView';

function RevokeButton({ slug, token }: { slug: string; token: ApiToken }) {
  const revoke = useRevokeApiToken(slug);
  return (
    <Button
      variant="default"
      color="red"
      loading={revoke.isPending}
      aria-label={`Revoke ${token.name}`}
      onClick={() =>
        revoke.mutate(token.id, {
          onSuccess: () => notifications.show({ color: 'green', message: `${token.name} no longer works.` }),
          onError: (error) => notifications.show({ color: 'red', title: 'Not revoked', message: errorMessage(error) }),
        })
      }
    >
      Revoke
    </Button>
  );
}

/** Tokens for the shop's scripts and devices: each acts here only, as a manager or cashier. */
export function ApiTokensPanel({ slug }: { slug: string }) {
  const tokens = useApiTokens(slug);
  const create = useCreateApiToken(slug);
  const form = useForm<CreateApiToken>({ initialValues: { name: '', role: 'cashier' }, validate: validateWith(createApiTokenSchema) });
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          API tokens
        </Title>
        <Text size="sm" c="dimmed">
          For scripts and devices: send <Code>Authorization: Bearer &lt;token&gt;</Code>. A token acts in this shop only,
          with a manager&apos;s or a cashier&apos;s permissions.
        </Text>
        {create.data && (
          <Alert color="yellow" title={`Copy the token for ${create.data.name} now: it will not be shown again`} role="status">
            <Group gap="sm" wrap="nowrap">
              <Code style={{ wordBreak: 'break-all' }}>{create.data.token}</Code>
              <CopyButton value={create.data.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
        <QueryView query={tokens} label="API tokens">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No API tokens" icon={<IconKey />}>
                Create one below for a script or a device at the counter.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={600}>
                <Table aria-label="API tokens" verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Role</Table.Th>
                      <Table.Th scope="col">Created</Table.Th>
                      <Table.Th scope="col">Last used</Table.Th>
                      <Table.Th scope="col">
                        <span className="mantine-visually-hidden">Actions</span>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((token) => (
                      <Table.Tr key={token.id}>
                        <Table.Td fw={600}>{token.name}</Table.Td>
                        <Table.Td>{token.role}</Table.Td>
                        <Table.Td>
                          {formatDateTime(token.createdAt)} by {token.createdBy.email}
                        </Table.Td>
                        <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'}</Table.Td>
                        <Table.Td>
                          <RevokeButton slug={slug} token={token} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryView>
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            create.mutate(values, { onSuccess: () => form.reset(), onError: (error) => showServerIssues(form, error) }),
          )}
        >
          <Stack gap="sm">
            <FormError error={create.error} />
            <Group align="flex-end" wrap="wrap">
              <TextInput label="Token name" placeholder="Till 2" style={{ flex: 1, minWidth: 200 }} {...form.getInputProps('name')} />
              <Select
                label="Acts as"
                data={[
                  { value: 'cashier', label: 'Cashier' },
                  { value: 'manager', label: 'Manager' },
                ]}
                allowDeselect={false}
                {...form.getInputProps('role')}
              />
              <Button type="submit" loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
