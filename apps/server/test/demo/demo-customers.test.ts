import type { CustomerDetail, CustomerWithFigures } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { engines, type Engine } from '../helper';
import { seededDemo } from './seeded-demo';

/**
 * The demo's customers at Green Grocer have bought at the counter, so the customer list shows figures
 * and segments: Eli twice (repeat), Dora once with her store credit (new, and her consent), Hana not yet.
 */
describe.each(engines())("the demo's customers on %s", (engine: Engine) => {
  const { get } = seededDemo(engine);

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
