import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { addDays, weekSchema, type Timesheet } from '@myb/contracts';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useUrlFilters } from '../../lib/url-filters';
import { formatDay } from '../../lib/format';

/** The week a page of hours shows, kept in its address as `week` (its Monday); this week's when absent. */
export function useWeekParam() {
  const { params, setParam } = useUrlFilters();
  const asked = params.get('week');
  const week = asked && weekSchema.safeParse(asked).success ? asked : undefined;
  return { week, setWeek: (next: string | null) => setParam('week', next) };
}

/** The shown week, Monday to Sunday, with the weeks before and after, and back to this week. */
export function WeekPicker({
  sheet,
  onChange,
}: {
  sheet: Timesheet['week'];
  onChange: (week: string | null) => void;
}) {
  return (
    <Group gap="xs" wrap="nowrap" role="group" aria-label="Week">
      <ActionIcon
        variant="default"
        size={44}
        aria-label="Week before"
        onClick={() => onChange(addDays(sheet.start, -7))}
      >
        <IconChevronLeft aria-hidden />
      </ActionIcon>
      <Text fw={600} miw={220} ta="center" aria-live="polite">
        {formatDay(sheet.start)} – {formatDay(sheet.end)}
      </Text>
      <ActionIcon
        variant="default"
        size={44}
        aria-label="Week after"
        onClick={() => onChange(addDays(sheet.start, 7))}
      >
        <IconChevronRight aria-hidden />
      </ActionIcon>
      <Button variant="subtle" onClick={() => onChange(null)}>
        This week
      </Button>
    </Group>
  );
}
