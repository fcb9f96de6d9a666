import {
  can,
  formatMoney,
  lineTotalMinor,
  refundProblem,
  returnedLineFigures,
  saleTotals,
  type ReturnableSale,
  type ReturnRequest,
  type TenderMethod,
} from '@myb/contracts';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import { answerOf, rateOf, recordedSale, refuseUnknownLines, saleHead } from './sale-records';
import type { NewSale, SaleLineRow, SaleRow, SalesRepository, SaleTenderRow } from './sales.repository';

/**
 * Goods taken back at the register. A return is a sale of its own with negative lines and refunds,
 * recorded like a sale (`sales.service`'s `recordOnce`); this builds it. Against a receipt, each line
 * gives back part of what the sold line was recorded at; without one, a manager takes the goods at
 * today's prices.
 */

/** The register a return is recorded on, as `lockRegisterForSale` found it. */
interface ReturnRegister {
  id: string;
  receipt_prefix: string;
  next_receipt: number;
}

type NewLine = NewSale['lines'][number];

/** Per method, what a sale's payments may still give back: what each paid less what returns refunded. */
function refundableOf(
  tenders: SaleTenderRow[],
  changeMinor: number,
  refunded: Map<TenderMethod, number>,
): ReturnableSale['refundable'] {
  const paid = new Map<TenderMethod, number>();
  for (const tender of tenders) {
    paid.set(tender.method, (paid.get(tender.method) ?? 0) + tender.amount_minor);
  }
  if (paid.has('cash')) {
    paid.set('cash', paid.get('cash')! - changeMinor);
  }
  return [...paid].map(([method, amountMinor]) => ({
    method,
    amountMinor: Math.max(amountMinor - (refunded.get(method) ?? 0), 0),
  }));
}

/** A sale looked up by its receipt, with what of it is left to return and refund. */
export async function returnableSale(repository: SalesRepository, row: SaleRow): Promise<ReturnableSale> {
  const [lines, tenders, returned, refunded, returns] = await Promise.all([
    repository.lines(row.id),
    repository.tenders(row.id),
    repository.returnedQuantities(row.id),
    repository.refundedAmounts(row.id),
    repository.returnsOf(row.id),
  ]);
  return {
    sale: answerOf(recordedSale(row, lines, tenders), {
      registerName: row.register_name,
      cashierName: row.cashier_name,
      createdAt: row.created_at,
    }),
    lines: lines.map((line) => {
      const returnedQuantity = row.kind === 'return' ? 0 : (returned.get(line.position) ?? 0);
      return {
        position: line.position,
        returnedQuantity,
        returnableQuantity: row.kind === 'return' ? 0 : line.quantity - returnedQuantity,
      };
    }),
    refundable: row.kind === 'return' ? [] : refundableOf(tenders, row.change_minor, refunded),
    returns: returns.map((entry) => ({
      id: entry.id,
      receiptNumber: entry.receipt_number,
      createdAt: entry.created_at.toISOString(),
      totalMinor: entry.total_minor,
    })),
  };
}

/** The lines a return gives back of sold lines, each at its part of the recorded figures; 400/409 naming what is wrong. */
function returnedLines(
  body: ReturnRequest,
  sold: SaleLineRow[],
  returned: Map<number, number>,
  pricesIncludeTax: boolean,
): NewLine[] {
  const byPosition = new Map(sold.map((line) => [line.position, line]));
  refuseUnknownLines(body.lines, (line) => byPosition.has(line.position!), 'position', {
    message: "Some lines are not on the sale's receipt: return the lines as it shows them.",
    issue: 'The sale has no such line.',
  });
  const returning = new Map<number, number>();
  for (const line of body.lines) {
    returning.set(line.position!, (returning.get(line.position!) ?? 0) + line.quantity);
  }
  const tooMany = [...returning].flatMap(([position, quantity]) => {
    const { name, quantity: soldQuantity } = byPosition.get(position)!;
    const already = returned.get(position) ?? 0;
    if (quantity <= soldQuantity - already) {
      return [];
    }
    return already === 0
      ? [`${name}, ${soldQuantity} sold, not ${quantity}`]
      : [
          `${name}, ${soldQuantity} sold and ${already} returned already, so ${soldQuantity - already} left, not ${quantity}`,
        ];
  });
  if (tooMany.length > 0) {
    throw conflict(`More comes back than is left to return: ${tooMany.join('; ')}.`);
  }
  // Each line's part follows what earlier returns and this one's earlier lines gave back of it.
  const before = new Map(returned);
  return body.lines.map((line) => {
    const soldLine = byPosition.get(line.position!)!;
    const returnedBefore = before.get(soldLine.position) ?? 0;
    before.set(soldLine.position, returnedBefore + line.quantity);
    return {
      productId: soldLine.product_id,
      sku: soldLine.sku,
      name: soldLine.name,
      quantity: -line.quantity,
      unitPriceMinor: soldLine.unit_price_minor,
      taxRate: rateOf(soldLine),
      ...returnedLineFigures(
        {
          quantity: soldLine.quantity,
          discountMinor: soldLine.discount_minor,
          cartDiscountMinor: soldLine.cart_discount_minor,
          amountMinor: soldLine.amount_minor,
          taxMinor: soldLine.tax_minor,
          netMinor: soldLine.net_minor,
        },
        returnedBefore,
        line.quantity,
        pricesIncludeTax,
      ),
      returnedPosition: soldLine.position,
      restock: line.restock,
    };
  });
}

