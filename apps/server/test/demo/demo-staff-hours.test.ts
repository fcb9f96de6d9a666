import { addDays, type TimeClock, type Timesheet } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { engines, type Engine } from '../helper';
import { seededDemo } from './seeded-demo';

const HOUR = 3600;

/**
 * The demo's staff hours: Green Grocer's Mia (manager) and Sam (cashier) have a register PIN each and
 * a full last week, Sam's Thursday left open and closed at the longest shift (flagged), Mia's Wednesday
 * corrected by Bob with its reason.
 */
describe.each(engines())("the demo's staff hours on %s", (engine: Engine) => {
  const { accounts, get } = seededDemo(engine);
  const MIA = { email: 'mia@greengrocer.example', password: 'mia-demo-1' };
  const SAM = { email: 'sam@greengrocer.example', password: 'sam-demo-1' };

  it('prints Mia and Sam among the demo accounts, with their register PINs', () => {
    expect(accounts()).toEqual(
      expect.arrayContaining([
        { role: 'manager (Green Grocer, register PIN 2580)', ...MIA },
        { role: 'cashier (Green Grocer, register PIN 1234)', ...SAM },
      ]),
    );
  });

  it('shows last week full, with one entry closed automatically and one corrected, to the manager', async () => {
    const thisWeek = (await get<Timesheet>('/merchants/green-grocer/timesheets', MIA)).week.start;
    const last = await get<Timesheet>(
      `/merchants/green-grocer/timesheets?week=${addDays(thisWeek, -7)}`,
      MIA,
    );
    const byName = new Map(last.people.map((row) => [row.person.name, row]));
    // Sam: 8 + 8 + 8 + 11.5 (closed at 12 hours, half an hour unpaid) + 8.25 + 5 = 48.75 hours, 8.75 above 40.
    expect(byName.get('Sam Silva')).toMatchObject({
      workedSeconds: 48.75 * HOUR,
      overtimeSeconds: 8.75 * HOUR,
      autoClosed: 1,
    });
    expect(byName.get('Mia Moreau')).toMatchObject({
      workedSeconds: 40 * HOUR,
      overtimeSeconds: 0,
      autoClosed: 0,
    });
    const corrected = byName.get('Mia Moreau')!.entries.filter((entry) => entry.history.length > 0);
    expect(corrected.map((entry) => [entry.history[0]!.by.name, entry.history[0]!.reason])).toEqual([
      ['Bob Green', 'Forgot to clock out: left at 17:30 with the delivery checked.'],
    ]);
    expect(last.approval).toBeNull();
  });

  it('lists Mia and Sam on the register’s time clock, each with a PIN', async () => {
    const clock = await get<TimeClock>('/merchants/green-grocer/time-clock', SAM);
    expect(clock.people.map((status) => [status.person.name, status.hasPin])).toEqual([
      ['Mia Moreau', true],
      ['Sam Silva', true],
    ]);
  });
});
