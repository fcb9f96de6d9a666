import { describe, expect, it } from 'vitest';
import { quickCashAmounts, tenderProblem, tenderSummary } from './tenders';

describe('payments at the counter', () => {
  it('are covered once they reach the total, cash giving change', () => {
    expect(tenderSummary(4110, [])).toEqual({
      paidMinor: 0,
      leftMinor: 4110,
      changeMinor: 0,
      covered: false,
      problem: 'The payments do not cover the total yet.',
    });
    expect(tenderSummary(4110, [{ method: 'card', amountMinor: 2000 }])).toEqual({
      paidMinor: 2000,
      leftMinor: 2110,
      changeMinor: 0,
      covered: false,
      problem: 'The payments do not cover the total yet.',
    });
    expect(
      tenderSummary(4110, [
        { method: 'card', amountMinor: 2000 },
        { method: 'cash', amountMinor: 5000 },
      ]),
    ).toEqual({ paidMinor: 7000, leftMinor: 0, changeMinor: 2890, covered: true, problem: null });
    // A sale that comes to nothing needs no payment.
    expect(tenderSummary(0, []).covered).toBe(true);
  });

  it('never give change from a card', () => {
    expect(tenderSummary(1000, [{ method: 'card', amountMinor: 1500 }]).covered).toBe(false);
    // Cash handed back whole, or change larger than the cash, would come from the card.
    expect(
      tenderSummary(1000, [
        { method: 'card', amountMinor: 1000 },
        { method: 'cash', amountMinor: 50 },
      ]).covered,
    ).toBe(false);
    expect(
      tenderSummary(1000, [
        { method: 'card', amountMinor: 900 },
        { method: 'cash', amountMinor: 50 },
        { method: 'card', amountMinor: 900 },
      ]).covered,
    ).toBe(false);
  });

  it('say why a payment cannot be added', () => {
    const card = { method: 'card', amountMinor: 5000 } as const;
    expect(tenderProblem(4110, [], card, 'EUR')).toBe(
      'A card pays at most what is left, €41.10: only cash may be more, and gets change.',
    );
    expect(tenderProblem(4110, [], { method: 'cash', amountMinor: 5000 }, 'EUR')).toBeNull();
    expect(tenderProblem(4110, [], { method: 'cash', amountMinor: 0 }, 'EUR')).toBe(
      'Enter an amount above 0.',
    );
    expect(tenderProblem(4110, [{ method: 'cash', amountMinor: 4110 }], card, 'EUR')).toBe(
      'The sale is paid: nothing is left to pay.',
    );
  });

  it('offer the exact amount, the next whole unit and the next notes', () => {
    expect(quickCashAmounts(2110, 'EUR')).toEqual([2110, 2200, 5000, 10_000]);
    expect(quickCashAmounts(2000, 'EUR')).toEqual([2000, 5000, 10_000, 20_000]);
    expect(quickCashAmounts(1250, 'JPY')).toEqual([1250, 2000, 5000, 10_000]);
    expect(quickCashAmounts(0, 'EUR')).toEqual([]);
  });
});
