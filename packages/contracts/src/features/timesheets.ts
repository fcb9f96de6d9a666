import { z } from 'zod';
import { id, timestamp } from '../fields';
import { defineRoute } from '../route';
import { merchantParams, merchantRoleSchema } from './merchants';
import { registerPinSchema } from './register';

/**
 * Staff hours: people clock in and out (on a register with their PIN, or from their own account), take
 * paid or unpaid breaks, and a manager corrects, approves and exports the shop's week. Times are
 * instants (UTC); a week is the shop's, Monday to Sunday in its time zone, named by its Monday.
 */

// ---- weeks and worked time (shared by the server's figures and the web app's week picker) ---------

/** A week, named by its Monday: `2026-11-30`. */
export const weekSchema = z
  .string({ error: 'Give the week by its Monday, such as 2026-11-30.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the week by its Monday, as YYYY-MM-DD, such as 2026-11-30.')
  .refine((text) => {
    const day = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
  }, 'That is not a date: give the week by its Monday, such as 2026-11-30.')
  .refine(
    (text) => new Date(`${text}T00:00:00Z`).getUTCDay() === 1,
    'A week starts on a Monday: give the date of its Monday.',
  );

interface Span {
  start: Date | string;
  end: Date | string | null;
}

const ms = (time: Date | string) => new Date(time).getTime();

/** How much of [start, end) lies within [from, to), in milliseconds. */
function overlapMs(start: number, end: number, from: number, to: number): number {
  return Math.max(0, Math.min(end, to) - Math.max(start, from));
}

/**
 * The seconds worked of an entry within [from, to): its time clocked in there (an open one up to
 * `now`), less the parts of its unpaid breaks within both the entry and [from, to). Paid breaks count
 * as worked. A shift crossing the week's end counts in each week for its part there.
 */
export function workedSeconds(
  entry: Span,
  breaks: readonly (Span & { paid: boolean })[],
  from: Date | string,
  to: Date | string,
  now: Date | string = new Date(),
): number {
  const start = ms(entry.start);
  const end = ms(entry.end ?? now);
  const [low, high] = [Math.max(start, ms(from)), Math.min(end, ms(to))];
  if (high <= low) {
    return 0;
  }
  const unpaid = breaks
    .filter((item) => !item.paid)
    .reduce((sum, item) => sum + overlapMs(ms(item.start), ms(item.end ?? now), low, high), 0);
  return Math.floor((high - low - unpaid) / 1000);
}

/** The seconds of a week's work above the shop's weekly threshold. */
export function overtimeSeconds(worked: number, thresholdHours: number): number {
  return Math.max(0, worked - thresholdHours * 3600);
}

/** Seconds as hours and minutes, `7:05`, the way a timesheet shows them (seconds dropped). */
export function formatHours(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

// ---- DTOs ---------------------------------------------------------------------------------------

const person = z.object({ id, name: z.string() });

export const TIME_ENTRY_SOURCES = ['register', 'account'] as const;
export type TimeEntrySource = (typeof TIME_ENTRY_SOURCES)[number];

export const timeBreakSchema = z.object({
  id,
  paid: z.boolean(),
  startedAt: timestamp,
  endedAt: timestamp.nullable(),
});
export type TimeBreak = z.infer<typeof timeBreakSchema>;

const entryTimes = z.object({ clockIn: timestamp, clockOut: timestamp.nullable() });

/** A correction: who, when, why, and the entry's times before and after it. */
export const timeEntryEditSchema = z.object({
  at: timestamp,
  by: person,
  reason: z.string(),
  from: entryTimes,
  to: entryTimes,
});
export type TimeEntryEdit = z.infer<typeof timeEntryEditSchema>;

export const timeEntrySchema = z.object({
  id,
  person,
  /** The entry's current times (corrected, if it was). */
  clockIn: timestamp,
  clockOut: timestamp.nullable(),
  /** Clocked in on a register with the person's PIN, or from their own account. */
  source: z.enum(TIME_ENTRY_SOURCES),
  /** Left open past the shop's maximum shift length and closed by the server at that length. */
  autoClosed: z.boolean(),
  breaks: z.array(timeBreakSchema),
  /** Seconds worked within the week shown (all of it for a single entry), unpaid breaks left out. */
  workedSeconds: z.int(),
  /** Corrections, oldest first: the first one's `from` is the entry as it was clocked. */
  history: z.array(timeEntryEditSchema),
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;

export const timesheetRowSchema = z.object({
  person,
  /** Their role at the shop now; null for someone who has left it. */
  role: merchantRoleSchema.nullable(),
  entries: z.array(timeEntrySchema),
  workedSeconds: z.int(),
  overtimeSeconds: z.int(),
  /** Entries closed by the server, for a manager to look at. */
  autoClosed: z.int(),
});
export type TimesheetRow = z.infer<typeof timesheetRowSchema>;

/** One week of a shop's hours: everyone's (the back office), or one's own (My hours). */
export const timesheetSchema = z.object({
  week: z.object({
    /** Its Monday and Sunday, in the shop's time zone. */
    start: z.iso.date(),
    end: z.iso.date(),
    /** The instants it runs from (inclusive) and to (exclusive). */
    from: timestamp,
    to: timestamp,
    timeZone: z.string(),
  }),
  /** Once approved, the week's hours are locked. */
  approval: z.object({ by: person, at: timestamp }).nullable(),
  overtimeThresholdHours: z.int(),
  maxShiftHours: z.int(),
  people: z.array(timesheetRowSchema),
});
export type Timesheet = z.infer<typeof timesheetSchema>;

export const timesheetQuerySchema = z.object({
  /** The week's Monday; this week's when omitted. */
  week: weekSchema.optional(),
});

/** Someone's clock: clocked in or not, and on a break or not. */
export const clockStatusSchema = z.object({
  person,
  /** Whether they have a register PIN at this shop (needed to clock in on a register). */
  hasPin: z.boolean(),
  open: z.object({ id, clockIn: timestamp, onBreak: timeBreakSchema.nullable() }).nullable(),
});
export type ClockStatus = z.infer<typeof clockStatusSchema>;

/** The register's time clock: the caller's own, and that of everyone with a PIN, who pick themselves there. */
export const timeClockSchema = z.object({
  me: clockStatusSchema,
  people: z.array(clockStatusSchema),
  maxShiftHours: z.int(),
});
export type TimeClock = z.infer<typeof timeClockSchema>;

/**
 * Who clocks: the caller (from their account), or, on a register, `userId` with their PIN. A PIN typed
 * for oneself is checked too, and marks the entry as clocked on the register.
 */
const onRegister = {
  userId: z.uuid({ error: 'Choose yourself from the list.' }).optional(),
  pin: registerPinSchema.optional(),
};

export const clockInSchema = z.object({
  /** Made where the person clocks in: sent again (a lost answer), the entry is recorded once. */
  id: z.uuid({ error: 'Make an id (a UUID) for the entry.' }),
  ...onRegister,
});
export type ClockIn = z.infer<typeof clockInSchema>;

export const clockOutSchema = z.object({ pin: onRegister.pin });
export type ClockOut = z.infer<typeof clockOutSchema>;

export const startBreakSchema = z.object({
  id: z.uuid({ error: 'Make an id (a UUID) for the break.' }),
  paid: z.boolean({ error: 'Say whether the break is paid: true or false.' }),
  pin: onRegister.pin,
});
export type StartBreak = z.infer<typeof startBreakSchema>;

/** A correction needs both times and a reason a person can read later. */
export const correctTimeEntrySchema = z
  .object({
    clockIn: z.iso.datetime({ offset: true, message: 'Give the time clocked in, with its date.' }),
    clockOut: z.iso.datetime({ offset: true, message: 'Give the time clocked out, with its date.' }),
    reason: z
      .string({ error: 'Say why the entry is corrected.' })
      .trim()
      .min(1, 'Say why the entry is corrected: the person and anyone approving the week will read it.')
      .max(500, 'The reason is at most 500 characters.'),
  })
  .refine((body) => new Date(body.clockOut) > new Date(body.clockIn), {
    message: 'Clocked out must come after clocked in.',
    path: ['clockOut'],
  })
  .refine((body) => new Date(body.clockOut).getTime() - new Date(body.clockIn).getTime() <= 24 * 3600_000, {
    message: 'An entry is at most 24 hours long.',
    path: ['clockOut'],
  });
export type CorrectTimeEntry = z.input<typeof correctTimeEntrySchema>;

export const entryParams = merchantParams.extend({ entryId: id });
export const weekParams = merchantParams.extend({ week: weekSchema });

const tags = ['staff'];

export const timesheetRoutes = {
  timeClock: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/time-clock',
    summary: 'Who is clocked in: me, and everyone with a register PIN (to pick oneself on a register)',
    tags,
    permission: 'clock',
    params: merchantParams,
    responses: { 200: timeClockSchema },
  }),
  clockIn: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/time-entries',
    summary:
      'Clock in, from my account or on a register with the PIN of the person picked; the same id sent again answers the first answer; 409 if already clocked in',
    tags,
    permission: 'clock',
    params: merchantParams,
    body: clockInSchema,
    responses: { 201: timeEntrySchema },
  }),
  clockOut: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/time-entries/:entryId/clock-out',
    summary:
      "Clock out (my own entry, or on a register with the entry's person's PIN); an open break ends with it",
    tags,
    permission: 'clock',
    params: entryParams,
    body: clockOutSchema,
    responses: { 200: timeEntrySchema },
  }),
  startBreak: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/time-entries/:entryId/breaks',
    summary: 'Start a paid or unpaid break; the same id sent again answers the first answer',
    tags,
    permission: 'clock',
    params: entryParams,
    body: startBreakSchema,
    responses: { 201: timeEntrySchema },
  }),
  endBreak: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/time-entries/:entryId/breaks/end',
    summary: 'End the break under way',
    tags,
    permission: 'clock',
    params: entryParams,
    body: clockOutSchema,
    responses: { 200: timeEntrySchema },
  }),
  myHours: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/my-hours',
    summary: 'My entries of a week (this week unless named), my total and overtime',
    tags,
    permission: 'clock',
    params: merchantParams,
    query: timesheetQuerySchema,
    responses: { 200: timesheetSchema },
  }),
  timesheet: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/timesheets',
    summary:
      "Everyone's entries of a week (this week unless named), totals, overtime and flags (owner, manager)",
    tags,
    permission: 'timesheets',
    params: merchantParams,
    query: timesheetQuerySchema,
    responses: { 200: timesheetSchema },
  }),
  exportTimesheet: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/timesheets/export',
    summary:
      "A week's timesheet as CSV: one row per entry, then each person's total and overtime (owner, manager)",
    tags,
    permission: 'timesheets',
    params: merchantParams,
    query: timesheetQuerySchema,
    responses: { 200: z.string() },
  }),
  correct: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/time-entries/:entryId/corrections',
    summary:
      "Correct an entry's times with a reason (owner, manager): the times before are kept in its history; 409 in an approved week",
    tags,
    permission: 'timesheets',
    params: entryParams,
    body: correctTimeEntrySchema,
    responses: { 200: timeEntrySchema },
  }),
  approve: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/timesheet-approvals/:week',
    summary:
      'Approve a week, locking its hours (owner, manager); 409 while someone in it is still clocked in',
    tags,
    permission: 'timesheets',
    params: weekParams,
    responses: { 200: timesheetSchema },
  }),
};
