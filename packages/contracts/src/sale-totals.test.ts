import { describe, expect, it } from 'vitest';
import {
  divideRounded,
  returnedLineFigures,
  saleTotals,
  shareInProportion,
  type SaleLineInput,
} from './sale-totals';

const standard = { id: 'standard', name: 'Standard', ratePpm: 200_000 };
const reduced = { id: 'reduced', name: 'Reduced', ratePpm: 55_000 };
const newYork = { id: 'ny', name: 'NY sales tax', ratePpm: 88_750 };
const inclusive = { pricesIncludeTax: true, taxRounding: 'line' } as const;
const exclusive = { pricesIncludeTax: false, taxRounding: 'line' } as const;

const line = (
  unitPriceMinor: number,
  taxRate: SaleLineInput['taxRate'],
  quantity = 1,
  discountMinor = 0,
) => ({
  quantity,
  unitPriceMinor,
  discountMinor,
  taxRate,
});

describe('rounding and sharing', () => {
  it.each([
    [5n, 10n, 1n],
    [15n, 10n, 2n],
    [14n, 10n, 1n],
    [-5n, 10n, -1n],
    [-15n, 10n, -2n],
    [-14n, 10n, -1n],
    [0n, 10n, 0n],
  ])('%d ÷ %d rounds half away from zero to %d', (a, b, expected) => {
    expect(divideRounded(a, b)).toBe(expected);
  });

  it('shares an amount in proportion, remainders to the largest fractions, adding up exactly', () => {
    // 100 over 100 and 200: exact shares 33.33 and 66.67; the one unit left goes to 66.67.
    expect(shareInProportion(100, [100, 200])).toEqual([33, 67]);
    // Equal fractions: the earlier line first.
    expect(shareInProportion(5, [10, 10, 10])).toEqual([2, 2, 1]);
    expect(shareInProportion(-5, [10, 10, 10])).toEqual([-2, -2, -1]);
    expect(shareInProportion(7, [0, 0])).toEqual([0, 0]);
    expect(shareInProportion(1, [1, 1, 1]).reduce((a, b) => a + b)).toBe(1);
  });
});

describe('a sale whose prices include tax', () => {
  it('takes the tax out of each line, rounded half away from zero', () => {
    // 1.00 at 20 %: 100 × 0.2 / 1.2 = 16.67 → 17; net 83.
    const totals = saleTotals([line(100, standard)], 0, inclusive);
    expect(totals.lines[0]).toMatchObject({ amountMinor: 100, taxMinor: 17, netMinor: 83 });
    expect(totals).toMatchObject({ grossMinor: 100, taxMinor: 17, totalMinor: 100, discountMinor: 0 });
  });

  it('rounds per line or once per rate, as the shop chose', () => {
    const lines = [line(10, standard), line(10, standard), line(10, standard)];
    // Per line: 10 / 6 = 1.67 → 2, three times.
    expect(saleTotals(lines, 0, inclusive).taxMinor).toBe(6);
    // Per rate: 30 / 6 = 5, shared 2, 2, 1 over the lines.
    const perTotal = saleTotals(lines, 0, { pricesIncludeTax: true, taxRounding: 'total' });
    expect(perTotal.taxMinor).toBe(5);
    expect(perTotal.lines.map((each) => each.taxMinor)).toEqual([2, 2, 1]);
    expect(perTotal.totalMinor).toBe(30);
  });

  it('lists the tax per rate, untaxed lines first', () => {
    const totals = saleTotals(
      [line(1200, standard), line(211, reduced), line(500, null), line(600, standard, 2)],
      0,
      inclusive,
    );
    // 1200 → 200; 1200 (2 × 600) → 200; 211 × 0.055 / 1.055 = 11.0 → 11.
    expect(totals.taxes).toEqual([
      { taxRate: null, netMinor: 500, taxMinor: 0, grossMinor: 500 },
      { taxRate: reduced, netMinor: 200, taxMinor: 11, grossMinor: 211 },
      { taxRate: standard, netMinor: 2000, taxMinor: 400, grossMinor: 2400 },
    ]);
    expect(totals).toMatchObject({ grossMinor: 3111, taxMinor: 411, totalMinor: 3111 });
  });

  it('shares the cart discount over the lines before the tax is worked out', () => {
    // Lines of 1.00 and 2.00 (the second with 0.20 off its own), 0.90 off the cart: the cart's
    // discount is shared over 100 and 180 as 32.14 and 57.86 → 32 and 58.
    const totals = saleTotals([line(100, standard), line(200, reduced, 1, 20)], 90, inclusive);
    expect(totals.lines.map((each) => each.cartDiscountMinor)).toEqual([32, 58]);
    expect(totals.lines.map((each) => each.amountMinor)).toEqual([68, 122]);
    // 68 / 6 = 11.33 → 11; 122 × 0.055 / 1.055 = 6.36 → 6.
    expect(totals.lines.map((each) => each.taxMinor)).toEqual([11, 6]);
    expect(totals).toMatchObject({ grossMinor: 300, discountMinor: 110, taxMinor: 17, totalMinor: 190 });
  });
});

