import type { Category, TaxRate } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { categoryDefaultWording, choosableRates, taxRateLabel } from './taxRates';

const rate = (id: string, name: string, ratePpm: number, archived = false): TaxRate => ({
  id,
  name,
  ratePpm,
  archivedAt: archived ? '2026-12-01T00:00:00Z' : null,
});
const category = (name: string, taxRateId: string | null): Category => ({
  id: `c-${name}`,
  slug: name.toLowerCase(),
  name,
  taxRateId,
});

describe('what a product is taxed at, in words', () => {
  const standard = rate('s', 'Standard', 200_000);
  const reduced = rate('r', 'Reduced 5.5 %', 55_000);
  const old = rate('o', 'Old', 196_000, true);

  it('labels a rate with its percentage, once', () => {
    expect(taxRateLabel(standard)).toBe('Standard (20 %)');
    expect(taxRateLabel(reduced)).toBe('Reduced 5.5 %');
  });

  it("says which rate applies to a product without its own: its category's, else none", () => {
    expect(categoryDefaultWording(category('Tools', 's'), [standard])).toBe(
      'Category default: Standard (20 %), from Tools',
    );
    expect(categoryDefaultWording(category('Fruit', null), [standard])).toBe(
      'No tax: Fruit has no default rate',
    );
    expect(categoryDefaultWording(undefined, [standard])).toBe('No tax: no category to take a rate from');
  });

  it('offers the rates in use, and an archived one only where it already is', () => {
    expect(choosableRates([standard, old], null)).toEqual([standard]);
    expect(choosableRates([standard, old], 'o')).toEqual([standard, old]);
  });
});
