import { describe, expect, it } from 'vitest';
import { MAX_PURCHASE_QUANTITY } from './purchase-orders';
import { reorderQuantity, type ReorderPosition } from './reorder';

const position = (change: Partial<ReorderPosition>): ReorderPosition => ({
  onHand: 4,
  onOrder: 0,
  minimum: 5,
  maximum: 20,
  packSize: 1,
  minOrderQuantity: 1,
  ...change,
});

describe('reorderQuantity', () => {
  it('needs nothing while on hand and on order reach the minimum', () => {
    expect(reorderQuantity(position({ onHand: 5 }))).toBe(0);
    expect(reorderQuantity(position({ onHand: 2, onOrder: 3 }))).toBe(0);
    expect(reorderQuantity(position({ onHand: 0, minimum: 0 }))).toBe(0);
  });

  it('brings what the shop can count on back to the maximum', () => {
    expect(reorderQuantity(position({ onHand: 4 }))).toBe(16);
    expect(reorderQuantity(position({ onHand: 1, onOrder: 3 }))).toBe(16);
    // Sold beyond what was there (online orders taken on a negative stock): those are owed too.
    expect(reorderQuantity(position({ onHand: -3 }))).toBe(23);
  });

  it("orders at least the supplier's minimum, in whole packs", () => {
    expect(reorderQuantity(position({ onHand: 4, packSize: 6 }))).toBe(18);
    expect(reorderQuantity(position({ onHand: 4, packSize: 6, minOrderQuantity: 30 }))).toBe(30);
    expect(reorderQuantity(position({ onHand: 4, packSize: 6, minOrderQuantity: 31 }))).toBe(36);
    expect(reorderQuantity(position({ onHand: 4, maximum: 5, minOrderQuantity: 12 }))).toBe(12);
  });

  it('never asks for more than a purchase order line may hold', () => {
    const quantity = reorderQuantity(position({ onHand: -5_000_000, maximum: 1_000_000, packSize: 7 }));
    expect(quantity).toBeLessThanOrEqual(MAX_PURCHASE_QUANTITY);
    expect(quantity % 7).toBe(0);
  });
});
