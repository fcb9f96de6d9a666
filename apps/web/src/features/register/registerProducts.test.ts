import type { ManagedProduct } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { findByCode, registerProductsOf, searchByName } from './registerProducts';

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
  version: 1,
  archivedAt,
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
});