/** A return's head and totals from its lines: what every return records beside them. */
function returnSale(
  caller: ShopCaller,
  register: ReturnRegister,
  body: ReturnRequest,
  digest: string,
  lines: NewLine[],
  { pricesIncludeTax, returnOf: original }: { pricesIncludeTax: boolean; returnOf: NewSale['returnOf'] },
): NewSale {
  const sum = (pick: (line: NewLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  return {
    ...saleHead(caller, register, body, digest),
    pricesIncludeTax,
    grossMinor: sum((line) => line.quantity * line.unitPriceMinor),
    discountMinor: sum((line) => line.discountMinor + line.cartDiscountMinor),
    taxMinor: sum((line) => line.taxMinor),
    totalMinor: sum((line) => lineTotalMinor(line, pricesIncludeTax)),
    changeMinor: 0,
    kind: 'return',
    returnOf: original,
    returnReason: body.reason,
    lines,
    tenders: body.refunds.map((refund) => ({
      method: refund.method,
      amountMinor: -refund.amountMinor,
      reference: refund.reference?.trim() || null,
    })),
  };
}

/** 409 when the refund the customer was told is not what the return comes to; 400 when the refunds do not settle it. */
function checkRefunds(
  { shop }: ShopCaller,
  body: ReturnRequest,
  sale: NewSale,
  refundable: ReturnableSale['refundable'] | null,
  hasCustomer: boolean,
) {
  const describe = (amountMinor: number) => formatMoney(amountMinor, shop.currency);
  if (-sale.totalMinor !== body.totalMinor) {
    throw conflict(
      `The return comes to ${describe(-sale.totalMinor)}, not ${describe(body.totalMinor)}: tell the customer the refund and take it again.`,
      [{ path: 'body.totalMinor', message: 'Not what the return comes to.' }],
      { totalMinor: -sale.totalMinor },
    );
  }
  const problem = refundProblem(body.totalMinor, body.refunds, refundable, describe, hasCustomer);
  if (problem) {
    throw badRequest(problem, [{ path: 'body.refunds', message: problem }]);
  }
}

/**
 * Builds a return against the sale `body.saleId` names, its row locked (two returns of one receipt take
 * their turn): never more of a line than is left of it, refunds by the sale's payments or cash, and never
 * a return of a return.
 */
export async function returnAgainstReceipt(
  caller: ShopCaller,
  repository: SalesRepository,
  register: ReturnRegister,
  body: ReturnRequest,
  digest: string,
): Promise<NewSale> {
  const original = await repository.lockReturned(caller.shop.id, body.saleId!);
  if (!original) {
    throw notFound('sale');
  }
  if (original.kind === 'return') {
    throw conflict(
      `${original.receipt_number} is a return's receipt, and a return cannot be returned: look up the sale's own receipt.`,
    );
  }
  const [sold, tenders, returned, refunded] = await Promise.all([
    repository.lines(original.id),
    repository.tenders(original.id),
    repository.returnedQuantities(original.id),
    repository.refundedAmounts(original.id),
  ]);
  const lines = returnedLines(body, sold, returned, original.prices_include_tax);
  const sale = returnSale(caller, register, body, digest, lines, {
    pricesIncludeTax: original.prices_include_tax,
    returnOf: { id: original.id, receiptNumber: original.receipt_number },
  });
  checkRefunds(
    caller,
    body,
    sale,
    refundableOf(tenders, original.change_minor, refunded),
    Boolean(body.customerId ?? original.customer_id),
  );
  await repository.lockProducts(caller.shop.id, [
    ...new Set(lines.filter((line) => line.restock).map((line) => line.productId)),
  ]);
  // The sale's customer brings it back, unless the return names another.
  return { ...sale, customer: original.customer_id ? { id: original.customer_id, name: '' } : null };
}

/** Builds a return without a receipt: a manager's to take, at the products' prices and rates today. */
export async function returnWithoutReceipt(
  caller: ShopCaller,
  repository: SalesRepository,
  register: ReturnRegister,
  body: ReturnRequest,
  digest: string,
): Promise<NewSale> {
  if (!can(caller.role, 'registerApproval')) {
    throw forbidden(
      'A return without its receipt needs a manager: ask one to take it, or find the sale by its receipt number.',
    );
  }
  const products = await repository.lockProducts(caller.shop.id, [
    ...new Set(body.lines.map((line) => line.productId!)),
  ]);
  const byId = new Map(products.map((product) => [product.id, product]));
  refuseUnknownLines(body.lines, (line) => byId.has(line.productId!), 'productId', {
    message: "Some lines are not this shop's products: take them off the return.",
    issue: 'Not a product of this shop.',
  });
  const pricesIncludeTax = caller.shop.prices_include_tax;
  const priced = body.lines.map((line) => {
    const product = byId.get(line.productId!)!;
    return {
      product,
      line,
      input: {
        quantity: -line.quantity,
        unitPriceMinor: product.price_minor,
        discountMinor: 0,
        taxRate: rateOf(product),
      },
    };
  });
  const totals = saleTotals(
    priced.map((entry) => entry.input),
    0,
    { pricesIncludeTax, taxRounding: caller.shop.tax_rounding },
  );
  const lines = priced.map(({ product, line, input }, index): NewLine => {
    const { discountMinor, cartDiscountMinor, amountMinor, taxMinor, netMinor } = totals.lines[index]!;
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: input.quantity,
      unitPriceMinor: input.unitPriceMinor,
      taxRate: input.taxRate,
      discountMinor,
      cartDiscountMinor,
      amountMinor,
      taxMinor,
      netMinor,
      returnedPosition: null,
      restock: line.restock,
    };
  });
  const sale = returnSale(caller, register, body, digest, lines, { pricesIncludeTax, returnOf: null });
  checkRefunds(caller, body, sale, null, body.customerId !== undefined);
  return sale;
}
