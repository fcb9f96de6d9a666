import type { Dashboard } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed';
import { buildTestApp, closeCheckingStock, engines, type Engine, type TestApp } from '../helper';

/**
 * The demo's dashboard has something to compare with: Green Grocer's counter has five weeks of past
 * days (a closed shift each, with its sales) before today's shift, and today's sales.
 */
describe.each(engines())("the demo's dashboard on %s", (engine: Engine) => {
  let testApp: TestApp;
  let cookie: string;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    expect(await seedDemoData(testApp.database.db)).not.toBeNull();
    const signedIn = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'bob@greengrocer.example', password: 'bob-demo-1' },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    cookie = `myb_session=${signedIn.cookies.find((each) => each.name === 'myb_session')!.value}`;
  }, 60_000);
  afterAll(() => closeCheckingStock(testApp));

  it('shows today against the same weekday last week, and the past days add up to their shifts', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/merchants/green-grocer/dashboard',
      headers: { cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json<Dashboard>();
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
      WHERE registers.name = 'Counter' AND shift.closed_at IS NOT NULL`.execute(testApp.database.db);
    expect(rows).toEqual([{ shifts: 35, wrong: 0, days: 35 }]);
  });
});
