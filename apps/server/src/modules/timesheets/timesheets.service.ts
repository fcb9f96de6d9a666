import {
  can,
  overtimeSeconds,
  workedSeconds,
  type ClockIn,
  type ClockOut,
  type ClockStatus,
  type CorrectTimeEntry,
  type StartBreak,
  type TimeClock,
  type TimeEntry,
  type Timesheet,
  type TimesheetRow,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { shopTime } from '../../http/csv';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import {
  checkRegisterPin,
  countingWrongPins,
  refusedWithoutSayingWhoHasAPin,
} from '../register/discount-approval';
import type { RegisterPinsRepository } from '../register/register-pins.repository';
import type {
  ApprovalRow,
  BreakRow,
  EditRow,
  EntryRow,
  TimesheetsRepository,
  WeekRow,
} from './timesheets.repository';

export interface TimesheetsRepositories {
  timesheets: TimesheetsRepository;
  /** Register PINs: who may clock in on a register, checked as a discount's approval is. */
  pins: RegisterPinsRepository;
}

/** An instant on the shop's clock, as messages write it: 2026-12-06 14:05. */
const shopClock = (instant: Date, timeZone: string) =>
  shopTime(instant, timeZone).replace('T', ' ').slice(0, 16);

const lockedMessage = (approval: ApprovalRow) =>
  `The week of ${approval.week_start} was approved by ${approval.approver_name}: its hours are locked.`;

/** The one answer for someone not of the shop, or without a PIN, picked on a register. */
const notAPinHolder = (pin: string) =>
  refusedWithoutSayingWhoHasAPin(
    pin,
    new DomainError(
      403,
      'Choose yourself from the list of people with a register PIN here, or clock in from your own account.',
      [{ path: 'body.userId', message: 'Not someone who clocks in here with a PIN.' }],
    ),
  );

function toEntry(
  entry: EntryRow,
  breaks: BreakRow[],
  edits: EditRow[],
  window?: { from: Date; to: Date },
): TimeEntry {
  const spans = breaks.map((item) => ({ start: item.started_at, end: item.ended_at, paid: item.paid }));
  const span = { start: entry.clock_in, end: entry.clock_out };
  return {
    id: entry.id,
    person: { id: entry.user_id, name: entry.person_name },
    clockIn: entry.clock_in.toISOString(),
    clockOut: entry.clock_out?.toISOString() ?? null,
    source: entry.source,
    autoClosed: entry.auto_closed,
    breaks: breaks.map((item) => ({
      id: item.id,
      paid: item.paid,
      startedAt: item.started_at.toISOString(),
      endedAt: item.ended_at?.toISOString() ?? null,
    })),
    workedSeconds: workedSeconds(
      span,
      spans,
      window?.from ?? entry.clock_in,
      window?.to ?? entry.clock_out ?? new Date(),
    ),
    history: edits.map((edit) => ({
      at: edit.edited_at.toISOString(),
      by: { id: edit.editor_id, name: edit.editor_name },
      reason: edit.reason,
      from: { clockIn: edit.old_clock_in.toISOString(), clockOut: edit.old_clock_out?.toISOString() ?? null },
      to: { clockIn: edit.new_clock_in.toISOString(), clockOut: edit.new_clock_out.toISOString() },
    })),
  };
}

/**
 * Staff hours. Everyone at a shop clocks themself in and out and takes breaks, from their account or
 * on a register with their PIN (the register's one PIN check, with its limit of wrong tries); one
 * entry open per person; an entry left open past the shop's maximum shift length is closed at that
 * length, flagged. A manager or the owner corrects entries (the times before are kept, with who and
 * why), and approves a week, which locks it. Weeks are the shop's, Monday to Sunday in its time zone.
 */
export function createTimesheetsService(db: Kysely<Database>, { timesheets, pins }: TimesheetsRepositories) {
  async function entryView(repository: TimesheetsRepository, entry: EntryRow): Promise<TimeEntry> {
    const [breaks, edits] = await Promise.all([
      repository.breaksOf([entry.id]),
      repository.editsOf([entry.id]),
    ]);
    return toEntry(entry, breaks, edits);
  }

  /**
   * The shop's entry the caller acts on, locked: their own; another's with that person's PIN typed on a
   * register. 404 for an entry the caller may not see (unknown, of another shop, or someone else's to a
   * cashier).
   */
  async function entryToClock(
    trx: Kysely<Database>,
    caller: ShopCaller,
    entryId: string,
    pin: string | undefined,
  ) {
    const { shop, actor, role } = caller;
    const entry = await timesheets.within(trx).find(shop.id, entryId, true);
    if (!entry || (entry.user_id !== actor.userId && pin === undefined && !can(role, 'timesheets'))) {
      throw notFound('time entry');
    }
    if (entry.user_id !== actor.userId && pin === undefined) {
      throw forbidden(
        `Only ${entry.person_name} clocks their own time: on a register with their PIN, or from their account. To change what was recorded, correct the entry.`,
      );
    }
    if (pin !== undefined) {
      await checkPin(trx, caller, entry.user_id, pin);
    }
    return entry;
  }

  /** `pin` is the register PIN of `userId`, someone of the shop with one; else 403 (or 429 after too many tries). */
  async function checkPin(trx: Kysely<Database>, { shop }: ShopCaller, userId: string, pin: string) {
    const person = await pins.within(trx).approver(shop.id, userId);
    if (!person?.pin_hash) {
      throw await notAPinHolder(pin);
    }
    await checkRegisterPin(pins.within(trx), shop.id, { ...person, pinHash: person.pin_hash }, pin, {
      path: 'body.pin',
      otherwise: 'clock from your own account',
    });
    return person;
  }

  async function sheet(caller: ShopCaller, week: string | undefined, userId?: string): Promise<Timesheet> {
    const { shop } = caller;
    const bounds: WeekRow = await timesheets.week(shop.time_zone, week);
    const [rows, people, approval] = await Promise.all([
      timesheets.entriesWithin(shop.id, bounds.from, bounds.to, userId),
      timesheets.people(shop.id),
      timesheets.approvedWithin(shop.id, shop.time_zone, bounds.from, bounds.to),
    ]);
    const ids = rows.map((row) => row.id);
    const [breaks, edits] = await Promise.all([timesheets.breaksOf(ids), timesheets.editsOf(ids)]);
    const now = new Date();
    const window = { from: bounds.from, to: bounds.to < now ? bounds.to : now };
    const byPerson = new Map<string, TimesheetRow>();
    const roles = new Map(people.map((person) => [person.id, person.role]));
    for (const person of people.filter((one) => userId === undefined || one.id === userId)) {
      byPerson.set(person.id, {
        person: { id: person.id, name: person.name },
        role: person.role,
        entries: [],
        workedSeconds: 0,
        overtimeSeconds: 0,
        autoClosed: 0,
      });
    }
    for (const row of rows) {
      const line = byPerson.get(row.user_id) ?? {
        person: { id: row.user_id, name: row.person_name },
        role: roles.get(row.user_id) ?? null,
        entries: [],
        workedSeconds: 0,
        overtimeSeconds: 0,
        autoClosed: 0,
      };
      byPerson.set(row.user_id, line);
      const entry = toEntry(
        row,
        breaks.filter((item) => item.entry_id === row.id),
        edits.filter((edit) => edit.entry_id === row.id),
        window,
      );
      line.entries.push(entry);
      line.workedSeconds += entry.workedSeconds;
      line.autoClosed += entry.autoClosed ? 1 : 0;
    }
    const lines = [...byPerson.values()]
      .map((line) => ({
        ...line,
        overtimeSeconds: overtimeSeconds(line.workedSeconds, shop.overtime_threshold_hours),
      }))
      .sort((a, b) => a.person.name.localeCompare(b.person.name) || a.person.id.localeCompare(b.person.id));
    return {
      week: {
        start: bounds.start,
        end: bounds.end,
        from: bounds.from.toISOString(),
        to: bounds.to.toISOString(),
        timeZone: shop.time_zone,
      },
      approval:
        approval && approval.week_start === bounds.start
          ? {
              by: { id: approval.approver_id, name: approval.approver_name },
              at: approval.approved_at.toISOString(),
            }
          : null,
      overtimeThresholdHours: shop.overtime_threshold_hours,
      maxShiftHours: shop.max_shift_hours,
      people: lines,
    };
  }

  return {
    /** Closes every entry left open past its shop's maximum shift length (the sweep); how many it closed. */
    closeStale: () => timesheets.closeStale(),

    async timeClock({ shop, actor }: ShopCaller): Promise<TimeClock> {
      const [people, open, withPins] = await Promise.all([
        timesheets.people(shop.id),
        timesheets.openAt(shop.id),
        pins.approvers(shop.id),
      ]);
      const hasPin = new Set(withPins.map((person) => person.id));
      const status = (person: { id: string; name: string }): ClockStatus => {
        const entry = open.find((row) => row.user_id === person.id);
        return {
          person: { id: person.id, name: person.name },
          hasPin: hasPin.has(person.id),
          open: entry
            ? {
                id: entry.id,
                clockIn: entry.clock_in.toISOString(),
                onBreak:
                  entry.break_id && entry.break_started_at
                    ? {
                        id: entry.break_id,
                        paid: entry.break_paid ?? false,
                        startedAt: new Date(entry.break_started_at).toISOString(),
                        endedAt: null,
                      }
                    : null,
              }
            : null,
        };
      };
      const me = people.find((person) => person.id === actor.userId);
      return {
        me: status(me ?? { id: actor.userId, name: '' }),
        people: people.filter((person) => hasPin.has(person.id)).map(status),
        maxShiftHours: shop.max_shift_hours,
      };
    },

    /**
     * Clocks in the caller, or on a register the person picked with their PIN. The same id sent again
     * answers the entry it recorded; an entry of theirs left open past the maximum is closed first.
     */
    async clockIn(caller: ShopCaller, body: ClockIn): Promise<TimeEntry> {
      const { shop, actor } = caller;
      const userId = body.userId ?? actor.userId;
      if (userId !== actor.userId && body.pin === undefined) {
        throw badRequest('Type the PIN of the person clocking in.', [
          { path: 'body.pin', message: 'Type your PIN.' },
        ]);
      }
      const work = db.transaction().execute(async (trx) => {
        const repository = timesheets.within(trx);
        const earlier = await repository.findAnywhere(body.id);
        if (earlier) {
          if (earlier.merchant_id !== shop.id || earlier.user_id !== userId) {
            throw conflict('This id belongs to another time entry: make a new id for each clock-in.', [
              { path: 'body.id', message: 'Already used for another entry.' },
            ]);
          }
          return entryView(repository, earlier);
        }
        const person =
          body.pin !== undefined
            ? await checkPin(trx, caller, userId, body.pin)
            : await pins.within(trx).approver(shop.id, userId);
        if (!person) {
          throw forbidden("Only the shop's owner and staff clock in here.");
        }
        await repository.closeStale({ merchantId: shop.id, userId });
        const locked = await repository.approvedWithin(shop.id, shop.time_zone, new Date(), null);
        if (locked) {
          throw conflict(`${lockedMessage(locked)} Clocking in is refused until the next week begins.`);
        }
        const made = await repository.clockIn({
          id: body.id,
          merchantId: shop.id,
          userId,
          source: body.pin !== undefined ? 'register' : 'account',
          recordedBy: actor.userId,
        });
        if (!made) {
          // The same id, sent twice at once: the other request recorded it, and this one answers it.
          const same = await repository.findAnywhere(body.id);
          if (same) {
            if (same.merchant_id !== shop.id || same.user_id !== userId) {
              throw conflict('This id belongs to another time entry: make a new id for each clock-in.');
            }
            return entryView(repository, same);
          }
          const open = (await repository.openOf(shop.id, userId))!;
          throw conflict(
            `${person.name} is clocked in since ${shopClock(open.clock_in, shop.time_zone)}: clock out first.`,
            undefined,
            { entryId: open.id },
          );
        }
        return entryView(repository, (await repository.find(shop.id, made.id))!);
      });
      return countingWrongPins(pins, work);
    },

    /** Clocks the entry out (and its break under way); an entry left open past the maximum was closed at it. */
    async clockOut(caller: ShopCaller, entryId: string, body: ClockOut): Promise<TimeEntry> {
      const work = db.transaction().execute(async (trx) => {
        const repository = timesheets.within(trx);
        const entry = await entryToClock(trx, caller, entryId, body.pin);
        await repository.closeStale({ merchantId: caller.shop.id, userId: entry.user_id });
        await repository.clockOut(entry.id);
        return entryView(repository, (await repository.find(caller.shop.id, entry.id))!);
      });
      return countingWrongPins(pins, work);
    },

    async startBreak(caller: ShopCaller, entryId: string, body: StartBreak): Promise<TimeEntry> {
      const work = db.transaction().execute(async (trx) => {
        const repository = timesheets.within(trx);
        const entry = await entryToClock(trx, caller, entryId, body.pin);
        const earlier = await repository.findBreak(body.id);
        if (earlier) {
          if (earlier.entry_id !== entry.id || earlier.paid !== body.paid) {
            throw conflict('This id belongs to another break: make a new id for each break.', [
              { path: 'body.id', message: 'Already used for another break.' },
            ]);
          }
          return entryView(repository, entry);
        }
        if (entry.clock_out) {
          throw conflict(
            `${entry.person_name} clocked out at ${shopClock(entry.clock_out, caller.shop.time_zone)}: clock in again first.`,
          );
        }
        if (!(await repository.startBreak(entry.id, body.id, body.paid))) {
          throw conflict(`${entry.person_name} is on a break already: end it first.`);
        }
        return entryView(repository, entry);
      });
      return countingWrongPins(pins, work);
    },

    async endBreak(caller: ShopCaller, entryId: string, body: ClockOut): Promise<TimeEntry> {
      const work = db.transaction().execute(async (trx) => {
        const repository = timesheets.within(trx);
        const entry = await entryToClock(trx, caller, entryId, body.pin);
        if (!entry.clock_out && !(await repository.endBreak(entry.id))) {
          throw conflict(`${entry.person_name} is not on a break.`);
        }
        return entryView(repository, entry);
      });
      return countingWrongPins(pins, work);
    },

    myHours: (caller: ShopCaller, week: string | undefined) => sheet(caller, week, caller.actor.userId),

    timesheet: (caller: ShopCaller, week: string | undefined) => sheet(caller, week),

    /**
     * Gives an entry new times, with a reason: the times before are kept in its history, with who and
     * why. 409 for an entry still clocked in, or when its times or the new ones touch an approved week.
     */
    async correct({ shop, actor }: ShopCaller, entryId: string, body: CorrectTimeEntry): Promise<TimeEntry> {
      const clockIn = new Date(body.clockIn);
      const clockOut = new Date(body.clockOut);
      if (clockOut.getTime() > Date.now()) {
        throw badRequest('Clocked out cannot be in the future.', [
          { path: 'body.clockOut', message: 'In the future.' },
        ]);
      }
      return db.transaction().execute(async (trx) => {
        const repository = timesheets.within(trx);
        const entry = await repository.find(shop.id, entryId, true);
        if (!entry) {
          throw notFound('time entry');
        }
        if (!entry.clock_out) {
          throw conflict(
            `${entry.person_name} is still clocked in: the entry can be corrected once they clock out.`,
          );
        }
        const locked =
          (await repository.approvedWithin(shop.id, shop.time_zone, entry.clock_in, entry.clock_out)) ??
          (await repository.approvedWithin(shop.id, shop.time_zone, clockIn, clockOut));
        if (locked) {
          throw conflict(`${lockedMessage(locked)} Entries in it cannot be corrected.`);
        }
        const other = await repository.overlapping(shop.id, entry.user_id, entry.id, clockIn, clockOut);
        if (other) {
          const until = other.clock_out ? shopClock(other.clock_out, shop.time_zone) : 'now';
          throw conflict(
            `${entry.person_name} has another entry from ${shopClock(other.clock_in, shop.time_zone)} to ${until}: entries of one person cannot overlap.`,
            [{ path: 'body.clockIn', message: 'Overlaps another entry.' }],
          );
        }
        await repository.correct(entry, { clockIn, clockOut, reason: body.reason.trim(), by: actor.userId });
        return entryView(repository, (await repository.find(shop.id, entry.id))!);
      });
    },

    /** Approves the week, locking its hours; 409 before it begins, or while anyone in it is clocked in. */
    async approve(caller: ShopCaller, week: string): Promise<Timesheet> {
      const { shop, actor } = caller;
      await db.transaction().execute(async (trx) => {
        const repository = timesheets.within(trx);
        const bounds = await repository.week(shop.time_zone, week);
        if (bounds.from.getTime() > Date.now()) {
          throw conflict(`The week of ${week} has not begun: it can be approved once its hours are worked.`);
        }
        const open = (await repository.entriesWithin(shop.id, bounds.from, bounds.to)).filter(
          (entry) => entry.clock_out === null,
        );
        if (open.length > 0) {
          const names = [...new Set(open.map((entry) => entry.person_name))].join(', ');
          throw conflict(
            `${names} ${open.length === 1 ? 'is' : 'are'} still clocked in: the week can be approved once everyone in it has clocked out.`,
          );
        }
        await repository.approve(shop.id, week, actor.userId);
      });
      return sheet(caller, week);
    },
  };
}
export type TimesheetsService = ReturnType<typeof createTimesheetsService>;
