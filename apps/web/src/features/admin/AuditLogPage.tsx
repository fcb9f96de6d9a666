import { Code, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useAuditLog } from '../../api/admin';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

/** "role.granted" with {role: "merchant"} reads "granted merchant". */
function describe(action: string, details: Record<string, unknown>): string {
  const detail = Object.entries(details)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  return detail ? `${action} (${detail})` : action;
}

export function AuditLogPage() {
  const log = useAuditLog();
  return (
    <>
      <PageHeader title="Audit log" description="Every change of who may do what: roles, staff, suppliers, disabled accounts." />
      <QueryView query={log} label="the audit log">
        {(entries) =>
          entries.length === 0 ? (
            <EmptyState title="Nothing changed yet" icon={<IconHistory />}>
              Granting a role, adding staff or disabling an account is recorded here.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table aria-label="Audit log" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col">What</Table.Th>
                    <Table.Th scope="col">Whom</Table.Th>
                    <Table.Th scope="col">Shop</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>{formatDateTime(entry.at)}</Table.Td>
                      <Table.Td>{entry.actor.email}</Table.Td>
                      <Table.Td>
                        <Code>{describe(entry.action, entry.details)}</Code>
                      </Table.Td>
                      <Table.Td>{entry.target.email ?? '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{entry.merchantSlug ?? '—'}</Text>
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
