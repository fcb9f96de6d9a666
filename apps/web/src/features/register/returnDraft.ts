import { lineTotalMinor, returnedLineFigures, type ReturnableSale, type TenderMethod } from '@myb/contracts';

/** What the cashier is giving back of a sale found by its receipt, and how it is refunded. Pure. */

export interface ReturnChoice {
  /** The sold line's position on its receipt. */
  position: number;
  quantity: number;
  /** Back on the shelf; damaged goods are not. */
  restock: boolean;
}

/** What the chosen lines give back, positive, as the server works it out (`returnedLineFigures`). */
export function refundTotal(found: ReturnableSale, choices: ReturnChoice[]): number {
  const before = new Map(found.lines.map((line) => [line.position, line.returnedQuantity]));
  let totalMinor = 0;
  for (const choice of choices) {
    const sold = found.sale.lines.find((line) => line.position === choice.position);
    if (!sold || choice.quantity <= 0) {
      continue;
    }
    const returnedBefore = before.get(choice.position) ?? 0;
    before.set(choice.position, returnedBefore + choice.quantity);
    totalMinor -= lineTotalMinor(
      returnedLineFigures(sold, returnedBefore, choice.quantity, found.sale.pricesIncludeTax),
      found.sale.pricesIncludeTax,
    );
  }
  return totalMinor;
}

/**
 * The refund offered first: back by the sale's own payments other than cash, each up to what it may
 * still give back, and the rest in cash (which can always be chosen).
 */
export function defaultRefunds(
  totalMinor: number,
  refundable: ReturnableSale['refundable'],
): { method: TenderMethod; amountMinor: number }[] {
  let left = totalMinor;
  const refunds: { method: TenderMethod; amountMinor: number }[] = [];
  for (const entry of refundable) {
    if (entry.method === 'cash' || left === 0) {
      continue;
    }
    const amountMinor = Math.min(entry.amountMinor, left);
    if (amountMinor > 0) {
      refunds.push({ method: entry.method, amountMinor });
      left -= amountMinor;
    }
  }
  return left > 0 ? [...refunds, { method: 'cash', amountMinor: left }] : refunds;
}
