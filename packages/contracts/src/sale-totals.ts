import type { TaxRounding } from './features/merchants';

/**
 * A register sale's amounts from its lines: discounts, tax per rate, totals. The register shows these
 * figures while the cart is built and the server records the same ones, computed by this one function,
 * so what the customer saw is what the receipt says.
 *
 * The rule, stated once:
 * - Amounts are integers in the shop's minor units; a line's amount is quantity × unit price less its
 *   own discount, less its share of the cart's discount. The cart's discount is shared over the lines in
 *   proportion to their amounts, remainders going to the largest fractions first (then the earlier
 *   line), so the shares add up to it exactly.
 * - Prices include tax (`pricesIncludeTax`): the line's amount is what the customer pays and its tax is
 *   amount × rate ÷ (1 + rate). Otherwise the tax is amount × rate and is added on top.
 * - Tax is rounded half away from zero: on each line (`taxRounding: 'line'`), or once per rate on the
 *   sum of that rate's lines (`'total'`), the rate's tax then shared over its lines as the cart discount is.
 * - Arithmetic is exact (BigInt), so no amount depends on floating point.
 */

export interface SaleLineInput {
  quantity: number;
  unitPriceMinor: number;
  /** Taken off this line's quantity × unit price; 0 for none. */
  discountMinor: number;
  taxRate: { id: string; name: string; ratePpm: number } | null;
}

export interface SaleLineTotals {
  /** quantity × unit price. */
  grossMinor: number;
  discountMinor: number;
  cartDiscountMinor: number;
  /** What the line comes to after both discounts, in the shop's price convention (with or without tax). */
  amountMinor: number;
  taxMinor: number;
  /** The line's amount without its tax. */
  netMinor: number;
}

export interface SaleTaxTotals {
  taxRate: { id: string; name: string; ratePpm: number } | null;
  netMinor: number;
  taxMinor: number;
  /** net + tax: what the customer paid at this rate. */
  grossMinor: number;
}

export interface SaleTotals {
  lines: SaleLineTotals[];
  /** One entry per rate used (no tax, null, first), in order of rate then name. */
  taxes: SaleTaxTotals[];
  /** Σ quantity × unit price. */
  grossMinor: number;
  /** Line discounts and the cart's discount together. */
  discountMinor: number;
  taxMinor: number;
  /** What the customer pays. */
  totalMinor: number;
}

const MILLION = 1_000_000n;

/** a ÷ b rounded half away from zero; b > 0. */
export function divideRounded(a: bigint, b: bigint): bigint {
  const magnitude = ((a < 0n ? -a : a) * 2n + b) / (2n * b);
  return a < 0n ? -magnitude : magnitude;
}

/**
 * `total` shared over `weights` in proportion, each share an integer, the shares adding up to `total`:
 * each gets the floor of its exact share, and what is left goes one unit at a time to the largest
 * remainders (the earlier on a tie). Signs follow `total`; weights are taken by magnitude.
 */
export function shareInProportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, weight) => a + BigInt(Math.abs(weight)), 0n);
  if (sum === 0n || total === 0) {
    return weights.map(() => 0);
  }
  const magnitude = BigInt(Math.abs(total));
  const exact = weights.map((weight) => magnitude * BigInt(Math.abs(weight)));
  const shares = exact.map((part) => part / sum);
  let left = magnitude - shares.reduce((a, share) => a + share, 0n);
  const byRemainder = exact
    .map((part, index) => ({ index, remainder: part % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0n) {
      break;
    }
    shares[index]! += 1n;
    left -= 1n;
  }
  const sign = total < 0 ? -1 : 1;
  return shares.map((share) => sign * Number(share));
}

/** The tax in `amount` (prices with tax) or on `amount` (prices without), rounded half away from zero. */
function taxOf(amount: number, ratePpm: number, pricesIncludeTax: boolean): number {
  const rate = BigInt(ratePpm);
  return Number(
    pricesIncludeTax
      ? divideRounded(BigInt(amount) * rate, MILLION + rate)
      : divideRounded(BigInt(amount) * rate, MILLION),
  );
}

const rateKey = (rate: SaleLineInput['taxRate']) => (rate ? rate.id : '');

/**
 * Lines' net and tax added up per rate (no tax, null, first; then by rate and name): what a sale's or
 * an order's tax per rate says, from its lines as priced or as recorded.
 */
