import { routes, type CorrectTimeEntry } from '@myb/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { v4 as uuidv4 } from 'uuid';
import { useMutationRefreshing } from './backOffice';
import { addressOf, call, retryLostAnswers } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

/** Who is clocked in (me, and everyone with a register PIN), read again every little while. */
export function useTimeClock(slug: string) {
  return useQuery({
    queryKey: keys.timeClock(slug),
    queryFn: () => call(routes.timesheets.timeClock, { params: { merchantSlug: slug } }),
    refetchInterval: useLiveInterval(),
  });
}

/** My entries of a week (this week's while `week` is undefined). */
export function useMyHours(slug: string, week: string | undefined) {
  return useQuery({
    queryKey: keys.myHours(slug, week),
    queryFn: () =>
      call(routes.timesheets.myHours, { params: { merchantSlug: slug }, query: week ? { week } : {} }),
    placeholderData: keepPreviousData,
  });
}

/** Everyone's entries of a week, with totals, overtime and flags (owner, manager). */
export function useTimesheet(slug: string, week: string | undefined) {
  return useQuery({
    queryKey: keys.timesheet(slug, week),
    queryFn: () =>
      call(routes.timesheets.timesheet, { params: { merchantSlug: slug }, query: week ? { week } : {} }),
    placeholderData: keepPreviousData,
  });
}

export const timesheetExportAddress = (slug: string, week: string) =>
  addressOf(routes.timesheets.exportTimesheet, { params: { merchantSlug: slug }, query: { week } });

/** What the time clock does: clock in or out, start or end a break; with a PIN on a register. */
export type ClockAction =
  | { kind: 'in'; userId?: string; pin?: string }
  | { kind: 'out' | 'end break'; entryId: string; pin?: string }
  | { kind: 'break'; entryId: string; paid: boolean; pin?: string };

/**
 * Clocks in or out, or starts or ends a break. A clock-in or break carries an id made here, so one
 * whose answer was lost is sent again and recorded once; every screen of hours reads again after it.
 */
export function useClock(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, id }: { action: ClockAction; id: string }) => {
      const merchantSlug = slug;
      switch (action.kind) {
        case 'in':
          return call(routes.timesheets.clockIn, {
            params: { merchantSlug },
            body: { id, userId: action.userId, pin: action.pin },
          });
        case 'out':
          return call(routes.timesheets.clockOut, {
            params: { merchantSlug, entryId: action.entryId },
            body: { pin: action.pin },
          });
        case 'break':
          return call(routes.timesheets.startBreak, {
            params: { merchantSlug, entryId: action.entryId },
            body: { id, paid: action.paid, pin: action.pin },
          });
        case 'end break':
          return call(routes.timesheets.endBreak, {
            params: { merchantSlug, entryId: action.entryId },
            body: { pin: action.pin },
          });
      }
    },
    ...retryLostAnswers,
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.hours(slug) }),
  });
}

/** A new id for each clock-in or break, kept while its request is retried. */
export const newClockId = () => uuidv4();

export function useCorrectEntry(slug: string) {
  return useMutationRefreshing(
    ({ entryId, body }: { entryId: string; body: CorrectTimeEntry }) =>
      call(routes.timesheets.correct, { params: { merchantSlug: slug, entryId }, body }),
    [keys.hours(slug)],
  );
}

/** Approves the week, which locks its hours. */
export function useApproveWeek(slug: string, week: string) {
  return useMutationRefreshing(
    (_: void) => call(routes.timesheets.approve, { params: { merchantSlug: slug, week } }),
    [keys.hours(slug)],
  );
}
