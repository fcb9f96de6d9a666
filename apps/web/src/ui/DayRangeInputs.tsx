import { TextInput } from '@mantine/core';
import { dayParam } from '../lib/days';

interface DayRangeInputsProps {
  /** Days as `YYYY-MM-DD`, empty for none. */
  from: string;
  to: string;
  labels: { from: string; to: string };
  onChange: (which: 'from' | 'to', day: string) => void;
}

/** Two date fields for a list's first and last day; a last day before the first is shown as wrong. */
export function DayRangeInputs({ from, to, labels, onChange }: DayRangeInputsProps) {
  const backwards = from !== '' && to !== '' && from > to;
  return (
    <>
      <TextInput
        type="date"
        label={labels.from}
        value={from}
        max={to || undefined}
        onChange={(event) => onChange('from', dayParam(event.currentTarget.value))}
      />
      <TextInput
        type="date"
        label={labels.to}
        value={to}
        min={from || undefined}
        error={backwards ? 'The first day must come before the last.' : undefined}
        onChange={(event) => onChange('to', dayParam(event.currentTarget.value))}
      />
    </>
  );
}
