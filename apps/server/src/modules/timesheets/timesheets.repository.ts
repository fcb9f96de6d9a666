import type { MerchantRole } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { repository } from '../../db/repository';
import type { Database, TimeEntriesTable, TimeEntryBreaksTable } from '../../db/schema';

export type EntryRow = Selectable<TimeEntriesTable> & { person_name: string };
export type BreakRow = Selectable<TimeEntryBreaksTable>;
export interface EditRow {
  entry_id: string;
  editor_id: string;
  editor_name: string;
  reason: string;
  old_clock_in: Date;
  old_clock_out: Date | null;
  new_clock_in: Date;
  new_clock_out: Date;
  edited_at: Date;
}

/** A shop's week: its Monday and Sunday, and the instants it runs from and to in the shop's time zone. */
export interface WeekRow {
  start: string;
  end: string;
  from: Date;
  to: Date;
}

export interface ApprovalRow {
  week_start: string;
  approved_at: Date;
  approver_id: string;
  approver_name: string;
}

/** Time entries, their breaks and corrections, and approved weeks. */
function timesheetStatements(db: Kysely<Database>) {
  const entries = () =>
    db
      .selectFrom('time_entries')
      .innerJoin('users', 'users.id', 'time_entries.user_id')
      .selectAll('time_entries')
      .select('users.name as person_name');

  return {
    /**
     * The week named by its Monday, or this week (on the shop's clock) when `week` is undefined: its
     * bounds are the shop's midnights, which daylight saving time may put 23 or 25 hours apart.
     */
    week: async (timeZone: string, week: string | undefined): Promise<WeekRow> => {
      const row = await sql<{ start: string; end: string; from: Date; to: Date }>`
        SELECT w::text AS start, (w + 6)::text AS end,
               (w::timestamp AT TIME ZONE ${timeZone}) AS "from",
               ((w + 7)::timestamp AT TIME ZONE ${timeZone}) AS "to"
        FROM (SELECT coalesce(${week ?? null}::date, date_trunc('week', now() AT TIME ZONE ${timeZone})::date) AS w) AS chosen`.execute(
        db,
      );
      const found = row.rows[0]!;
      return { start: found.start, end: found.end, from: new Date(found.from), to: new Date(found.to) };
    },

    /** The approved week of the shop that [from, to) touches, the earliest; `to` null: up to now. */
    approvedWithin: async (
      merchantId: string,
      timeZone: string,
      from: Date,
      to: Date | null,
    ): Promise<ApprovalRow | undefined> =>
      db
        .selectFrom('timesheet_approvals')
        .innerJoin('users', 'users.id', 'timesheet_approvals.approved_by')
        .select([
          sql<string>`timesheet_approvals.week_start::text`.as('week_start'),
          'timesheet_approvals.approved_at',
          'users.id as approver_id',
          'users.name as approver_name',
        ])
        .where('timesheet_approvals.merchant_id', '=', merchantId)
        .where(
          sql<Date>`timesheet_approvals.week_start::timestamp AT TIME ZONE ${timeZone}`,
          '<',
          to ?? sql<Date>`now()`,
        )
        .where(sql<Date>`(timesheet_approvals.week_start + 7)::timestamp AT TIME ZONE ${timeZone}`, '>', from)
        .orderBy('timesheet_approvals.week_start')
        .executeTakeFirst(),

    /** Approves the week; an approval already there stays as it was. */
    approve: async (merchantId: string, week: string, by: string): Promise<void> => {
      await db
        .insertInto('timesheet_approvals')
        .values({ merchant_id: merchantId, week_start: week, approved_by: by })
        .onConflict((oc) => oc.columns(['merchant_id', 'week_start']).doNothing())
        .execute();
    },

    /** The shop's owner and staff now, with their role. */
    people: (merchantId: string) =>
      db
        .selectFrom('users')
        .innerJoin('merchants', (join) => join.on('merchants.id', '=', merchantId))
        .leftJoin('merchant_members as member', (join) =>
          join.onRef('member.merchant_id', '=', 'merchants.id').onRef('member.user_id', '=', 'users.id'),
        )
        .select([
          'users.id',
          'users.name',
          sql<MerchantRole>`CASE WHEN merchants.owner_id = users.id THEN 'owner' ELSE member.role END`.as(
            'role',
          ),
        ])
        .where((where) =>
          where.or([
            where('merchants.owner_id', '=', where.ref('users.id')),
            where('member.role', 'is not', null),
          ]),
        )
        .orderBy('users.name')
        .orderBy('users.id')
        .execute(),

    /** By id in any shop: a clock-in sent again, or an id clashing with another entry. */
    findAnywhere: (id: string) => entries().where('time_entries.id', '=', id).executeTakeFirst(),

    /** The shop's entry; `lock` holds it for the caller's transaction. */
    find: (merchantId: string, id: string, lock = false) =>
      entries()
        .where('time_entries.merchant_id', '=', merchantId)
        .where('time_entries.id', '=', id)
        .$if(lock, (query) => query.forUpdate('time_entries'))
        .executeTakeFirst(),

    /** The person's entry still clocked in at the shop, if any. */
    openOf: (merchantId: string, userId: string) =>
      entries()
        .where('time_entries.merchant_id', '=', merchantId)
        .where('time_entries.user_id', '=', userId)
        .where('time_entries.clock_out', 'is', null)
        .executeTakeFirst(),

    /** The shop's entries still clocked in, with the break each is on (if any). */
    openAt: (merchantId: string) =>
      db
        .selectFrom('time_entries')
        .leftJoin('time_entry_breaks as pause', (join) =>
          join.onRef('pause.entry_id', '=', 'time_entries.id').on('pause.ended_at', 'is', null),
        )
        .select([
          'time_entries.id',
          'time_entries.user_id',
          'time_entries.clock_in',
          'pause.id as break_id',
          'pause.paid as break_paid',
          'pause.started_at as break_started_at',
        ])
        .where('time_entries.merchant_id', '=', merchantId)
        .where('time_entries.clock_out', 'is', null)
        .execute(),

    /** Clocks in now; undefined when the id is taken or the person is clocked in already. */
    clockIn: (entry: {
      id: string;
      merchantId: string;
      userId: string;
      source: 'register' | 'account';
      recordedBy: string;
    }) =>
      db
        .insertInto('time_entries')
        .values({
          id: entry.id,
          merchant_id: entry.merchantId,
          user_id: entry.userId,
          clock_in: sql<Date>`now()`,
          source: entry.source,
          recorded_by: entry.recordedBy,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst(),

    /** An entry clocked earlier, with its breaks, as it was recorded then (the demo's past weeks). */
    insertPast: async (entry: {
      id: string;
      merchantId: string;
      userId: string;
      clockIn: Date;
      clockOut: Date | null;
      source: 'register' | 'account';
      autoClosed: boolean;
      breaks: { id: string; paid: boolean; startedAt: Date; endedAt: Date }[];
    }): Promise<void> => {
      await db
        .insertInto('time_entries')
        .values({
          id: entry.id,
          merchant_id: entry.merchantId,
          user_id: entry.userId,
          clock_in: entry.clockIn,
          clock_out: entry.clockOut,
          source: entry.source,
          recorded_by: entry.userId,
          auto_closed: entry.autoClosed,
        })
        .execute();
      if (entry.breaks.length > 0) {
        await db
          .insertInto('time_entry_breaks')
          .values(
            entry.breaks.map((pause) => ({
              id: pause.id,
              entry_id: entry.id,
              paid: pause.paid,
              started_at: pause.startedAt,
              ended_at: pause.endedAt,
            })),
          )
          .execute();
      }
    },

    /** Clocks the entry out now, and ends the break under way with it; nothing if it is closed already. */
    clockOut: async (entryId: string): Promise<void> => {
      await db
        .updateTable('time_entry_breaks')
        .set({ ended_at: sql<Date>`now()` })
        .where('entry_id', '=', entryId)
        .where('ended_at', 'is', null)
        .execute();
      await db
        .updateTable('time_entries')
        .set({ clock_out: sql<Date>`greatest(now(), clock_in + interval '1 microsecond')` })
        .where('id', '=', entryId)
        .where('clock_out', 'is', null)
        .execute();
    },

    /**
     * Closes every entry (of one person at one shop, or all) clocked in longer than its shop's maximum
     * shift length at exactly that length, flagged, with the break under way ended there. The update
     * reads each row again under its lock, so sweeps of several processes at once close each entry once.
     */
    closeStale: async (only?: { merchantId: string; userId: string }): Promise<number> => {
      const closed = await sql<{ id: string }>`
        WITH stale AS (
          UPDATE time_entries AS entry
          SET clock_out = entry.clock_in + merchants.max_shift_hours * interval '1 hour', auto_closed = true
          FROM merchants
          WHERE merchants.id = entry.merchant_id
            AND entry.clock_out IS NULL
            AND entry.clock_in + merchants.max_shift_hours * interval '1 hour' <= now()
            ${only ? sql`AND entry.merchant_id = ${only.merchantId} AND entry.user_id = ${only.userId}` : sql``}
          RETURNING entry.id, entry.clock_out
        ), ended AS (
          UPDATE time_entry_breaks AS pause
          SET ended_at = greatest(pause.started_at, stale.clock_out)
          FROM stale
          WHERE pause.entry_id = stale.id AND pause.ended_at IS NULL
          RETURNING pause.id
        )
        SELECT id FROM stale`.execute(db);
      return closed.rows.length;
    },

    /** By id anywhere: a break sent again, or an id clashing with another. */
    findBreak: (id: string) =>
      db.selectFrom('time_entry_breaks').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Starts a break now; undefined when the id is taken or a break is under way. */
    startBreak: (entryId: string, id: string, paid: boolean) =>
      db
        .insertInto('time_entry_breaks')
        .values({ id, entry_id: entryId, paid, started_at: sql<Date>`now()` })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst(),

    /** Ends the break under way; undefined when there is none. */
    endBreak: (entryId: string) =>
      db
        .updateTable('time_entry_breaks')
        .set({ ended_at: sql<Date>`now()` })
        .where('entry_id', '=', entryId)
        .where('ended_at', 'is', null)
        .returning('id')
        .executeTakeFirst(),

    /** Gives the entry its corrected times, and appends the correction with the times before it. */
    correct: async (
      entry: EntryRow,
      change: { clockIn: Date; clockOut: Date; reason: string; by: string },
    ): Promise<void> => {
      await db
        .insertInto('time_entry_edits')
        .values({
          entry_id: entry.id,
          edited_by: change.by,
          reason: change.reason,
          old_clock_in: entry.clock_in,
          old_clock_out: entry.clock_out,
          new_clock_in: change.clockIn,
          new_clock_out: change.clockOut,
        })
        .execute();
      await db
        .updateTable('time_entries')
        .set({ clock_in: change.clockIn, clock_out: change.clockOut })
        .where('id', '=', entry.id)
        .execute();
    },

    /** The person's other entries overlapping [from, to), the first. */
    overlapping: (merchantId: string, userId: string, exceptId: string, from: Date, to: Date) =>
      db
        .selectFrom('time_entries')
        .select(['id', 'clock_in', 'clock_out'])
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .where('id', '!=', exceptId)
        .where('clock_in', '<', to)
        .where((where) => where.or([where('clock_out', 'is', null), where('clock_out', '>', from)]))
        .orderBy('clock_in')
        .executeTakeFirst(),

    /** The shop's entries overlapping [from, to) (of one person, with `userId`), by person then time. */
    entriesWithin: (merchantId: string, from: Date, to: Date, userId?: string) =>
      entries()
        .where('time_entries.merchant_id', '=', merchantId)
        .$if(userId !== undefined, (query) => query.where('time_entries.user_id', '=', userId!))
        .where('time_entries.clock_in', '<', to)
        .where((where) =>
          where.or([where('time_entries.clock_out', 'is', null), where('time_entries.clock_out', '>', from)]),
        )
        .orderBy('users.name')
        .orderBy('time_entries.user_id')
        .orderBy('time_entries.clock_in')
        .execute(),

    breaksOf: async (entryIds: readonly string[]): Promise<BreakRow[]> =>
      entryIds.length === 0
        ? []
        : db
            .selectFrom('time_entry_breaks')
            .selectAll()
            .where('entry_id', 'in', entryIds)
            .orderBy('started_at')
            .execute(),

    editsOf: async (entryIds: readonly string[]): Promise<EditRow[]> =>
      entryIds.length === 0
        ? []
        : db
            .selectFrom('time_entry_edits')
            .innerJoin('users', 'users.id', 'time_entry_edits.edited_by')
            .select([
              'time_entry_edits.entry_id',
              'users.id as editor_id',
              'users.name as editor_name',
              'time_entry_edits.reason',
              'time_entry_edits.old_clock_in',
              'time_entry_edits.old_clock_out',
              'time_entry_edits.new_clock_in',
              'time_entry_edits.new_clock_out',
              'time_entry_edits.edited_at',
            ])
            .where('time_entry_edits.entry_id', 'in', entryIds)
            .orderBy('time_entry_edits.edited_at')
            .orderBy('time_entry_edits.id')
            .execute(),
  };
}
export const createTimesheetsRepository = repository(timesheetStatements);
export type TimesheetsRepository = ReturnType<typeof createTimesheetsRepository>;