export function taxTotalsOf(
  lines: { taxRate: SaleLineInput['taxRate']; netMinor: number; taxMinor: number }[],
): SaleTaxTotals[] {
  const byRate = new Map<string, SaleTaxTotals>();
  for (const line of lines) {
    const entry = byRate.get(rateKey(line.taxRate)) ?? {
      taxRate: line.taxRate,
      netMinor: 0,
      taxMinor: 0,
      grossMinor: 0,
    };
    entry.netMinor += line.netMinor;
    entry.taxMinor += line.taxMinor;
    entry.grossMinor += line.netMinor + line.taxMinor;
    byRate.set(rateKey(line.taxRate), entry);
  }
  return [...byRate.values()].sort(
    (a, b) =>
      (a.taxRate?.ratePpm ?? -1) - (b.taxRate?.ratePpm ?? -1) ||
      (a.taxRate?.name ?? '').localeCompare(b.taxRate?.name ?? ''),
  );
}

export function saleTotals(
  lines: SaleLineInput[],
  cartDiscountMinor: number,
  { pricesIncludeTax, taxRounding }: { pricesIncludeTax: boolean; taxRounding: TaxRounding },
): SaleTotals {
  const gross = lines.map((line) => line.quantity * line.unitPriceMinor);
  const afterLineDiscount = lines.map(
    (line, index) => gross[index]! - Math.sign(gross[index]!) * line.discountMinor,
  );
  const cartShares = shareInProportion(
    Math.sign(afterLineDiscount.reduce((a, amount) => a + amount, 0)) * cartDiscountMinor,
    afterLineDiscount,
  );
  const amounts = afterLineDiscount.map((amount, index) => amount - cartShares[index]!);

  const taxes = new Array<number>(lines.length).fill(0);
  const byRate = new Map<string, number[]>();
  lines.forEach((line, index) =>
    byRate.set(rateKey(line.taxRate), [...(byRate.get(rateKey(line.taxRate)) ?? []), index]),
  );
  for (const indexes of byRate.values()) {
    const ratePpm = lines[indexes[0]!]!.taxRate?.ratePpm ?? 0;
    if (taxRounding === 'line') {
      indexes.forEach((index) => (taxes[index] = taxOf(amounts[index]!, ratePpm, pricesIncludeTax)));
    } else {
      const rateTax = taxOf(
        indexes.reduce((a, index) => a + amounts[index]!, 0),
        ratePpm,
        pricesIncludeTax,
      );
      const shares = shareInProportion(
        rateTax,
        indexes.map((index) => amounts[index]!),
      );
      indexes.forEach((index, position) => (taxes[index] = shares[position]!));
    }
  }

  const lineTotals = lines.map((line, index) => ({
    grossMinor: gross[index]!,
    discountMinor: line.discountMinor,
    cartDiscountMinor: Math.abs(cartShares[index]!),
    amountMinor: amounts[index]!,
    taxMinor: taxes[index]!,
    netMinor: pricesIncludeTax ? amounts[index]! - taxes[index]! : amounts[index]!,
  }));
  const rateTotals = taxTotalsOf(
    lines.map((line, index) => ({ taxRate: line.taxRate, ...lineTotals[index]! })),
  );
  const amountTotal = amounts.reduce((a, amount) => a + amount, 0);
  const taxMinor = taxes.reduce((a, tax) => a + tax, 0);
  return {
    lines: lineTotals,
    taxes: rateTotals,
    grossMinor: gross.reduce((a, amount) => a + amount, 0),
    discountMinor: lineTotals.reduce((a, line) => a + line.discountMinor + line.cartDiscountMinor, 0),
    taxMinor,
    totalMinor: pricesIncludeTax ? amountTotal : amountTotal + taxMinor,
  };
}

/**
 * Whether payments settle a sale of `totalMinor`, and the change: only cash is ever given back, so
 * other methods together may not pay more than is due, and cash no more than what leaves change from
 * it. `problem` says, as a sentence for the cashier, why they do not settle it; null when they do.
 */
