import { formatMoney, minorUnitDigits, settleTenders, type TenderMethod } from '@myb/contracts';

/** How a sale is being paid at the counter, and whether it may be completed. Pure. */

export const TENDER_LABELS: Record<TenderMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  store_credit: 'Store credit',
};

export interface Tender {
  method: TenderMethod;
  /** Handed over (cash), taken by the terminal (card) or from the customer's balance (store credit). */
  amountMinor: number;
  /** The card terminal's reference. */
  reference?: string;
}

export interface TenderSummary {
  paidMinor: number;
  /** Still to pay; 0 once covered. */
  leftMinor: number;
  /** Handed back: what cash came to beyond the total. */
  changeMinor: number;
  /** The payments settle the sale as the server will (`settleTenders`): it may be completed. */
  covered: boolean;
  /** Why they do not, once some are entered. */
  problem: string | null;
}

export function tenderSummary(totalMinor: number, tenders: Tender[]): TenderSummary {
  const settled = settleTenders(totalMinor, tenders);
  return {
    paidMinor: settled.paidMinor,
    leftMinor: settled.dueMinor,
    changeMinor: settled.changeMinor,
    covered: settled.problem === null,
    problem: settled.problem,
  };
}

/**
 * What store credit can still pay of the sale: the customer's balance less what it pays already, and no
 * more than is left to pay (it gives no change). 0 — store credit is not offered — for a sale without a
 * customer (`balanceMinor` null), a customer with nothing on their balance, or a sale paid.
 */
export function storeCreditOffer(totalMinor: number, tenders: Tender[], balanceMinor: number | null): number {
  if (balanceMinor === null) {
    return 0;
  }
  const usedMinor = tenders.reduce(
    (sum, tender) => sum + (tender.method === 'store_credit' ? tender.amountMinor : 0),
    0,
  );
  return Math.max(0, Math.min(balanceMinor - usedMinor, tenderSummary(totalMinor, tenders).leftMinor));
}

/**
 * Why `next` cannot be added to the payments so far, or null when it can; `balanceMinor` is the sale's
 * customer's store credit (null without a customer).
 */
export function tenderProblem(
  totalMinor: number,
  tenders: Tender[],
  next: Tender,
  currency: string,
  balanceMinor: number | null = null,
): string | null {
  const { leftMinor } = tenderSummary(totalMinor, tenders);
  if (leftMinor === 0) {
    return 'The sale is paid: nothing is left to pay.';
  }
  if (!Number.isInteger(next.amountMinor) || next.amountMinor <= 0) {
    return 'Enter an amount above 0.';
  }
  if (next.method === 'store_credit') {
    if (balanceMinor === null) {
      return 'Store credit is the customer’s: add the customer to the sale first.';
    }
    const offerMinor = storeCreditOffer(totalMinor, tenders, balanceMinor);
    if (next.amountMinor > offerMinor) {
      return offerMinor < leftMinor
        ? `The customer’s store credit pays at most ${formatMoney(offerMinor, currency)}: pay the rest another way.`
        : `Store credit pays at most what is left, ${formatMoney(leftMinor, currency)}: it gives no change.`;
    }
    return null;
  }
  if (next.method !== 'cash' && next.amountMinor > leftMinor) {
    return `A card pays at most what is left, ${formatMoney(leftMinor, currency)}: only cash may be more, and gets change.`;
  }
  return null;
}

/** Bank notes (and large coins) in major units, from which the quick cash buttons are chosen. */
const NOTES = [5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000];

/**
 * Amounts a customer is likely to hand over for `leftMinor`: the exact amount, the next whole unit,
 * then the next notes above it, `count` in all at most.
 */
export function quickCashAmounts(leftMinor: number, currency: string, count = 4): number[] {
  if (leftMinor <= 0) {
    return [];
  }
  const unit = 10 ** minorUnitDigits(currency);
  const amounts = [leftMinor, Math.ceil(leftMinor / unit) * unit];
  for (const note of NOTES) {
    amounts.push(note * unit);
  }
  return [...new Set(amounts.filter((amount) => amount >= leftMinor))].sort((a, b) => a - b).slice(0, count);
}
