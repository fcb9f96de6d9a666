import { Button, Group } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { ComponentProps, ReactNode } from 'react';
import { DayRangeInputs } from './DayRangeInputs';
import { EmptyState } from './EmptyState';
import { SearchInput } from './SearchInput';

interface SearchAndDaysProps {
  search: { label: string; placeholder: string; value: string; onChange: (text: string) => void };
  days: ComponentProps<typeof DayRangeInputs>;
}

/** A list's search box and the days it covers, side by side, wrapping on a phone. */
export function SearchAndDays({ search, days }: SearchAndDaysProps) {
  return (
    <Group align="flex-start" gap="sm" wrap="wrap">
      <SearchInput style={{ flex: '1 1 20rem' }} {...search} />
      <DayRangeInputs {...days} />
    </Group>
  );
}

/** What a list says when its search and days leave nothing of it: why, and a button that clears them. */
export function NoMatch({
  title,
  onClear,
  children,
}: {
  title: string;
  onClear: () => void;
  children: ReactNode;
}) {
  return (
    <EmptyState
      title={title}
      icon={<IconSearch />}
      action={
        <Button variant="default" onClick={onClear}>
          Clear search and dates
        </Button>
      }
    >
      {children}
    </EmptyState>
  );
}
