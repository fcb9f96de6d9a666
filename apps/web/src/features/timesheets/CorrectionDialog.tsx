import { Button, Group, List, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { correctTimeEntrySchema, type TimeEntry } from '@myb/contracts';
import { useCorrectEntry } from '../../api/timesheets';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';

/** An instant as a `datetime-local` field shows it: the viewer's wall clock, to the minute. */
function localInput(iso: string): string {
  const at = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** What a `datetime-local` field holds, as an instant (the browser reads it on the viewer's clock); '' when empty. */
function instantOf(local: string): string {
  const at = new Date(local);
  return local === '' || Number.isNaN(at.getTime()) ? '' : at.toISOString();
}

const span = (times: { clockIn: string; clockOut: string | null }) =>
  `${formatDateTime(times.clockIn)} – ${times.clockOut ? formatDateTime(times.clockOut) : 'still clocked in'}`;

/** An entry's corrections, oldest first: both times, who and why. */
export function EntryHistory({ entry }: { entry: TimeEntry }) {
  if (entry.history.length === 0) {
    return <Text c="dimmed">Not corrected: these are the times as clocked.</Text>;
  }
  return (
    <List spacing="sm" aria-label="Corrections">
      {entry.history.map((edit) => (
        <List.Item key={edit.at}>
          <Text size="sm" fw={600}>
            {formatDateTime(edit.at)} by {edit.by.name}: “{edit.reason}”
          </Text>
          <Text size="sm">Was {span(edit.from)}</Text>
          <Text size="sm">Now {span(edit.to)}</Text>
        </List.Item>
      ))}
    </List>
  );
}

interface Values {
  clockIn: string;
  clockOut: string;
  reason: string;
}

function CorrectionForm({ slug, entry, onDone }: { slug: string; entry: TimeEntry; onDone: () => void }) {
  const correct = useCorrectEntry(slug);
  const toBody = (values: Values) => ({
    clockIn: instantOf(values.clockIn),
    clockOut: instantOf(values.clockOut),
    reason: values.reason,
  });
  const form = useForm<Values>({
    initialValues: {
      clockIn: localInput(entry.clockIn),
      clockOut: entry.clockOut ? localInput(entry.clockOut) : '',
      reason: '',
    },
    validate: validateWith(correctTimeEntrySchema, toBody),
  });
  return (
    <form
      noValidate
      aria-label="Correct the entry"
      onSubmit={form.onSubmit((values) =>
        correct.mutate(
          { entryId: entry.id, body: toBody(values) },
          {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: `${entry.person.name}’s entry is corrected; the times before are kept in its history.`,
              });
              onDone();
            },
            onError: (error) => showServerIssues(form, error),
          },
        ),
      )}
    >
      <Stack gap="sm">
        <FormError error={correct.error} />
        <Group grow align="flex-start">
          <TextInput type="datetime-local" label="Clocked in" {...form.getInputProps('clockIn')} />
          <TextInput type="datetime-local" label="Clocked out" {...form.getInputProps('clockOut')} />
        </Group>
        <Textarea
          label="Reason"
          description="Required: the person and whoever approves the week will read it."
          autosize
          minRows={2}
          maxLength={500}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={correct.isPending}>
            Save correction
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * An entry's correction (new times and a reason) and its history of corrections; only the history
 * when `historyOnly` (one's own hours), the week is approved or the person is still clocked in.
 */
export function CorrectionDialog({
  slug,
  entry,
  locked,
  historyOnly = false,
  onClose,
}: {
  slug: string;
  entry: TimeEntry | null;
  locked: boolean;
  historyOnly?: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      opened={entry !== null}
      onClose={onClose}
      title={entry ? `${entry.person.name}’s entry` : ''}
      size="lg"
    >
      {entry && (
        <Stack gap="lg">
          <Text>
            {span(entry)}
            {entry.autoClosed &&
              ' — closed automatically at the longest shift: check the real time clocked out.'}
          </Text>
          {historyOnly ? null : locked ? (
            <Text c="dimmed">The week is approved: its hours are locked.</Text>
          ) : entry.clockOut === null ? (
            <Text c="dimmed">Still clocked in: the entry can be corrected once they clock out.</Text>
          ) : (
            <CorrectionForm
              key={entry.id + entry.history.length}
              slug={slug}
              entry={entry}
              onDone={onClose}
            />
          )}
          <div>
            <Title order={3} size="h5" mb="xs">
              History
            </Title>
            <EntryHistory entry={entry} />
          </div>
        </Stack>
      )}
    </Dialog>
  );
}