describe('a sale whose prices are without tax', () => {
  it('adds the tax on top', () => {
    // 9.99 at 8.875 %: 88.66 → 89.
    const totals = saleTotals([line(999, newYork)], 0, exclusive);
    expect(totals).toMatchObject({ taxMinor: 89, totalMinor: 1088 });
    expect(totals.lines[0]).toMatchObject({ amountMinor: 999, netMinor: 999, taxMinor: 89 });
  });

  it('rounds a half up on a sale and down on a return: away from zero', () => {
    const fivePercent = { id: 'five', name: 'Five', ratePpm: 50_000 };
    expect(saleTotals([line(10, fivePercent)], 0, exclusive).taxMinor).toBe(1);
    expect(saleTotals([line(30, fivePercent)], 0, exclusive).taxMinor).toBe(2);
    expect(saleTotals([line(10, fivePercent, -1)], 0, exclusive)).toMatchObject({
      taxMinor: -1,
      totalMinor: -11,
    });
  });

  it('keeps huge amounts exact', () => {
    // 99,999,999.99 × 9,999 at 9.975 %: far past what a float multiplies exactly.
    const quebec = { id: 'qc', name: 'QST', ratePpm: 99_750 };
    const totals = saleTotals([line(9_999_999_999, quebec, 999)], 0, exclusive);
    const amount = 9_999_999_999n * 999n;
    expect(BigInt(totals.taxMinor)).toBe(divideRounded(amount * 99_750n, 1_000_000n));
  });
});

describe('a return gives back part of what a line was sold for', () => {
  // 3 × 3.33 with 1.00 off the cart, 20 % included: sold for 8.99, of which 1.50 tax.
  const sold = {
    quantity: 3,
    discountMinor: 0,
    cartDiscountMinor: 100,
    amountMinor: 899,
    taxMinor: 150,
    netMinor: 749,
  };

  it('returned one at a time, the three parts add up to the line exactly', () => {
    const parts = [0, 1, 2].map((before) => returnedLineFigures(sold, before, 1, true));
    expect(parts.map((part) => part.amountMinor)).toEqual([-300, -299, -300]);
    expect(parts.map((part) => part.taxMinor)).toEqual([-50, -50, -50]);
    expect(parts.reduce((sum, part) => sum + part.amountMinor, 0)).toBe(-899);
    expect(parts.reduce((sum, part) => sum + part.netMinor, 0)).toBe(-749);
    expect(parts.reduce((sum, part) => sum + part.cartDiscountMinor, 0)).toBe(-100);
  });

  it('returned in one go, it is the line as sold, negative', () => {
    expect(returnedLineFigures(sold, 0, 3, true)).toEqual({
      discountMinor: 0,
      cartDiscountMinor: -100,
      amountMinor: -899,
      taxMinor: -150,
      netMinor: -749,
    });
  });

  it('keeps amount = net + tax where halves would round both up', () => {
    const halves = {
      quantity: 2,
      discountMinor: 0,
      cartDiscountMinor: 0,
      amountMinor: 2,
      taxMinor: 1,
      netMinor: 1,
    };
    const first = returnedLineFigures(halves, 0, 1, true);
    expect(first.amountMinor).toBe(-1);
    expect(first.netMinor + first.taxMinor).toBe(-1);
  });

  it('with prices without tax, the amount is the net and the tax comes on top', () => {
    const exclusiveLine = {
      quantity: 2,
      discountMinor: 0,
      cartDiscountMinor: 0,
      amountMinor: 999,
      taxMinor: 89,
      netMinor: 999,
    };
    expect(returnedLineFigures(exclusiveLine, 0, 1, false)).toMatchObject({
      amountMinor: -500,
      taxMinor: -45,
      netMinor: -500,
    });
    expect(returnedLineFigures(exclusiveLine, 1, 1, false)).toMatchObject({
      amountMinor: -499,
      taxMinor: -44,
      netMinor: -499,
    });
  });
});
