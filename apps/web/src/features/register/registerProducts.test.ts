import type { ManagedProduct } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import {
  findByCode,
  registerProductOf,
  registerProductsOf,
  searchByName,
  taxRateBookOf,
} from './registerProducts';

const managed = (sku: string, name: string, archivedAt: string | null = null): ManagedProduct => ({
  id: sku,
  sku,
  name,
  description: '',
  priceMinor: 100,
  currency: 'EUR',
  stock: 5,
  categoryId: null,
  supplierIds: [],
  suppliers: null,
  averageCostMinor: null,
  version: 1,
  archivedAt,
  barcode: null,
  taxRateId: null,
});

const products = registerProductsOf([
  managed('T-SCR', 'Screwdriver set'),
  managed('B-10', 'Bolts 10mm (box of 50)'),
  managed('T-HAM', 'Claw hammer'),
  managed('OLD', 'Old stock', '2026-01-01T00:00:00Z'),
]);

describe('the register’s products', () => {
  it('are those on sale, by name', () => {
    expect(products.map((product) => product.sku)).toEqual(['B-10', 'T-HAM', 'T-SCR']);
  });

  it('are found by their exact code in any case, never by a part of it', () => {
    expect(findByCode(products, 'b-10')?.sku).toBe('B-10');
    expect(findByCode(products, ' T-HAM ')?.sku).toBe('T-HAM');
    expect(findByCode(products, 'B-1')).toBeUndefined();
    expect(findByCode(products, 'OLD')).toBeUndefined();
    expect(findByCode(products, '')).toBeUndefined();
  });

  it('are searched by name or SKU, names starting with the text first', () => {
    expect(searchByName(products, 'ham').map((product) => product.sku)).toEqual(['T-HAM']);
    expect(searchByName(products, 's').map((product) => product.sku)).toEqual(['T-SCR', 'B-10']);
    expect(searchByName(products, 't-').map((product) => product.sku)).toEqual(['T-HAM', 'T-SCR']);
    expect(searchByName(products, '  ')).toEqual([]);
  });

  it('are scanned by barcode as well as SKU, and taxed at their own rate, else their category’s, as the server taxes them', () => {
    const standard = { id: 'standard', name: 'Standard', ratePpm: 200_000, archivedAt: null };
    const reduced = { id: 'reduced', name: 'Reduced', ratePpm: 55_000, archivedAt: null };
    const book = taxRateBookOf(
      [standard, reduced],
      [
        { id: 'fruit', slug: 'fruit', name: 'Fruit', taxRateId: 'reduced' },
        { id: 'tools', slug: 'tools', name: 'Tools', taxRateId: null },
      ],
    );
    const apples = registerProductOf(
      { ...managed('F-APL', 'Apples'), barcode: '4006381333931', categoryId: 'fruit' },
      book,
    );
    expect(apples.codes).toEqual(['4006381333931', 'F-APL']);
    expect(apples.taxRate).toEqual({ id: 'reduced', name: 'Reduced', ratePpm: 55_000 });
    expect(findByCode([apples], '4006381333931')?.sku).toBe('F-APL');
    const juice = registerProductOf(
      { ...managed('F-JUI', 'Juice'), categoryId: 'fruit', taxRateId: 'standard' },
      book,
    );
    expect(juice.taxRate?.id).toBe('standard');
    expect(registerProductOf({ ...managed('T-SAW', 'Saw'), categoryId: 'tools' }, book).taxRate).toBeNull();
  });
});
