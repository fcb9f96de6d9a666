import type { ReturnableSale, Sale } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { defaultRefunds, refundTotal } from './returnDraft';

const line = (position: number, quantity: number, amountMinor: number, cartDiscountMinor = 0) =>
  ({
    position,
    product: { id: `p${position}`, sku: `S${position}`, name: `Product ${position}` },
    quantity,
    unitPriceMinor: (amountMinor + cartDiscountMinor) / quantity,
    discountMinor: 0,
    cartDiscountMinor,
    amountMinor,
    taxRate: null,
    taxMinor: 0,
    netMinor: amountMinor,
    returnedPosition: null,
    restock: null,
  }) satisfies Sale['lines'][number];

const found = (returned: number[]): ReturnableSale =>
  ({
    sale: { pricesIncludeTax: true, lines: [line(1, 3, 899, 100), line(2, 1, 200)] } as Sale,
    lines: [
      { position: 1, returnedQuantity: returned[0]!, returnableQuantity: 3 - returned[0]! },
      { position: 2, returnedQuantity: returned[1]!, returnableQuantity: 1 - returned[1]! },
    ],
    refundable: [],
    returns: [],
  });

describe('a return being put together', () => {
  it('gives back what the server will: the line’s share of what it was sold for, after earlier returns', () => {
    expect(refundTotal(found([0, 0]), [{ position: 1, quantity: 1, restock: true }])).toBe(300);
    expect(refundTotal(found([1, 0]), [{ position: 1, quantity: 1, restock: true }])).toBe(299);
    // Two lines of one sold line (one restocked, one not) follow each other.
    expect(
      refundTotal(found([0, 0]), [
        { position: 1, quantity: 1, restock: true },
        { position: 1, quantity: 2, restock: false },
        { position: 2, quantity: 1, restock: true },
      ]),
    ).toBe(899 + 200);
    expect(refundTotal(found([0, 0]), [{ position: 1, quantity: 0, restock: true }])).toBe(0);
  });

  it('refunds by the sale’s card first, up to what it may give back, and the rest in cash', () => {
    const refundable = [
      { method: 'card' as const, amountMinor: 300 },
      { method: 'cash' as const, amountMinor: 200 },
    ];
    expect(defaultRefunds(200, refundable)).toEqual([{ method: 'card', amountMinor: 200 }]);
    expect(defaultRefunds(500, refundable)).toEqual([
      { method: 'card', amountMinor: 300 },
      { method: 'cash', amountMinor: 200 },
    ]);
    expect(defaultRefunds(150, [{ method: 'cash', amountMinor: 500 }])).toEqual([
      { method: 'cash', amountMinor: 150 },
    ]);
    expect(defaultRefunds(0, refundable)).toEqual([]);
  });
});
