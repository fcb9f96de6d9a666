import { describe, expect, it } from 'vitest';
import { orderingWarning, suggestedQuantity, termsHint } from './purchaseLines';

describe('a purchase order line and its supplier terms', () => {
  it('starts at the minimum order, rounded up to whole packs', () => {
    expect(suggestedQuantity({ packSize: 10, minOrderQuantity: 20 })).toBe(20);
    expect(suggestedQuantity({ packSize: 6, minOrderQuantity: 8 })).toBe(12);
    expect(suggestedQuantity({ packSize: 25, minOrderQuantity: 1 })).toBe(25);
    expect(suggestedQuantity({ packSize: 1, minOrderQuantity: 1 })).toBe(1);
  });

  it('warns of a quantity that is not whole packs, or below the minimum', () => {
    const terms = { packSize: 10, minOrderQuantity: 20 };
    expect(orderingWarning(30, terms)).toBeNull();
    expect(orderingWarning(25, terms)).toBe('Not whole packs of 10: 2 packs and 5 over.');
    expect(orderingWarning(10, terms)).toBe("Below the supplier's minimum of 20.");
    expect(orderingWarning(7, { packSize: 1, minOrderQuantity: 1 })).toBeNull();
  });

  it('says the pack and the minimum, when there are any', () => {
    expect(termsHint({ packSize: 10, minOrderQuantity: 20 })).toBe('Packs of 10, at least 20');
    expect(termsHint({ packSize: 1, minOrderQuantity: 4 })).toBe('At least 4');
    expect(termsHint({ packSize: 1, minOrderQuantity: 1 })).toBeNull();
  });
});