export function settleTenders(
  totalMinor: number,
  tenders: { method: string; amountMinor: number }[],
): { paidMinor: number; changeMinor: number; dueMinor: number; problem: string | null } {
  const paidMinor = tenders.reduce((sum, tender) => sum + tender.amountMinor, 0);
  const cashMinor = tenders.reduce(
    (sum, tender) => sum + (tender.method === 'cash' ? tender.amountMinor : 0),
    0,
  );
  const dueMinor = Math.max(totalMinor - paidMinor, 0);
  const changeMinor = Math.max(paidMinor - totalMinor, 0);
  let problem: string | null = null;
  if (paidMinor - cashMinor > totalMinor) {
    problem = 'Only cash gives change: card and store credit payments cannot come to more than what is due.';
  } else if (dueMinor > 0) {
    problem = 'The payments do not cover the total yet.';
  } else if (cashMinor > 0 && changeMinor >= cashMinor) {
    problem = 'The other payments already cover the total: take the cash payment off.';
  }
  return { paidMinor, changeMinor, dueMinor, problem };
}

/** A sold line's recorded figures, as a return shares them out. */
export interface SoldLineFigures {
  quantity: number;
  discountMinor: number;
  cartDiscountMinor: number;
  amountMinor: number;
  taxMinor: number;
  netMinor: number;
}

/**
 * What returning `quantity` of a sold line gives back, each figure negative: its part of what the line
 * was recorded at (after both discounts, with the tax it carried), not the price today. Parts are taken
 * cumulatively — the first `returnedBefore + quantity` units' share less the first `returnedBefore`
 * units' share, each rounded half away from zero — so returning a line in several goes gives back
 * exactly what it was sold for, never a cent more.
 */
export function returnedLineFigures(
  sold: SoldLineFigures,
  returnedBefore: number,
  quantity: number,
  pricesIncludeTax: boolean,
): Omit<SoldLineFigures, 'quantity'> {
  const upTo = (value: number, units: number) =>
    divideRounded(BigInt(value) * BigInt(units), BigInt(sold.quantity));
  const part = (value: number) =>
    Number(upTo(value, returnedBefore) - upTo(value, returnedBefore + quantity));
  const amountMinor = part(sold.amountMinor);
  const taxMinor = part(sold.taxMinor);
  return {
    discountMinor: part(sold.discountMinor),
    cartDiscountMinor: part(sold.cartDiscountMinor),
    amountMinor,
    taxMinor,
    // From the two parts, not shared on its own: amount = net + tax holds on every return line.
    netMinor: pricesIncludeTax ? amountMinor - taxMinor : amountMinor,
  };
}

/** What a line's figures come to for the customer: its amount, with its tax when prices exclude it. */
export const lineTotalMinor = (line: { amountMinor: number; taxMinor: number }, pricesIncludeTax: boolean) =>
  pricesIncludeTax ? line.amountMinor : line.amountMinor + line.taxMinor;

/** What a refund may always go back by, whatever the sale was paid by: cash, and the customer's store credit. */
const ALWAYS_REFUNDABLE = new Set(['cash', 'store_credit']);

/**
 * Whether refunds settle a return of `totalMinor` (positive): they add up to it exactly (a refund gives no
 * change), and, against a receipt, each card refund gives back at most what is `refundable` to it — what
 * the sale paid by card less earlier refunds. Cash and store credit can always be chosen. A sentence for
 * the cashier, or null when they settle it; it offers store credit instead when the return `hasCustomer`.
 */
export function refundProblem(
  totalMinor: number,
  refunds: { method: string; amountMinor: number }[],
  refundable: { method: string; amountMinor: number }[] | null,
  describe: (amountMinor: number) => string,
  hasCustomer = false,
): string | null {
  const instead = hasCustomer ? 'in cash or to store credit' : 'in cash';
  const paidMinor = refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
  if (paidMinor !== totalMinor) {
    return paidMinor < totalMinor
      ? `The refunds come to ${describe(paidMinor)}, less than the ${describe(totalMinor)} returned: refund the rest.`
      : `The refunds come to ${describe(paidMinor)}, more than the ${describe(totalMinor)} returned.`;
  }
  for (const method of new Set(refunds.map((refund) => refund.method))) {
    if (ALWAYS_REFUNDABLE.has(method) || !refundable) {
      continue;
    }
    const wanted = refunds.reduce(
      (sum, refund) => sum + (refund.method === method ? refund.amountMinor : 0),
      0,
    );
    const left = refundable.find((entry) => entry.method === method)?.amountMinor ?? 0;
    if (wanted > left) {
      return left === 0
        ? `Nothing can go back by ${method}: the sale was not paid that way, or it was refunded already. Refund ${instead}.`
        : `At most ${describe(left)} can go back by ${method}, what the sale paid that way less earlier refunds: refund the rest ${instead}.`;
    }
  }
  return null;
}
