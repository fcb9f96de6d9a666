import type { CustomerDetail, CustomerWithFigures } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed';
import { buildTestApp, closeCheckingStock, engines, type Engine, type TestApp } from '../helper';

/**
 * The demo's customers at Green Grocer have bought at the counter, so the customer list shows figures
 * and segments: Eli twice (repeat), Dora once with her store credit (new, and her consent), Hana not yet.
 */
describe.each(engines())("the demo's customers on %s", (engine: Engine) => {
  let testApp: TestApp;
  let cookie: string;
  const get = async <Body>(url: string) => {
    const response = await testApp.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Body>();
  };

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

  it('lists Green Grocer’s customers with their visits, spend and segment', async () => {
    const { customers } = await get<{ customers: CustomerWithFigures[] }>(
      '/merchants/green-grocer/customers/figures',
    );
    const byName = new Map(customers.map((customer) => [customer.name, customer.figures]));
    expect([...byName.keys()]).toEqual(['Hana Novak', 'Eli Park', 'Dora Diaz']);
    expect(byName.get('Eli Park')).toMatchObject({ visits: 2, segment: 'repeat' });
    expect(byName.get('Dora Diaz')).toMatchObject({ visits: 1, segment: 'new' });
    expect(byName.get('Hana Novak')).toMatchObject({ visits: 0, segment: 'none' });
    expect(byName.get('Eli Park')!.netSpendMinor).toBeGreaterThan(0);
    const dora = customers.find((customer) => customer.name === 'Dora Diaz')!;
    const detail = await get<CustomerDetail>(`/merchants/green-grocer/customers/${dora.id}`);
    expect(detail.consent.map((entry) => [entry.given, entry.channel])).toEqual([[true, 'register']]);
  });
});
