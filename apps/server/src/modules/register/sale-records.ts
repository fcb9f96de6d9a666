import { receiptNumber, taxTotalsOf, type Sale } from '@myb/contracts';
import { badRequest } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { NewSale, SaleLineRow, SaleRow, SaleTenderRow } from './sales.repository';

/** What every sale and return records about where, by whom and as what it was sent. */
export function saleHead(
  { shop, actor }: ShopCaller,
  register: { id: string; receipt_prefix: string; next_receipt: number },
  request: { id: string; shiftId: string },
  digest: string,
) {
  return {
    id: request.id,
    merchantId: shop.id,
    registerId: register.id,
    shiftId: request.shiftId,
    receiptNumber: receiptNumber(register.receipt_prefix, register.next_receipt),
    cashierId: actor.userId,
    currency: shop.currency,
    requestDigest: digest,
    approvedBy: null as NewSale['approvedBy'],
    customer: null as NewSale['customer'],
  };
}

/** 400 naming each line whose product (or sold line) `isKnown` does not find, with the sentence given. */
export function refuseUnknownLines<Line>(
  lines: Line[],
  isKnown: (line: Line) => boolean,
  field: string,
  { message, issue }: { message: string; issue: string },
) {
  const unknown = lines.flatMap((line, index) =>
    isKnown(line) ? [] : [{ path: `body.lines.${index}.${field}`, message: issue }],
  );
  if (unknown.length > 0) {
    throw badRequest(message, unknown);
  }
}

/** The tax rate a sold line or a locked product carries, as a sale names it. */
export const rateOf = (row: {
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
}) =>
  row.tax_rate_id === null
    ? null
    : { id: row.tax_rate_id, name: row.tax_rate_name ?? '', ratePpm: row.tax_rate_ppm ?? 0 };

/** A sale as recorded, from its rows: what `answerOf` answers with, read back. */
export function recordedSale(row: SaleRow, lines: SaleLineRow[], tenders: SaleTenderRow[]): NewSale {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    registerId: row.register_id,
    shiftId: row.shift_id,
    receiptNumber: row.receipt_number,
    cashierId: row.cashier_id,
    currency: row.currency,
    pricesIncludeTax: row.prices_include_tax,
    grossMinor: row.gross_minor,
    discountMinor: row.discount_minor,
    taxMinor: row.tax_minor,
    totalMinor: row.total_minor,
    changeMinor: row.change_minor,
    requestDigest: row.request_digest,
    approvedBy: row.approved_by ? { id: row.approved_by, name: row.approver_name ?? '' } : null,
    customer: row.customer_id ? { id: row.customer_id, name: row.customer_name ?? '' } : null,
    kind: row.kind,
    returnOf: row.return_of ? { id: row.return_of, receiptNumber: row.return_of_receipt ?? '' } : null,
    returnReason: row.return_reason,
    lines: lines.map((line) => ({
      productId: line.product_id,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPriceMinor: line.unit_price_minor,
      discountMinor: line.discount_minor,
      cartDiscountMinor: line.cart_discount_minor,
      amountMinor: line.amount_minor,
      taxRate: rateOf(line),
      taxMinor: line.tax_minor,
      netMinor: line.net_minor,
      returnedPosition: line.returned_position,
      restock: line.restock,
    })),
    tenders: tenders.map((tender) => ({
      method: tender.method,
      amountMinor: tender.amount_minor,
      reference: tender.reference,
    })),
  };
}

/**
 * The answer for a sale or return: built from what was just recorded, or from its rows read back
 * (`recordedSale`) for a retry or a reprint, so both answers are one. Its tax per rate adds up its
 * lines' recorded figures (`taxTotalsOf`, as an order's).
 */
export function answerOf(
  sale: NewSale,
  { registerName, cashierName, createdAt }: { registerName: string; cashierName: string; createdAt: Date },
): Sale {
  return {
    id: sale.id,
    kind: sale.kind,
    receiptNumber: sale.receiptNumber,
    returnOf: sale.returnOf,
    returnReason: sale.returnReason,
    register: { id: sale.registerId, name: registerName },
    shiftId: sale.shiftId,
    cashier: { id: sale.cashierId, name: cashierName },
    approvedBy: sale.approvedBy,
    customer: sale.customer,
    createdAt: createdAt.toISOString(),
    currency: sale.currency,
    pricesIncludeTax: sale.pricesIncludeTax,
    lines: sale.lines.map((line, index) => ({
      position: index + 1,
      product: { id: line.productId, sku: line.sku, name: line.name },
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.discountMinor,
      cartDiscountMinor: line.cartDiscountMinor,
      amountMinor: line.amountMinor,
      taxRate: line.taxRate,
      taxMinor: line.taxMinor,
      netMinor: line.netMinor,
      returnedPosition: line.returnedPosition,
      restock: line.restock,
    })),
    taxes: taxTotalsOf(sale.lines),
    grossMinor: sale.grossMinor,
    discountMinor: sale.discountMinor,
    taxMinor: sale.taxMinor,
    totalMinor: sale.totalMinor,
    tenders: sale.tenders,
    changeMinor: sale.changeMinor,
  };
}
