import { formatMoney, minorUnitDigits, settleTenders, type TenderMethod } from '@myb/contracts';

/** How a sale is being paid at the counter, and whether it may be completed. Pure. */

export interface Tender {
  method: TenderMethod;
  /** Handed over (cash) or taken by the terminal (card). */
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

/** Why `next` cannot be added to the payments so far, or null when it can. */
export function tenderProblem(
  totalMinor: number,
  tenders: Tender[],
  next: Tender,
  currency: string,
): string | null {
  const { leftMinor } = tenderSummary(totalMinor, tenders);
  if (leftMinor === 0) {
    return 'The sale is paid: nothing is left to pay.';
  }
  if (!Number.isInteger(next.amountMinor) || next.amountMinor <= 0) {
    return 'Enter an amount above 0.';
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
