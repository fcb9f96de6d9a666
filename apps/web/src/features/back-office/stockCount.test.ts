import type { StockCountLine } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { lineBySku, linesShown, reviewOf } from './stockCount';

let next = 0;
function line(
  sku: string,
  name: string,
  priceMinor: number,
  expected: number,
  counted: number | null,
  moved = 0,
): StockCountLine {
  next += 1;
  const stockWhenCounted = counted === null ? null : expected + moved;
  const difference = counted === null || stockWhenCounted === null ? null : counted - stockWhenCounted;
  return {
    product: { id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`, sku, name, priceMinor },
    expected,
    counted,
    stockWhenCounted,
    movedSinceStart: counted === null ? null : moved,
    difference,
    differenceValueMinor: difference === null ? null : difference * priceMinor,
    stock: expected + moved,
    countedBy: null,
    countedAt: null,
  };
}

const bolts = line('B-10', 'Bolts 10mm (box of 50)', 1250, 40, 38, -3);
const nuts = line('N-10', 'Nuts M10 (box of 50)', 890, 60, 60);
const hammer = line('T-HAM', 'Claw hammer', 1990, 12, 11);
const screwdrivers = line('T-SCR', 'Screwdriver set', 2450, 8, null);
const lines = [bolts, nuts, hammer, screwdrivers];

describe("a count's review", () => {
  it('counts the lines counted, not counted and with a difference, and values the differences', () => {
    expect(reviewOf(lines)).toEqual({
      lines: 4,
      counted: 3,
      notCounted: 1,
      withDifference: 2,
      valueMinor: 1250 - 1990,
      missingMinor: 1990,
      foundMinor: 1250,
    });
  });

  it('is all zeros for a count with no line counted', () => {
    expect(reviewOf([screwdrivers])).toMatchObject({
      counted: 0,
      notCounted: 1,
      withDifference: 0,
      valueMinor: 0,
    });
  });
});

describe("a count's lines as shown", () => {
  it('keeps the lines not counted, or those with a difference (a line counted right has none)', () => {
    expect(linesShown(lines, 'all', '')).toEqual(lines);
    expect(linesShown(lines, 'not-counted', '')).toEqual([screwdrivers]);
    expect(linesShown(lines, 'difference', '')).toEqual([bolts, hammer]);
  });

  it('finds lines by SKU or name, in any case', () => {
    expect(linesShown(lines, 'all', ' t-')).toEqual([hammer, screwdrivers]);
    expect(linesShown(lines, 'all', 'box OF 50')).toEqual([bolts, nuts]);
    expect(linesShown(lines, 'difference', 'hammer')).toEqual([hammer]);
    expect(linesShown(lines, 'not-counted', 'hammer')).toEqual([]);
  });
});

describe('a scanned SKU', () => {
  it('names its line, as printed or in another case; another SKU names none', () => {
    expect(lineBySku(lines, 'T-HAM')).toBe(hammer);
    expect(lineBySku(lines, ' t-ham ')).toBe(hammer);
    expect(lineBySku(lines, 'T-HA')).toBeUndefined();
  });
});
