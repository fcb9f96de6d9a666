import { describe, expect, it } from 'vitest';
import { cartTotals, type CartLine } from './cartStore';

const standard = { id: 'standard', name: 'Standard', ratePpm: 200_000 };
const reduced = { id: 'reduced', name: 'Reduced', ratePpm: 55_000 };
const line = (
  productId: string,
  unitPriceMinor: number,
  quantity: number,
  taxRate?: CartLine['taxRate'],
): CartLine => ({
  productId,
  name: productId,
  unitPriceMinor,
  currency: 'EUR',
  quantity,
  taxRate,
});

describe('the cart priced as its order will be', () => {
  const lines = [
    line('wine', 199, 3, standard),
    line('bread', 333, 1, reduced),
    line('cheese', 1001, 1, standard),
  ];

  it('adds tax on top, rounded on each line or once per rate, when prices exclude it', () => {
    const perLine = cartTotals(lines, { pricesIncludeTax: false, taxRounding: 'line' });
    expect(perLine).toMatchObject({ grossMinor: 1931, taxMinor: 337, totalMinor: 2268 });
    expect(perLine.taxes.map((entry) => [entry.taxRate?.id, entry.taxMinor])).toEqual([
      ['reduced', 18],
      ['standard', 319],
    ]);
    expect(cartTotals(lines, { pricesIncludeTax: false, taxRounding: 'total' })).toMatchObject({
      taxMinor: 338,
      totalMinor: 2269,
    });
  });

  it('charges the shelf price and shows the tax inside it when prices include it', () => {
    expect(
      cartTotals([line('coat', 1200, 2, standard)], { pricesIncludeTax: true, taxRounding: 'line' }),
    ).toMatchObject({
      taxMinor: 400,
      totalMinor: 2400,
    });
  });

  it('takes a line with no rate, or one saved before rates were kept, as untaxed', () => {
    const totals = cartTotals([line('plain', 500, 2, null), line('old', 100, 1)], {
      pricesIncludeTax: false,
      taxRounding: 'line',
    });
    expect(totals).toMatchObject({ taxMinor: 0, totalMinor: 1100 });
  });
});
