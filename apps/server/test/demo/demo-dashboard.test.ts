import type { Dashboard } from '@myb/contracts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines, type Engine } from '../helper';
import { seededDemo } from './seeded-demo';

/**
 * The demo's dashboard has something to compare with: Green Grocer's counter has five weeks of past
 * days (a closed shift each, with its sales) before today's shift, and today's sales.
 */
describe.each(engines())("the demo's dashboard on %s", (engine: Engine) => {
  const { app, get } = seededDemo(engine);

  it('shows today against the same weekday last week, and the past days add up to their shifts', async () => {
    const dashboard = await get<Dashboard>('/merchants/green-grocer/dashboard');
    expect(dashboard.sales.today.sales).toBe(8);
    expect(dashboard.sales.today.refunds).toBe(1);
    expect(dashboard.sales.lastWeekWholeDay.sales).toBeGreaterThan(5);
    expect(dashboard.openShifts).toBe(1);
    expect(dashboard.lowStock).toBeGreaterThan(0);

    // Each past day's shift counted its drawer right: the float and that day's cash sales.
    const { rows } = await sql<{ shifts: number; wrong: number; days: number }>`
      SELECT count(*)::int AS shifts,
        count(*) FILTER (WHERE shift.counted_cash_minor <> shift.opening_float_minor + coalesce((
          SELECT sum(tender.amount_minor) FROM register_sales AS sale
          JOIN register_tenders AS tender ON tender.sale_id = sale.id
          WHERE sale.shift_id = shift.id AND tender.method = 'cash'), 0))::int AS wrong,
        count(DISTINCT shift.opened_at::date)::int AS days
      FROM register_shifts AS shift JOIN registers ON registers.id = shift.register_id
      WHERE registers.name = 'Counter' AND shift.closed_at IS NOT NULL`.execute(app().database.db);
    expect(rows).toEqual([{ shifts: 35, wrong: 0, days: 35 }]);
  });
});
