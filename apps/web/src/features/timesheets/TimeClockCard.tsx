import { Button, Group, Paper, PasswordInput, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatHours, type ClockStatus, type TimeEntry } from '@myb/contracts';
import { IconClockPause, IconClockPlay, IconClockStop, IconCoffee } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { newClockId, useClock, useTimeClock, type ClockAction } from '../../api/timesheets';
import { FormError } from '../../ui/FormError';
import { QueryView } from '../../ui/QueryView';
import { formatSince } from '../register/format';

const digitsOnly = (text: string) => text.replace(/[^0-9]/g, '');

/** Where someone stands: "Clocked in since 09:02, on an unpaid break since 12:30". */
export function clockState(status: ClockStatus): string {
  if (!status.open) {
    return 'Not clocked in.';
  }
  const since = `Clocked in since ${formatSince(status.open.clockIn)}`;
  const pause = status.open.onBreak;
  return pause
    ? `${since}, on ${pause.paid ? 'a paid' : 'an unpaid'} break since ${formatSince(pause.startedAt)}.`
    : `${since}.`;
}

/** What the answer of an action says happened, for the toast. */
function done(action: ClockAction, entry: TimeEntry): string {
  const who = entry.person.name;
  switch (action.kind) {
    case 'in':
      return `${who} clocked in at ${formatSince(entry.clockIn)}.`;
    case 'out':
      return `${who} clocked out: ${formatHours(entry.workedSeconds)} worked.`;
    case 'break':
      return `${who} is on ${action.paid ? 'a paid' : 'an unpaid'} break.`;
    case 'end break':
      return `${who} is back from their break.`;
  }
}

/** The buttons for someone's state: clock in; or break (paid, unpaid) and clock out; or end the break. */
function ClockButtons({
  status,
  busy,
  onAction,
}: {
  status: ClockStatus;
  busy: boolean;
  onAction: (action: ClockAction) => void;
}) {
  const open = status.open;
  if (!open) {
    return (
      <Button
        size="md"
        leftSection={<IconClockPlay aria-hidden size={20} />}
        loading={busy}
        onClick={() => onAction({ kind: 'in' })}
      >
        Clock in
      </Button>
    );
  }
  return (
    <Group gap="sm" wrap="wrap">
      {open.onBreak ? (
        <Button
          size="md"
          variant="default"
          leftSection={<IconClockPlay aria-hidden size={20} />}
          disabled={busy}
          onClick={() => onAction({ kind: 'end break', entryId: open.id })}
        >
          End break
        </Button>
      ) : (
        <>
          <Button
            size="md"
            variant="default"
            leftSection={<IconCoffee aria-hidden size={20} />}
            disabled={busy}
            onClick={() => onAction({ kind: 'break', entryId: open.id, paid: true })}
          >
            Paid break
          </Button>
          <Button
            size="md"
            variant="default"
            leftSection={<IconClockPause aria-hidden size={20} />}
            disabled={busy}
            onClick={() => onAction({ kind: 'break', entryId: open.id, paid: false })}
          >
            Unpaid break
          </Button>
        </>
      )}
      <Button
        size="md"
        color="red"
        leftSection={<IconClockStop aria-hidden size={20} />}
        loading={busy}
        onClick={() => onAction({ kind: 'out', entryId: open.id })}
      >
        Clock out
      </Button>
    </Group>
  );
}

/**
 * The time clock. On a register (`onRegister`), whoever is starting or ending work picks themself and
 * types their register PIN, whoever is signed in; elsewhere (My hours) it clocks the signed-in person,
 * no PIN asked. Breaks are paid or unpaid.
 */
export function TimeClockCard({ slug, onRegister }: { slug: string; onRegister: boolean }) {
  const clock = useTimeClock(slug);
  const act = useClock(slug);
  const [personId, setPersonId] = useState<string | null>(null);
  const [pin, setPin] = useState('');

  const run = (action: ClockAction, afterwards?: () => void) => {
    const withPin = onRegister
      ? { ...action, pin, ...(action.kind === 'in' ? { userId: personId ?? undefined } : {}) }
      : action;
    act.mutate(
      { action: withPin, id: newClockId() },
      {
        onSuccess: (entry) => {
          notifications.show({ color: 'green', message: done(action, entry) });
          afterwards?.();
        },
      },
    );
  };
  const pinError =
    act.error instanceof ApiError
      ? act.error.issues.find((issue) => issue.path === 'body.pin')?.message
      : undefined;

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="time-clock-title">
      <Title order={2} size="h4" id="time-clock-title" mb="xs">
        Time clock
      </Title>
      <QueryView query={clock} label="the time clock">
        {(data) => {
          if (!onRegister) {
            return (
              <Stack gap="sm">
                <Text>{clockState(data.me)}</Text>
                <FormError error={act.error} />
                <ClockButtons status={data.me} busy={act.isPending} onAction={(action) => run(action)} />
              </Stack>
            );
          }
          if (data.people.length === 0) {
            return (
              <Text c="dimmed">
                Nobody here has a register PIN yet: each person sets theirs under My hours, then clocks in
                here with it.
              </Text>
            );
          }
          const picked = data.people.find((status) => status.person.id === personId) ?? null;
          const submit = (event: FormEvent) => event.preventDefault();
          return (
            <form noValidate onSubmit={submit} aria-label="Clock in or out with your PIN">
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  Pick yourself, type your register PIN, then clock in or out or take a break. Entries left
                  open are closed after {data.maxShiftHours} hours.
                </Text>
                <FormError error={act.error} />
                <Group align="flex-start" gap="sm" wrap="wrap">
                  <Select
                    label="Who are you?"
                    placeholder="Pick yourself"
                    data={data.people.map((status) => ({
                      value: status.person.id,
                      label: `${status.person.name}${status.open ? ' (clocked in)' : ''}`,
                    }))}
                    value={personId}
                    onChange={(value) => {
                      setPersonId(value);
                      act.reset();
                    }}
                    allowDeselect={false}
                    searchable
                    w={260}
                  />
                  <PasswordInput
                    label="Your PIN"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={8}
                    w={160}
                    value={pin}
                    error={pinError}
                    onChange={(event) => setPin(digitsOnly(event.currentTarget.value))}
                  />
                </Group>
                {picked && (
                  <>
                    <Text>{clockState(picked)}</Text>
                    <ClockButtons
                      status={picked}
                      busy={act.isPending}
                      onAction={(action) =>
                        run(action, () => {
                          setPin('');
                          setPersonId(null);
                        })
                      }
                    />
                  </>
                )}
              </Stack>
            </form>
          );
        }}
      </QueryView>
    </Paper>
  );
}
