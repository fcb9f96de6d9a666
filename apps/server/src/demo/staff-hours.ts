import { randomUUID } from 'node:crypto';
import { addDays } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { hashPassword } from '../modules/auth/password';
import { createUsersRepository } from '../modules/auth/users.repository';
import { createMerchantsRepository } from '../modules/merchants/merchants.repository';
import { createRegisterPinsRepository } from '../modules/register/register-pins.repository';
import { createStaffRepository } from '../modules/staff/staff.repository';
import { createTimesheetsRepository } from '../modules/timesheets/timesheets.repository';

/** A demo person on a shop's staff, with the register PIN they clock in with. */
export interface DemoStaff {
  email: string;
  name: string;
  password: string;
  role: 'manager' | 'cashier';
  pin: string;
}

/** A day's work: the day (0 = Monday), hours on the shop's clock ("08:00"), breaks; `out` null: left clocked in. */
interface DemoShift {
  day: number;
  in: string;
  out: string | null;
  breaks?: { from: string; to: string; paid: boolean }[];
  /** What a manager corrected it to, and why; `out` is then what was clocked. */
  corrected?: { out: string; reason: string };
}

const unpaidLunch = { from: '12:00', to: '12:30', paid: false };
const coffee = { from: '10:00', to: '10:15', paid: true };

/** Last week at Green Grocer: Sam forgot to clock out on Thursday; Mia's Wednesday was corrected by Bob. */
const LAST_WEEK: Record<string, DemoShift[]> = {
  cashier: [
    { day: 0, in: '08:00', out: '16:30', breaks: [unpaidLunch] },
    { day: 1, in: '08:00', out: '16:30', breaks: [unpaidLunch] },
    { day: 2, in: '08:00', out: '16:00', breaks: [coffee] },
    { day: 3, in: '08:00', out: null, breaks: [unpaidLunch] },
    { day: 4, in: '08:00', out: '17:00', breaks: [{ from: '12:00', to: '12:45', paid: false }] },
    { day: 5, in: '09:00', out: '14:00' },
  ],
  manager: [
    { day: 0, in: '09:00', out: '17:30', breaks: [{ from: '13:00', to: '13:30', paid: false }] },
    { day: 1, in: '09:00', out: '17:30', breaks: [{ from: '13:00', to: '13:30', paid: false }] },
    {
      day: 2,
      in: '09:00',
      out: '21:15',
      breaks: [{ from: '13:00', to: '13:30', paid: false }],
      corrected: { out: '17:30', reason: 'Forgot to clock out: left at 17:30 with the delivery checked.' },
    },
    { day: 3, in: '09:00', out: '17:30', breaks: [{ from: '13:00', to: '13:30', paid: false }, coffee] },
    { day: 4, in: '09:00', out: '17:30', breaks: [{ from: '13:00', to: '13:30', paid: false }] },
  ],
};

/**
 * Green Grocer's staff and their hours, so Staff hours has a week to show: Mia (manager) and Sam
 * (cashier), each with a register PIN; last week's entries, one left open and closed at the longest
 * shift (flagged), one corrected by Bob with its reason; and this week's so far, Mia clocked in now.
 */
export async function greenGrocerStaff(
  trx: Kysely<Database>,
  { slug, ownerId, staff }: { slug: string; ownerId: string; staff: DemoStaff[] },
): Promise<void> {
  const users = createUsersRepository(trx);
  const pins = createRegisterPinsRepository(trx);
  const members = createStaffRepository(trx);
  const timesheets = createTimesheetsRepository(trx);
  const shop = (await createMerchantsRepository(trx).findBySlug(slug))!;
  const merchantId = shop.id;
  const thisWeek = await timesheets.week(shop.time_zone, undefined);
  const lastWeek = await timesheets.week(shop.time_zone, addDays(thisWeek.start, -7));
  const at = (weekFrom: Date, day: number, clock: string) => {
    const [hours, minutes] = clock.split(':').map(Number);
    return new Date(weekFrom.getTime() + ((day * 24 + hours!) * 60 + minutes!) * 60_000);
  };
  for (const person of staff) {
    const user = await users.insert({
      email: person.email,
      name: person.name,
      passwordHash: await hashPassword(person.password),
    });
    await members.upsert(merchantId, user.id, person.role);
    await pins.set(merchantId, user.id, await hashPassword(person.pin));
    const source = person.role === 'cashier' ? 'register' : 'account';
    const shifts = [
      ...LAST_WEEK[person.role]!.map((shift) => ({ shift, from: lastWeek.from })),
      // This week: the days already worked, as last week.
      ...LAST_WEEK[person.role]!.filter(
        (shift) => shift.out !== null && at(thisWeek.from, shift.day, shift.out) < new Date(),
      ).map((shift) => ({ shift, from: thisWeek.from })),
    ];
    let lastOut = thisWeek.from;
    for (const { shift, from } of shifts) {
      const id = randomUUID();
      const clockIn = at(from, shift.day, shift.in);
      const clockOut =
        shift.out === null
          ? new Date(clockIn.getTime() + shop.max_shift_hours * 3_600_000)
          : at(from, shift.day, shift.out);
      lastOut = clockOut > lastOut ? clockOut : lastOut;
      await timesheets.insertPast({
        id,
        merchantId,
        userId: user.id,
        clockIn,
        clockOut,
        source,
        autoClosed: shift.out === null,
        breaks: (shift.breaks ?? []).map((pause) => ({
          id: randomUUID(),
          paid: pause.paid,
          startedAt: at(from, shift.day, pause.from),
          endedAt: at(from, shift.day, pause.to),
        })),
      });
      if (shift.corrected && from === lastWeek.from) {
        await timesheets.correct((await timesheets.find(merchantId, id))!, {
          clockIn,
          clockOut: at(from, shift.day, shift.corrected.out),
          reason: shift.corrected.reason,
          by: ownerId,
        });
      }
    }
    if (person.role === 'manager') {
      // Clocked in two hours ago, or since the last shift ended if that is later.
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      const since = twoHoursAgo > lastOut ? twoHoursAgo : new Date(lastOut.getTime() + 60_000);
      if (since >= thisWeek.from && since < new Date()) {
        await timesheets.insertPast({
          id: randomUUID(),
          merchantId,
          userId: user.id,
          clockIn: since,
          clockOut: null,
          source,
          autoClosed: false,
          breaks: [],
        });
      }
    }
  }
}
