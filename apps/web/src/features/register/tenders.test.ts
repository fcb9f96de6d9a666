import { describe, expect, it } from 'vitest';
import { quickCashAmounts, storeCreditOffer, tenderProblem, tenderSummary } from './tenders';

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

  it('offer store credit only for a customer with a balance, up to it and to what is left', () => {
    // No customer, or nothing on their balance: not offered.
    expect(storeCreditOffer(4110, [], null)).toBe(0);
    expect(storeCreditOffer(4110, [], 0)).toBe(0);
    // At most the balance, and at most what is due: it gives no change.
    expect(storeCreditOffer(4110, [], 500)).toBe(500);
    expect(storeCreditOffer(300, [], 500)).toBe(300);
    expect(storeCreditOffer(4110, [{ method: 'cash', amountMinor: 4000 }], 500)).toBe(110);
    // What it pays already comes off the balance; once the sale is paid, nothing is offered.
    expect(storeCreditOffer(4110, [{ method: 'store_credit', amountMinor: 200 }], 500)).toBe(300);
    expect(storeCreditOffer(4110, [{ method: 'store_credit', amountMinor: 500 }], 500)).toBe(0);
    expect(storeCreditOffer(400, [{ method: 'card', amountMinor: 400 }], 500)).toBe(0);
  });

  it('refuse store credit beyond the offer, saying why', () => {
    const credit = (amountMinor: number) => ({ method: 'store_credit', amountMinor }) as const;
    expect(tenderProblem(4110, [], credit(500), 'EUR', 500)).toBeNull();
    expect(tenderProblem(4110, [], credit(600), 'EUR', 500)).toBe(
      'The customer’s store credit pays at most €5.00: pay the rest another way.',
    );
    expect(tenderProblem(300, [], credit(500), 'EUR', 500)).toBe(
      'Store credit pays at most what is left, €3.00: it gives no change.',
    );
    expect(tenderProblem(4110, [], credit(100), 'EUR', null)).toBe(
      'Store credit is the customer’s: add the customer to the sale first.',
    );
    // Paid by store credit, the sale settles as the server checks it: no change from it.
    expect(tenderSummary(700, [credit(500), { method: 'cash', amountMinor: 200 }]).covered).toBe(true);
    expect(tenderSummary(700, [credit(800)]).covered).toBe(false);
  });

  it('offer the exact amount, the next whole unit and the next notes', () => {
    expect(quickCashAmounts(2110, 'EUR')).toEqual([2110, 2200, 5000, 10_000]);
    expect(quickCashAmounts(2000, 'EUR')).toEqual([2000, 5000, 10_000, 20_000]);
    expect(quickCashAmounts(1250, 'JPY')).toEqual([1250, 2000, 5000, 10_000]);
    expect(quickCashAmounts(0, 'EUR')).toEqual([]);
  });
});
