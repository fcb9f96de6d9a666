import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatHours, type Timesheet, type TimesheetRow } from '@myb/contracts';
import { IconCalendarWeek, IconDownload, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { timesheetExportAddress, useApproveWeek, useTimesheet } from '../../api/timesheets';
import { formatDateTime, formatDay, plural } from '../../lib/format';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { CorrectionDialog } from './CorrectionDialog';
import { EntriesTable } from './EntriesTable';
import { useWeekParam, WeekPicker } from './WeekPicker';

/** One person's week: total, overtime, flags, and their entries. */
function PersonHours({
  row,
  locked,
  onOpen,
}: {
  row: TimesheetRow;
  locked: boolean;
  onOpen: (entryId: string) => void;
}) {
  const titleId = `hours-${row.person.id}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" wrap="wrap" mb={row.entries.length > 0 ? 'sm' : 0}>
        <Group gap="sm">
          <Title order={2} size="h4" id={titleId}>
            {row.person.name}
          </Title>
          {row.role && (
            <Badge variant="outline" color="gray">
              {row.role}
            </Badge>
          )}
        </Group>
        <Group gap="lg" role="group" aria-label={`${row.person.name}’s week`}>
          <Text>
            Total <strong>{formatHours(row.workedSeconds)}</strong>
          </Text>
          <Text c={row.overtimeSeconds > 0 ? 'orange.8' : undefined}>
            Overtime <strong>{formatHours(row.overtimeSeconds)}</strong>
          </Text>
          {row.autoClosed > 0 && (
            <Badge color="orange" variant="light">
              {plural(row.autoClosed, 'entry', 'entries')} closed automatically
            </Badge>
          )}
        </Group>
      </Group>
      {row.entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          No hours this week.
        </Text>
      ) : (
        <EntriesTable
          caption={`${row.person.name}’s entries`}
          entries={row.entries}
          onOpen={(entry) => onOpen(entry.id)}
          openLabel={locked ? 'History' : 'Correct'}
        />
      )}
    </Paper>
  );
}

function ApproveWeek({ slug, sheet }: { slug: string; sheet: Timesheet }) {
  const approve = useApproveWeek(slug, sheet.week.start);
  return (
    <ConfirmButton
      label="Approve week"
      buttonProps={{ leftSection: <IconLock aria-hidden size={18} /> }}
      title={`Approve the week of ${formatDay(sheet.week.start)}?`}
      keepLabel="Not yet"
      confirmLabel="Approve and lock"
      focus="keep"
      action={approve}
      onDone={() =>
        notifications.show({
          color: 'green',
          message: `The week of ${formatDay(sheet.week.start)} is approved and locked.`,
        })
      }
    >
      Its hours are locked once approved: nobody can correct its entries or clock in during it any more. Check
      the flagged entries first.
    </ConfirmButton>
  );
}

/**
 * Everyone's hours of a week at the shop (owner, manager): per person their entries, total, overtime
 * above the shop's weekly threshold and the entries closed automatically; an entry's correction and
 * history; approving the week, which locks it; its CSV.
 */
export function StaffHoursPage() {
  const shop = useShop();
  const { week, setWeek } = useWeekParam();
  const sheet = useTimesheet(shop.slug, week);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <QueryView query={sheet} label="the staff’s hours">
      {(data) => {
        const locked = data.approval !== null;
        const entries = data.people.flatMap((row) => row.entries);
        const opened = entries.find((entry) => entry.id === openId) ?? null;
        const flagged = entries.filter((entry) => entry.autoClosed).length;
        return (
          <>
            <PageHeader
              title="Staff hours"
              description={`Weeks run Monday to Sunday in ${data.week.timeZone}. Overtime is worked time above ${data.overtimeThresholdHours} hours a week; unpaid breaks are not worked time.`}
              actions={
                <>
                  <Button
                    component="a"
                    href={timesheetExportAddress(shop.slug, data.week.start)}
                    download
                    variant="default"
                    leftSection={<IconDownload aria-hidden size={18} />}
                  >
                    Export CSV
                  </Button>
                  {!locked && <ApproveWeek slug={shop.slug} sheet={data} />}
                </>
              }
            />
            <Stack gap="md">
              <Group justify="space-between" wrap="wrap">
                <WeekPicker sheet={data.week} onChange={setWeek} />
                {locked ? (
                  <Badge
                    size="lg"
                    color="green"
                    variant="light"
                    leftSection={<IconLock aria-hidden size={14} />}
                  >
                    Approved by {data.approval!.by.name}, {formatDateTime(data.approval!.at)}: locked
                  </Badge>
                ) : (
                  <Badge size="lg" color="gray" variant="outline">
                    Not approved
                  </Badge>
                )}
              </Group>
              {flagged > 0 && !locked && (
                <Alert
                  color="orange"
                  title={`${plural(flagged, 'entry was', 'entries were')} closed automatically`}
                >
                  Left clocked in past {data.maxShiftHours} hours, they were closed at that length. Correct
                  each with the time the person really left.
                </Alert>
              )}
              {data.people.length === 0 ? (
                <EmptyState title="Nobody works here yet" icon={<IconCalendarWeek />}>
                  Add managers and cashiers under Staff; they clock in on a register with their PIN or from My
                  hours.
                </EmptyState>
              ) : (
                data.people.map((row) => (
                  <PersonHours key={row.person.id} row={row} locked={locked} onOpen={setOpenId} />
                ))
              )}
            </Stack>
            <CorrectionDialog
              slug={shop.slug}
              entry={opened}
              locked={locked}
              onClose={() => setOpenId(null)}
            />
          </>
        );
      }}
    </QueryView>
  );
}
