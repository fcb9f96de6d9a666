import { randomUUID } from 'node:crypto';
import type { TimeClock, TimeEntry, Timesheet } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

const HOUR = 3600;

describe.each(engines())('staff hours on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let manager: SignedInUser;

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    as: SignedInUser = shop.owner,
  ) => testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const at = (path = '', of: ShopFixture = shop) => `/merchants/${of.slug}${path}`;
  const db = () => testApp.database.db;

  const clockIn = async (as: SignedInUser, extra: object = {}, of = shop) => {
    const response = await call('POST', at('/time-entries', of), { id: randomUUID(), ...extra }, as);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<TimeEntry>();
  };
  const clockOut = async (as: SignedInUser, entryId: string, of = shop) => {
    const response = await call('POST', at(`/time-entries/${entryId}/clock-out`, of), {}, as);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TimeEntry>();
  };
  /** Gives an entry (and its breaks, in order) times of the past, as if the hours had been worked then. */
  const setTimes = async (
    entryId: string,
    clockInAt: string,
    clockOutAt: string | null,
    breaks: [string, string][] = [],
  ) => {
    await db()
      .updateTable('time_entries')
      .set({ clock_in: clockInAt, clock_out: clockOutAt })
      .where('id', '=', entryId)
      .execute();
    const rows = await db()
      .selectFrom('time_entry_breaks')
      .select('id')
      .where('entry_id', '=', entryId)
      .orderBy('started_at')
      .execute();
    for (const [index, [start, end]] of breaks.entries()) {
      await db()
        .updateTable('time_entry_breaks')
        .set({ started_at: start, ended_at: end })
        .where('id', '=', rows[index]!.id)
        .execute();
    }
  };
  const settings = async (change: object, of = shop) => {
    const { version } = (await call('GET', at('/settings', of), undefined, of.owner)).json<{
      version: number;
    }>();
    const response = await call('PATCH', at('', of), { version, ...change }, of.owner);
    expect(response.statusCode, response.body).toBe(200);
  };
  const entriesCount = async (entryId: string) =>
    Number(
      (
        await db()
          .selectFrom('time_entries')
          .select(sql<number>`count(*)`.as('n'))
          .where('id', '=', entryId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop, cashier, manager] = await Promise.all([
      createShop(testApp, { suppliers: 0, products: 0 }),
      createShop(testApp, { suppliers: 0, products: 0 }),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    for (const [person, role] of [
      [cashier, 'cashier'],
      [manager, 'manager'],
    ] as const) {
      expect((await call('POST', at('/staff'), { email: person.email, role })).statusCode).toBe(200);
    }
    // The shop's hours are New York's: a week runs from Monday 00:00 EST, 05:00 UTC in winter.
    await settings({ timeZone: 'America/New_York' });
    expect((await call('PUT', at('/register-pin'), { pin: '2468' }, cashier)).statusCode).toBe(200);
  });
  afterAll(() => testApp?.close());

  it('clocks in once for an id sent twice, and refuses a second open entry with 409', async () => {
    const id = randomUUID();
    const first = await call('POST', at('/time-entries'), { id }, manager);
    const again = await call('POST', at('/time-entries'), { id }, manager);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json<TimeEntry>()).toEqual(first.json<TimeEntry>());
    expect(first.json<TimeEntry>()).toMatchObject({
      person: { id: manager.id },
      clockOut: null,
      source: 'account',
      autoClosed: false,
    });
    expect(await entriesCount(id)).toBe(1);

    const second = await call('POST', at('/time-entries'), { id: randomUUID() }, manager);
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(
      /^User \d+ is clocked in since \d{4}-\d\d-\d\d \d\d:\d\d: clock out first\.$/,
    );
    // The same id for somebody else is another entry: refused.
    const clash = await call('POST', at('/time-entries'), { id }, shop.owner);
    expect([clash.statusCode, clash.json().message]).toEqual([409, expect.stringContaining('make a new id')]);

    const out = await clockOut(manager, id);
    expect(out.clockOut).not.toBeNull();
    expect((await call('POST', at(`/time-entries/${id}/clock-out`), {}, manager)).json<TimeEntry>()).toEqual(
      out,
    );
  });

  it('records one entry for an id sent twice at once, and one of two clock-ins at once with different ids', async () => {
    const person = await signUpUser(testApp);
    await call('POST', at('/staff'), { email: person.email, role: 'cashier' });
    const id = randomUUID();
    const same = await Promise.all([1, 2].map(() => call('POST', at('/time-entries'), { id }, person)));
    expect(same.map((response) => response.statusCode)).toEqual([201, 201]);
    expect(same[0]!.json<TimeEntry>()).toEqual(same[1]!.json<TimeEntry>());
    expect(await entriesCount(id)).toBe(1);
    await clockOut(person, id);

    const two = await Promise.all(
      [1, 2].map(() => call('POST', at('/time-entries'), { id: randomUUID() }, person)),
    );
    expect(two.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const open = await db()
      .selectFrom('time_entries')
      .select('id')
      .where('user_id', '=', person.id)
      .where('clock_out', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
    await clockOut(person, open[0]!.id);
  });

  it('clocks a cashier in on a register with their PIN, and refuses a wrong PIN within the register’s limit of tries', async () => {
    // The owner is signed in at the register; the cashier picks themself and types their PIN.
    const clock = (await call('GET', at('/time-clock'), undefined, shop.owner)).json<TimeClock>();
    expect(clock.people.map((person) => person.person.id)).toEqual([cashier.id]);
    expect(clock.people[0]).toMatchObject({ hasPin: true, open: null });

    const withoutPin = await call('POST', at('/time-entries'), { id: randomUUID(), userId: cashier.id });
    expect([withoutPin.statusCode, withoutPin.json().message]).toEqual([
      400,
      'Type the PIN of the person clocking in.',
    ]);

    const failures = () =>
      db()
        .selectFrom('register_pin_failures')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', '=', cashier.id)
        .executeTakeFirstOrThrow();
    const wrong = await call('POST', at('/time-entries'), {
      id: randomUUID(),
      userId: cashier.id,
      pin: '0000',
    });
    expect([wrong.statusCode, wrong.json().message]).toEqual([
      403,
      expect.stringMatching(/^That PIN is not right for User \d+: try again \(4 tries left\)\.$/),
    ]);
    expect(wrong.json().issues).toEqual([{ path: 'body.pin', message: 'Not the PIN of the person chosen.' }]);
    expect(Number((await failures()).n)).toBe(1);

    const entry = await clockIn(shop.owner, { userId: cashier.id, pin: '2468' });
    expect(entry).toMatchObject({ person: { id: cashier.id }, source: 'register' });
    expect(Number((await failures()).n), 'a right PIN forgets the wrong ones').toBe(0);
    const open = (await call('GET', at('/time-clock'), undefined, cashier)).json<TimeClock>();
    expect(open.me.open?.id).toBe(entry.id);

    // Out on the register too: a wrong PIN five times, then even the right one waits.
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const refused = await call('POST', at(`/time-entries/${entry.id}/clock-out`), { pin: '1111' });
      expect(refused.statusCode).toBe(403);
    }
    const blocked = await call('POST', at(`/time-entries/${entry.id}/clock-out`), { pin: '2468' });
    expect([blocked.statusCode, blocked.json().message]).toEqual([
      429,
      expect.stringMatching(
        /^Too many wrong PINs for User \d+: try again in 15 minutes, or clock from your own account\.$/,
      ),
    ]);
    expect(Number((await failures()).n)).toBe(5);
    // From their own account, no PIN is asked.
    expect((await clockOut(cashier, entry.id)).clockOut).not.toBeNull();
    await db().deleteFrom('register_pin_failures').where('user_id', '=', cashier.id).execute();
  });

  it('takes paid and unpaid breaks, one at a time, and ends the one under way on clocking out', async () => {
    const entry = await clockIn(cashier);
    const breakId = randomUUID();
    const started = await call(
      'POST',
      at(`/time-entries/${entry.id}/breaks`),
      { id: breakId, paid: false },
      cashier,
    );
    expect(started.statusCode, started.body).toBe(201);
    expect(
      (await call('POST', at(`/time-entries/${entry.id}/breaks`), { id: breakId, paid: false }, cashier))
        .statusCode,
    ).toBe(201);
    const second = await call(
      'POST',
      at(`/time-entries/${entry.id}/breaks`),
      { id: randomUUID(), paid: true },
      cashier,
    );
    expect([second.statusCode, second.json().message]).toEqual([
      409,
      expect.stringContaining('is on a break already: end it first.'),
    ]);
    const ended = await call('POST', at(`/time-entries/${entry.id}/breaks/end`), {}, cashier);
    expect(ended.json<TimeEntry>().breaks).toEqual([
      expect.objectContaining({ id: breakId, paid: false, endedAt: expect.any(String) }),
    ]);
    expect((await call('POST', at(`/time-entries/${entry.id}/breaks/end`), {}, cashier)).statusCode).toBe(
      409,
    );
    await call('POST', at(`/time-entries/${entry.id}/breaks`), { id: randomUUID(), paid: true }, cashier);
    const out = await clockOut(cashier, entry.id);
    expect(out.breaks).toHaveLength(2);
    expect(out.breaks.every((item) => item.endedAt !== null)).toBe(true);
    expect(
      Number(
        (
          await db()
            .selectFrom('time_entry_breaks')
            .select(sql<number>`count(*)`.as('n'))
            .where('entry_id', '=', entry.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(2);
  });

  it('closes an entry left open past the longest shift at exactly that length, flagged, once, by the sweep or at the next clock-in', async () => {
    const entry = await clockIn(manager);
    await call('POST', at(`/time-entries/${entry.id}/breaks`), { id: randomUUID(), paid: false }, manager);
    await db()
      .updateTable('time_entries')
      .set({ clock_in: sql`now() - interval '12 hours 5 minutes'` })
      .where('id', '=', entry.id)
      .execute();
    await db()
      .updateTable('time_entry_breaks')
      .set({ started_at: sql`now() - interval '12 hours 30 seconds'` })
      .where('entry_id', '=', entry.id)
      .execute();
    expect(await testApp.app.timesheetSweep.runOnce()).toBe(1);
    expect(await testApp.app.timesheetSweep.runOnce()).toBe(0);
    const row = await db()
      .selectFrom('time_entries')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(row.clock_out!.getTime() - row.clock_in.getTime()).toBe(12 * HOUR * 1000);
    expect(row.auto_closed).toBe(true);
    const pause = await db()
      .selectFrom('time_entry_breaks')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(pause.ended_at!.getTime()).toBe(row.clock_out!.getTime());

    // At clock-in: the entry left open is closed, and the new one opens.
    await settings({ maxShiftHours: 8 });
    const stale = await clockIn(manager);
    await db()
      .updateTable('time_entries')
      .set({ clock_in: sql`now() - interval '9 hours'` })
      .where('id', '=', stale.id)
      .execute();
    const next = await clockIn(manager);
    const closed = await db()
      .selectFrom('time_entries')
      .selectAll()
      .where('id', '=', stale.id)
      .executeTakeFirstOrThrow();
    expect([closed.auto_closed, closed.clock_out!.getTime() - closed.clock_in.getTime()]).toEqual([
      true,
      8 * HOUR * 1000,
    ]);
    await clockOut(manager, next.id);
    await settings({ maxShiftHours: 12 });
  });

  it('works out the week’s hours and overtime in the shop’s time zone, splitting a shift at the week’s midnight', async () => {
    const person = await signUpUser(testApp);
    await call('POST', at('/staff'), { email: person.email, role: 'cashier' });
    await settings({ overtimeThresholdHours: 10 });
    // Sunday 29 Nov 22:00 to Monday 30 Nov 02:00 in New York (EST, UTC−5): 2 hours in each week.
    const night = await clockIn(person);
    await clockOut(person, night.id);
    await setTimes(night.id, '2026-11-30T03:00:00Z', '2026-11-30T07:00:00Z');
    // Tuesday 1 Dec 09:00–17:30 with an unpaid half hour (12:00–12:30) and a paid quarter (15:00–15:15): 8 hours.
    const tuesday = await clockIn(person);
    await call('POST', at(`/time-entries/${tuesday.id}/breaks`), { id: randomUUID(), paid: false }, person);
    await call('POST', at(`/time-entries/${tuesday.id}/breaks/end`), {}, person);
    await call('POST', at(`/time-entries/${tuesday.id}/breaks`), { id: randomUUID(), paid: true }, person);
    await clockOut(person, tuesday.id);
    await setTimes(tuesday.id, '2026-12-01T14:00:00Z', '2026-12-01T22:30:00Z', [
      ['2026-12-01T17:00:00Z', '2026-12-01T17:30:00Z'],
      ['2026-12-01T20:00:00Z', '2026-12-01T20:15:00Z'],
    ]);
    // Wednesday 2 Dec 09:00–13:00: 4 hours. The week: 2 + 8 + 4 = 14 hours, 4 above the threshold of 10.
    const wednesday = await clockIn(person);
    await clockOut(person, wednesday.id);
    await setTimes(wednesday.id, '2026-12-02T14:00:00Z', '2026-12-02T18:00:00Z');

    const week = (await call('GET', at('/timesheets?week=2026-11-30'), undefined, manager)).json<Timesheet>();
    expect(week.week).toEqual({
      start: '2026-11-30',
      end: '2026-12-06',
      from: '2026-11-30T05:00:00.000Z',
      to: '2026-12-07T05:00:00.000Z',
      timeZone: 'America/New_York',
    });
    const row = week.people.find((line) => line.person.id === person.id)!;
    expect(row.entries.map((entry) => entry.workedSeconds)).toEqual([2 * HOUR, 8 * HOUR, 4 * HOUR]);
    expect([row.workedSeconds, row.overtimeSeconds, row.autoClosed]).toEqual([14 * HOUR, 4 * HOUR, 0]);
    const before = (
      await call('GET', at('/timesheets?week=2026-11-23'), undefined, manager)
    ).json<Timesheet>();
    const earlier = before.people.find((line) => line.person.id === person.id)!;
    expect([earlier.workedSeconds, earlier.overtimeSeconds]).toEqual([2 * HOUR, 0]);
    // The person sees the same figures for themself, and nobody else's.
    const mine = (await call('GET', at('/my-hours?week=2026-11-30'), undefined, person)).json<Timesheet>();
    expect(mine.people).toEqual([row]);

    const csv = await call('GET', at('/timesheets/export?week=2026-11-30'), undefined, manager);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="${shop.slug}-timesheet-2026-11-30.csv"`,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'week,person,clock_in,clock_out,paid_breaks_hours,unpaid_breaks_hours,worked_hours,worked,overtime_hours,source,auto_closed,corrected,approved_by,entry_id',
    );
    const name = row.person.name;
    expect(lines.filter((line) => line.includes(`,${name},`))).toEqual([
      `2026-11-30,${name},2026-11-29T22:00:00-05:00,2026-11-30T02:00:00-05:00,0.00,0.00,2.00,2:00,,account,no,no,,${night.id}`,
      `2026-11-30,${name},2026-12-01T09:00:00-05:00,2026-12-01T17:30:00-05:00,0.25,0.50,8.00,8:00,,account,no,no,,${tuesday.id}`,
      `2026-11-30,${name},2026-12-02T09:00:00-05:00,2026-12-02T13:00:00-05:00,0.00,0.00,4.00,4:00,,account,no,no,,${wednesday.id}`,
      `2026-11-30,${name},total,,,,14.00,14:00,4.00,,,,,`,
    ]);
    await settings({ overtimeThresholdHours: 40 });
  });

  it('corrects an entry with a reason, keeping the times before in its history, who and why', async () => {
    const entry = await clockIn(cashier);
    await clockOut(cashier, entry.id);
    await setTimes(entry.id, '2026-11-17T14:00:00Z', '2026-11-17T23:00:00Z');
    const corrected = await call(
      'POST',
      at(`/time-entries/${entry.id}/corrections`),
      {
        clockIn: '2026-11-17T09:00:00-05:00',
        clockOut: '2026-11-17T17:00:00-05:00',
        reason: ' Forgot to clock out ',
      },
      manager,
    );
    expect(corrected.statusCode, corrected.body).toBe(200);
    const view = corrected.json<TimeEntry>();
    expect(view).toMatchObject({
      clockIn: '2026-11-17T14:00:00.000Z',
      clockOut: '2026-11-17T22:00:00.000Z',
      workedSeconds: 8 * HOUR,
    });
    expect(view.history).toEqual([
      {
        at: expect.any(String),
        by: { id: manager.id, name: expect.any(String) },
        reason: 'Forgot to clock out',
        from: { clockIn: '2026-11-17T14:00:00.000Z', clockOut: '2026-11-17T23:00:00.000Z' },
        to: { clockIn: '2026-11-17T14:00:00.000Z', clockOut: '2026-11-17T22:00:00.000Z' },
      },
    ]);
    const sheet = (
      await call('GET', at('/timesheets?week=2026-11-16'), undefined, manager)
    ).json<Timesheet>();
    expect(sheet.people.find((line) => line.person.id === cashier.id)!.entries).toEqual([view]);
    // The history is appended to, never changed.
    await expect(
      db()
        .updateTable('time_entry_edits')
        .set({ reason: 'nothing happened' })
        .where('entry_id', '=', entry.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db().deleteFrom('time_entry_edits').where('entry_id', '=', entry.id).execute(),
    ).rejects.toThrow(/append-only/);

    // A cashier corrects nothing, even their own.
    const byCashier = await call(
      'POST',
      at(`/time-entries/${entry.id}/corrections`),
      { clockIn: '2026-11-17T14:00:00Z', clockOut: '2026-11-17T15:00:00Z', reason: 'x' },
      cashier,
    );
    expect(byCashier.statusCode).toBe(403);
  });

  it('locks an approved week: corrections and clock-ins in it are refused with 409; approving waits for everyone to clock out', async () => {
    const entry = await clockIn(cashier);
    await clockOut(cashier, entry.id);
    await setTimes(entry.id, '2026-11-10T14:00:00Z', '2026-11-10T22:00:00Z');
    const future = await call('PUT', at('/timesheet-approvals/2030-01-07'), undefined, manager);
    expect([future.statusCode, future.json().message]).toEqual([
      409,
      'The week of 2030-01-07 has not begun: it can be approved once its hours are worked.',
    ]);

    const approved = await call('PUT', at('/timesheet-approvals/2026-11-09'), undefined, manager);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<Timesheet>().approval).toEqual({
      by: { id: manager.id, name: expect.any(String) },
      at: expect.any(String),
    });
    const again = await call('PUT', at('/timesheet-approvals/2026-11-09'), undefined, shop.owner);
    expect(again.json<Timesheet>().approval?.by.id, 'approved once').toBe(manager.id);

    const body = { clockIn: '2026-11-10T14:00:00Z', clockOut: '2026-11-10T21:00:00Z', reason: 'Left early' };
    const refused = await call('POST', at(`/time-entries/${entry.id}/corrections`), body, manager);
    expect([refused.statusCode, refused.json().message]).toEqual([
      409,
      expect.stringMatching(
        /^The week of 2026-11-09 was approved by User \d+: its hours are locked\. Entries in it cannot be corrected\.$/,
      ),
    ]);
    // Nor may another entry be moved into it.
    const other = await clockIn(cashier);
    await clockOut(cashier, other.id);
    await setTimes(other.id, '2026-11-03T14:00:00Z', '2026-11-03T15:00:00Z');
    const moved = await call(
      'POST',
      at(`/time-entries/${other.id}/corrections`),
      { ...body, clockIn: '2026-11-12T14:00:00Z', clockOut: '2026-11-12T15:00:00Z' },
      manager,
    );
    expect(moved.statusCode).toBe(409);
    const edits = await db()
      .selectFrom('time_entry_edits')
      .select('id')
      .where('entry_id', 'in', [entry.id, other.id])
      .execute();
    expect(edits).toEqual([]);

    // This week: approving waits while someone is clocked in; once approved, clocking in is refused.
    const open = await clockIn(cashier);
    const thisWeek = (await call('GET', at('/timesheets'), undefined, manager)).json<Timesheet>().week.start;
    const waiting = await call('PUT', at(`/timesheet-approvals/${thisWeek}`), undefined, manager);
    expect([waiting.statusCode, waiting.json().message]).toEqual([
      409,
      expect.stringMatching(
        /^User \d+ is still clocked in: the week can be approved once everyone in it has clocked out\.$/,
      ),
    ]);
    await clockOut(cashier, open.id);
    expect((await call('PUT', at(`/timesheet-approvals/${thisWeek}`), undefined, manager)).statusCode).toBe(
      200,
    );
    const locked = await call('POST', at('/time-entries'), { id: randomUUID() }, cashier);
    expect([locked.statusCode, locked.json().message]).toEqual([
      409,
      expect.stringContaining('its hours are locked. Clocking in is refused until the next week begins.'),
    ]);
    await db().deleteFrom('timesheet_approvals').where('week_start', '=', thisWeek).execute();
  });

  it('answers another shop’s entries, and a colleague’s to a cashier, as unknown ones', async () => {
    const theirs = await clockIn(otherShop.owner, {}, otherShop);
    const mine = await clockIn(manager);
    const unknown = randomUUID();
    for (const [as, entryId] of [
      [shop.owner, theirs.id],
      [shop.owner, unknown],
      [cashier, mine.id],
    ] as const) {
      for (const [path, payload] of [
        ['clock-out', {}],
        ['breaks', { id: randomUUID(), paid: true }],
        ['breaks/end', {}],
      ] as const) {
        const response = await call('POST', at(`/time-entries/${entryId}/${path}`), payload, as);
        expect([response.statusCode, response.json().message], `${path} of ${entryId}`).toEqual([
          404,
          'Time entry not found.',
        ]);
      }
    }
    const correction = {
      clockIn: '2026-11-02T14:00:00Z',
      clockOut: '2026-11-02T15:00:00Z',
      reason: 'Not yours',
    };
    expect((await call('POST', at(`/time-entries/${theirs.id}/corrections`), correction)).statusCode).toBe(
      404,
    );
    // Nobody of another shop clocks in here with a PIN, whoever they are.
    const stranger = await call('POST', at('/time-entries'), {
      id: randomUUID(),
      userId: otherShop.owner.id,
      pin: '2468',
    });
    expect([stranger.statusCode, stranger.json().message]).toEqual([
      403,
      expect.stringContaining('Choose yourself from the list'),
    ]);
    // A manager sees a colleague's entry, but clocks only their own.
    const colleague = await call('POST', at(`/time-entries/${mine.id}/clock-out`), {}, shop.owner);
    expect([colleague.statusCode, colleague.json().message]).toEqual([
      403,
      expect.stringContaining('clocks their own time'),
    ]);
    await clockOut(manager, mine.id);
    await clockOut(otherShop.owner, theirs.id, otherShop);
  });

  it.each([
    [
      'a week that is no Monday',
      'GET',
      '/timesheets?week=2026-12-01',
      undefined,
      /A week starts on a Monday/,
    ],
    ['a week that is no date', 'GET', '/my-hours?week=2026-02-30', undefined, /That is not a date/],
    [
      'an approval of a Tuesday',
      'PUT',
      '/timesheet-approvals/2026-12-01',
      undefined,
      /A week starts on a Monday/,
    ],
    ['a clock-in without an id', 'POST', '/time-entries', {}, /Make an id/],
    ['a PIN of letters', 'POST', '/time-entries', { id: randomUUID(), pin: 'abcd' }, /digits only/],
    [
      'a break without saying if it is paid',
      'POST',
      `/time-entries/${randomUUID()}/breaks`,
      { id: randomUUID() },
      /paid/,
    ],
    [
      'a correction without a reason',
      'POST',
      `/time-entries/${randomUUID()}/corrections`,
      { clockIn: '2026-11-02T14:00:00Z', clockOut: '2026-11-02T15:00:00Z', reason: ' ' },
      /Say why/,
    ],
    [
      'a correction ending before it starts',
      'POST',
      `/time-entries/${randomUUID()}/corrections`,
      { clockIn: '2026-11-02T14:00:00Z', clockOut: '2026-11-02T13:00:00Z', reason: 'x' },
      /must come after/,
    ],
    [
      'a correction of 25 hours',
      'POST',
      `/time-entries/${randomUUID()}/corrections`,
      { clockIn: '2026-11-02T14:00:00Z', clockOut: '2026-11-03T15:00:00Z', reason: 'x' },
      /at most 24 hours/,
    ],
    [
      'a correction in the future',
      'POST',
      `/time-entries/${randomUUID()}/corrections`,
      { clockIn: '2099-11-02T14:00:00Z', clockOut: '2099-11-02T15:00:00Z', reason: 'x' },
      /cannot be in the future/,
    ],
    ['a longest shift of 0 hours', 'PATCH', '', { version: 1, maxShiftHours: 0 }, /at least 1 hour/],
    [
      'an overtime threshold of 169 hours',
      'PATCH',
      '',
      { version: 1, overtimeThresholdHours: 169 },
      /at most 168 hours/,
    ],
  ] as const)('refuses %s with 400', async (_, method, path, payload, message) => {
    const response = await call(method, at(path), payload, shop.owner);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(message);
  });

  it('gives a new shop a longest shift of 12 hours and overtime above 40 hours a week', async () => {
    const settings = (await call('GET', at('/settings', otherShop), undefined, otherShop.owner)).json<{
      maxShiftHours: number;
      overtimeThresholdHours: number;
    }>();
    expect([settings.maxShiftHours, settings.overtimeThresholdHours]).toEqual([12, 40]);
    const sheet = (
      await call('GET', at('/timesheets', otherShop), undefined, otherShop.owner)
    ).json<Timesheet>();
    expect([sheet.maxShiftHours, sheet.overtimeThresholdHours, sheet.week.timeZone]).toEqual([12, 40, 'UTC']);
  });

  it('shows a cashier their own hours and not the shop’s timesheet', async () => {
    expect((await call('GET', at('/timesheets'), undefined, cashier)).statusCode).toBe(403);
    expect((await call('GET', at('/timesheets/export'), undefined, cashier)).statusCode).toBe(403);
    const mine = (await call('GET', at('/my-hours?week=2026-11-16'), undefined, cashier)).json<Timesheet>();
    expect(mine.people.map((line) => line.person.id)).toEqual([cashier.id]);
    expect(mine.people[0]!.workedSeconds).toBe(8 * HOUR);
  });
});
