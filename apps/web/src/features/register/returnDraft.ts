import {
  formatMoney,
  lineTotalMinor,
  MAX_LINE_QUANTITY,
  MAX_SALE_LINES,
  minorToDecimal,
  refundProblem,
  returnedLineFigures,
  saleTotals,
  type CreateReturn,
  type ReturnableSale,
  type TenderMethod,
} from '@myb/contracts';
import { readMoney } from './money';
import type { RegisterProduct, RegisterTaxSettings } from './registerProducts';
import { TENDER_LABELS } from './tenders';

/**
 * What the cashier is giving back, of a sale found by its receipt or of products brought back without
 * one, and how it is refunded. Pure.
 */

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

/**
 * The methods a refund is offered by: `methods`, and store credit when the return has a customer (it can
 * always take a refund, as cash can).
 */
export function refundMethods(methods: TenderMethod[], hasCustomer: boolean): TenderMethod[] {
  return [...new Set<TenderMethod>(hasCustomer ? [...methods, 'store_credit'] : methods)];
}

/** A refund per method as typed: until the cashier changes one, what `offered` says (nothing for a method it leaves out). */
export function refundTexts(
  methods: TenderMethod[],
  offered: { method: TenderMethod; amountMinor: number }[],
  typed: Partial<Record<TenderMethod, string>>,
  currency: string,
): Record<TenderMethod, string> {
  return Object.fromEntries(
    methods.map((method) => [
      method,
      typed[method] ??
        minorToDecimal(offered.find((refund) => refund.method === method)?.amountMinor ?? 0, currency),
    ]),
  ) as Record<TenderMethod, string>;
}

/**
 * The refunds the typed amounts make (blank or zero ones left out), and why they cannot be sent, as the
 * server says it (`refundProblem`): against the receipt's `refundable`, or null without a receipt.
 */
export function readRefunds(
  texts: Partial<Record<TenderMethod, string>>,
  totalMinor: number,
  refundable: ReturnableSale['refundable'] | null,
  currency: string,
): { refunds: { method: TenderMethod; amountMinor: number }[]; problem: string | null } {
  // Store credit is offered only to a return with a customer.
  const hasCustomer = 'store_credit' in texts;
  const entries = Object.entries(texts) as [TenderMethod, string][];
  const refunds = entries.flatMap(([method, text]) => {
    const read = readMoney(text, currency, { blank: '0' });
    return read.ok && read.value > 0 ? [{ method, amountMinor: read.value }] : [];
  });
  const unreadable = entries.find(([, text]) => text.trim() !== '' && !readMoney(text, currency).ok);
  const problem = unreadable
    ? `The ${TENDER_LABELS[unreadable[0]].toLowerCase()} refund is not an amount.`
    : refundProblem(totalMinor, refunds, refundable, (minor) => formatMoney(minor, currency), hasCustomer);
  return { refunds, problem };
}

// ---- without a receipt ------------------------------------------------------------------------

/** A product brought back without its receipt: how many, and whether they go back on the shelf. */
export interface NoReceiptLine {
  /** As the register sells it now: its price and tax rate are what the return gives back. */
  product: RegisterProduct;
  quantity: number;
  restock: boolean;
}

/**
 * One more of `product`: on its line if it has one (up to `MAX_LINE_QUANTITY`), else on a new line,
 * back on the shelf unless the cashier says otherwise. At most `MAX_SALE_LINES` lines.
 */
export function addReturned(lines: NoReceiptLine[], product: RegisterProduct): NoReceiptLine[] {
  if (lines.some((line) => line.product.id === product.id)) {
    return lines.map((line) =>
      line.product.id === product.id
        ? { ...line, quantity: Math.min(line.quantity + 1, MAX_LINE_QUANTITY) }
        : line,
    );
  }
  return lines.length >= MAX_SALE_LINES ? lines : [...lines, { product, quantity: 1, restock: true }];
}

/** The lines with each product as the live catalogue has it now (its price may have changed); one gone from it stays as it was. */
export function withCurrentProducts(
  lines: NoReceiptLine[],
  products: Map<string, RegisterProduct>,
): NoReceiptLine[] {
  return lines.map((line) => {
    const current = products.get(line.product.id);
    return current && current !== line.product ? { ...line, product: current } : line;
  });
}

/**
 * What each line and the whole give back, positive, as the server prices a return without a receipt:
 * `saleTotals` over negative lines at the products' price and rate today, under the shop's tax settings.
 */
export function noReceiptRefund(
  lines: NoReceiptLine[],
  settings: RegisterTaxSettings,
): { lineMinor: number[]; totalMinor: number } {
  const totals = saleTotals(
    lines.map((line) => ({
      quantity: -line.quantity,
      unitPriceMinor: line.product.priceMinor,
      discountMinor: 0,
      taxRate: line.product.taxRate,
    })),
    0,
    settings,
  );
  // 0 − amount rather than −amount: nothing back is 0, never −0 (which would show as −€0.00).
  return {
    lineMinor: totals.lines.map((line) => 0 - lineTotalMinor(line, settings.pricesIncludeTax)),
    totalMinor: 0 - totals.totalMinor,
  };
}

/** The lines as the return's body names them: each product by its id. */
export const noReceiptBodyLines = (lines: NoReceiptLine[]): CreateReturn['lines'] =>
  lines.map((line) => ({ productId: line.product.id, quantity: line.quantity, restock: line.restock }));
