import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { formatHours, type TimeEntry } from '@myb/contracts';
import { formatDateTime } from '../../lib/format';

const breakMinutes = (entry: TimeEntry, paid: boolean) =>
  Math.round(
    entry.breaks
      .filter((item) => item.paid === paid)
      .reduce(
        (sum, item) =>
          sum + (new Date(item.endedAt ?? Date.now()).getTime() - new Date(item.startedAt).getTime()),
        0,
      ) / 60_000,
  );

/** What happened to an entry: clocked on a register, closed by the server, corrected. */
export function EntryFlags({ entry }: { entry: TimeEntry }) {
  return (
    <Group gap={4} wrap="wrap">
      {entry.clockOut === null && (
        <Badge color="green" variant="light">
          Clocked in
        </Badge>
      )}
      {entry.autoClosed && (
        <Badge color="orange" variant="light">
          Closed automatically
        </Badge>
      )}
      {entry.history.length > 0 && (
        <Badge color="blue" variant="light">
          Corrected
        </Badge>
      )}
      {entry.source === 'register' && (
        <Badge color="gray" variant="outline">
          Register
        </Badge>
      )}
    </Group>
  );
}

/** A week's entries of one person: in, out, breaks, worked time and flags; `onOpen` offers each entry's correction or history. */
export function EntriesTable({
  caption,
  entries,
  onOpen,
  openLabel,
}: {
  caption: string;
  entries: TimeEntry[];
  onOpen?: (entry: TimeEntry) => void;
  openLabel?: string;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Clocked in</Table.Th>
            <Table.Th>Clocked out</Table.Th>
            <Table.Th>Breaks</Table.Th>
            <Table.Th ta="right">Worked</Table.Th>
            <Table.Th>Flags</Table.Th>
            {onOpen && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const paid = breakMinutes(entry, true);
            const unpaid = breakMinutes(entry, false);
            return (
              <Table.Tr key={entry.id}>
                <Table.Td>{formatDateTime(entry.clockIn)}</Table.Td>
                <Table.Td>{entry.clockOut ? formatDateTime(entry.clockOut) : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {entry.breaks.length === 0
                      ? 'None'
                      : [paid > 0 && `${paid} min paid`, unpaid > 0 && `${unpaid} min unpaid`]
                          .filter(Boolean)
                          .join(', ') || 'Under a minute'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatHours(entry.workedSeconds)}
                </Table.Td>
                <Table.Td>
                  <EntryFlags entry={entry} />
                </Table.Td>
                {onOpen && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => onOpen(entry)}
                      aria-label={`${openLabel ?? 'Open'} ${entry.person.name}’s entry of ${formatDateTime(entry.clockIn)}`}
                    >
                      {openLabel ?? 'Open'}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
