import { Group, Paper, Stack, Text } from '@mantine/core';
import { formatHours } from '@myb/contracts';
import { useState } from 'react';
import { useMyHours } from '../../api/timesheets';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { RegisterPinPanel } from '../register/RegisterPinPanel';
import { CorrectionDialog } from './CorrectionDialog';
import { EntriesTable } from './EntriesTable';
import { TimeClockCard } from './TimeClockCard';
import { useWeekParam, WeekPicker } from './WeekPicker';

/**
 * One's own hours at the shop: the time clock (no PIN: one is signed in as oneself), one's register
 * PIN for clocking in on a register, and one's entries of a week with total and overtime.
 */
export function MyHoursPage() {
  const shop = useShop();
  const { week, setWeek } = useWeekParam();
  const hours = useMyHours(shop.slug, week);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title="My hours"
        description={`Your time at ${shop.name}: clock in and out here, or on a register with your PIN.`}
      />
      <Stack gap="md">
        <TimeClockCard slug={shop.slug} onRegister={false} />
        <QueryView query={hours} label="your hours">
          {(data) => {
            const row = data.people[0];
            const entries = row?.entries ?? [];
            return (
              <Paper withBorder p="md" component="section" aria-label="Your week">
                <Group justify="space-between" wrap="wrap" mb="sm">
                  <WeekPicker sheet={data.week} onChange={setWeek} />
                  <Group gap="lg">
                    <Text>
                      Total <strong>{formatHours(row?.workedSeconds ?? 0)}</strong>
                    </Text>
                    <Text>
                      Overtime <strong>{formatHours(row?.overtimeSeconds ?? 0)}</strong>
                    </Text>
                    {data.approval && <Text c="green.8">Approved by {data.approval.by.name}</Text>}
                  </Group>
                </Group>
                {entries.length === 0 ? (
                  <Text c="dimmed">No hours this week. Clock in above when you start work.</Text>
                ) : (
                  <EntriesTable
                    caption="Your entries"
                    entries={entries}
                    onOpen={(entry) => setOpenId(entry.id)}
                    openLabel="History"
                  />
                )}
                <CorrectionDialog
                  slug={shop.slug}
                  entry={entries.find((entry) => entry.id === openId) ?? null}
                  locked={data.approval !== null}
                  historyOnly
                  onClose={() => setOpenId(null)}
                />
              </Paper>
            );
          }}
        </QueryView>
        <RegisterPinPanel slug={shop.slug} />
      </Stack>
    </>
  );
}
