import { createHash } from 'node:crypto';
import {
  formatMoney,
  MAX_PRICE_MINOR,
  receiptNumber,
  saleTotals,
  settleTenders,
  taxTotalsOf,
  type Sale,
  type SaleLineInput,
  type SaleRequest,
  type EmailReceipt,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors';
import type { Database } from '../../db/schema';
import { badRequest, conflict, DomainError, notFound } from '../../http/errors';
import type { AccountMailer } from '../auth/account-mailer';
import type { ShopCaller } from '../access/access';
import { receiptEmail } from './receipt-email';
import type { RegistersRepository } from './registers.repository';
import { lockRegisterForSale } from './registers.service';
import type { NewSale, SaleProductRow, SaleRow, SalesRepository } from './sales.repository';

/** What identifies the sale as sent: the same id with another digest is another sale. */
const digestOf = (registerId: string, body: SaleRequest) =>
  createHash('sha256')
    .update(JSON.stringify({ registerId, ...body }))
    .digest('base64url');

/** The sale's lines at the locked products' prices and rates; 400 naming each line that is not the shop's product on sale. */
function pricedLines(body: SaleRequest, products: SaleProductRow[]): SaleLineInput[] {
  const byId = new Map(products.map((product) => [product.id, product]));
  const unknown = body.lines.flatMap((line, index) =>
    byId.has(line.productId)
      ? []
      : [{ path: `body.lines.${index}.productId`, message: 'Not a product of this shop.' }],
  );
  if (unknown.length > 0) {
    throw badRequest("Some lines are not this shop's products: take them off the sale.", unknown);
  }
  const archived = products.filter((product) => product.archived_at);
  if (archived.length > 0) {
    throw conflict(
      `${archived.map((product) => product.name).join(', ')} ${archived.length === 1 ? 'is' : 'are'} no longer on sale: take ${archived.length === 1 ? 'it' : 'them'} off the sale.`,
    );
  }
  return body.lines.map((line, index) => {
    const product = byId.get(line.productId)!;
    const gross = product.price_minor * line.quantity;
    if (gross > MAX_PRICE_MINOR) {
      throw badRequest('A line may come to at most 100,000,000.00: split it into several sales.', [
        { path: `body.lines.${index}.quantity`, message: 'The line comes to too much.' },
      ]);
    }
    if (line.discountMinor > gross) {
      throw badRequest(`The discount on ${product.name} is more than the line comes to.`, [
        { path: `body.lines.${index}.discountMinor`, message: 'More than the line comes to.' },
      ]);
    }
    return {
      quantity: line.quantity,
      unitPriceMinor: product.price_minor,
      discountMinor: line.discountMinor,
      taxRate:
        product.tax_rate_id === null
          ? null
          : {
              id: product.tax_rate_id,
              name: product.tax_rate_name ?? '',
              ratePpm: product.tax_rate_ppm ?? 0,
            },
    };
  });
}

/** 409 naming each product the sale takes more of than is in stock now. */
function checkStock(body: SaleRequest, products: SaleProductRow[]) {
  const wanted = new Map<string, number>();
  for (const line of body.lines) {
    wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
  }
  const short = products.filter((product) => (wanted.get(product.id) ?? 0) > product.stock);
  if (short.length > 0) {
    throw conflict(
      `Not enough in stock: ${short
        .map(
          (product) => `${product.name}, ${product.stock} left and the sale takes ${wanted.get(product.id)}`,
        )
        .join('; ')}. Take ${short.length === 1 ? 'it' : 'them'} off the sale or sell fewer.`,
    );
  }
}

/**
 * The answer for a sale: built from what was just recorded, or from its rows read back for a retry
 * (`toSale`), so both answers are one. Its tax per rate adds up its lines' recorded figures.
 */
function answerOf(
  sale: NewSale,
  { registerName, cashierName, createdAt }: { registerName: string; cashierName: string; createdAt: Date },
): Sale {
  return {
    id: sale.id,
    receiptNumber: sale.receiptNumber,
    register: { id: sale.registerId, name: registerName },
    shiftId: sale.shiftId,
    cashier: { id: sale.cashierId, name: cashierName },
    createdAt: createdAt.toISOString(),
    currency: sale.currency,
    pricesIncludeTax: sale.pricesIncludeTax,
    lines: sale.lines.map((line) => ({
      product: { id: line.productId, sku: line.sku, name: line.name },
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.discountMinor,
      cartDiscountMinor: line.cartDiscountMinor,
      amountMinor: line.amountMinor,
      taxRate: line.taxRate,
      taxMinor: line.taxMinor,
      netMinor: line.netMinor,
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

export function createSalesService(
  db: Kysely<Database>,
  {
    sales,
    registers,
    mailer,
  }: { sales: SalesRepository; registers: RegistersRepository; mailer: AccountMailer },
) {
  /** A sale as recorded, read back: the answer `answerOf` gives, from the rows. */
  async function toSale(repository: SalesRepository, row: SaleRow): Promise<Sale> {
    const [lines, tenders] = await Promise.all([repository.lines(row.id), repository.tenders(row.id)]);
    return answerOf(
      {
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
        lines: lines.map((line) => ({
          productId: line.product_id,
          sku: line.sku,
          name: line.name,
          quantity: line.quantity,
          unitPriceMinor: line.unit_price_minor,
          discountMinor: line.discount_minor,
          cartDiscountMinor: line.cart_discount_minor,
          amountMinor: line.amount_minor,
          taxRate:
            line.tax_rate_id === null
              ? null
              : { id: line.tax_rate_id, name: line.tax_rate_name ?? '', ratePpm: line.tax_rate_ppm ?? 0 },
          taxMinor: line.tax_minor,
          netMinor: line.net_minor,
        })),
        tenders: tenders.map((tender) => ({
          method: tender.method,
          amountMinor: tender.amount_minor,
          reference: tender.reference,
        })),
      },
      { registerName: row.register_name, cashierName: row.cashier_name, createdAt: row.created_at },
    );
  }

  async function saleOf(merchantId: string, saleId: string): Promise<Sale> {
    const row = await sales.find(saleId);
    if (!row || row.merchant_id !== merchantId) {
      throw notFound('sale');
    }
    return toSale(sales, row);
  }

  /** The sale already recorded with this id, as answered the first time; 409 if it was another sale. */
  async function recorded({ shop }: ShopCaller, saleId: string, digest: string): Promise<Sale | null> {
    const row = await sales.find(saleId);
    if (!row) {
      return null;
    }
    if (row.merchant_id !== shop.id || row.request_digest !== digest) {
      throw conflict('This sale id belongs to another sale: the register makes a new id for each sale.', [
        { path: 'body.id', message: 'Already used for another sale.' },
      ]);
    }
    return toSale(sales, row);
  }

  return {
    /**
     * Records a sale paid at the register, in one transaction: the register locked (its receipts are
     * numbered in turn), its open shift checked, the products locked, priced and taxed as they are now,
     * the total compared with the one the customer was shown, the payments checked, the stock taken
     * with `sale` movements. The same sale sent again answers what the first answered.
     */
    async create(caller: ShopCaller, registerId: string, body: SaleRequest): Promise<Sale> {
      const { shop, actor } = caller;
      const digest = digestOf(registerId, body);
      const settled = settleTenders(body.totalMinor, body.tenders);
      if (settled.problem) {
        throw badRequest(settled.problem, [{ path: 'body.tenders', message: settled.problem }]);
      }
      try {
        const answer = await db.transaction().execute(async (trx) => {
          const repository = sales.within(trx);
          const register = await lockRegisterForSale(registers.within(trx), shop, {
            registerId,
            shiftId: body.shiftId,
            saleId: body.id,
            cashierId: actor.userId,
          });
          if (register.recorded) {
            // Sent again: answered below with what the first recorded, even if the shift has closed since.
            return null;
          }
          const products = await repository.lockProducts(shop.id, [
            ...new Set(body.lines.map((line) => line.productId)),
          ]);
          const lines = pricedLines(body, products);
          const cartTotal = lines.reduce(
            (sum, line) => sum + line.quantity * line.unitPriceMinor - line.discountMinor,
            0,
          );
          if (body.cartDiscountMinor > cartTotal) {
            throw badRequest("The cart's discount is more than the sale comes to.", [
              { path: 'body.cartDiscountMinor', message: 'More than the sale comes to.' },
            ]);
          }
          const setting = { pricesIncludeTax: shop.prices_include_tax, taxRounding: shop.tax_rounding };
          const totals = saleTotals(lines, body.cartDiscountMinor, setting);
          if (totals.totalMinor !== body.totalMinor) {
            throw conflict(
              `Prices have changed since the sale was started: it comes to ${formatMoney(totals.totalMinor, shop.currency)} now, not ${formatMoney(body.totalMinor, shop.currency)}. Show the customer the new total and take the payment again.`,
              [{ path: 'body.totalMinor', message: 'Not the total the sale comes to now.' }],
              { totalMinor: totals.totalMinor },
            );
          }
          checkStock(body, products);
          const byId = new Map(products.map((product) => [product.id, product]));
          const sale: NewSale = {
            id: body.id,
            merchantId: shop.id,
            registerId: register.id,
            shiftId: body.shiftId,
            receiptNumber: receiptNumber(register.receipt_prefix, register.next_receipt),
            cashierId: actor.userId,
            currency: shop.currency,
            pricesIncludeTax: setting.pricesIncludeTax,
            grossMinor: totals.grossMinor,
            discountMinor: totals.discountMinor,
            taxMinor: totals.taxMinor,
            totalMinor: totals.totalMinor,
            changeMinor: settled.changeMinor,
            requestDigest: digest,
            lines: body.lines.map((line, index) => {
              const product = byId.get(line.productId)!;
              const { discountMinor, cartDiscountMinor, amountMinor, taxMinor, netMinor } =
                totals.lines[index]!;
              return {
                productId: product.id,
                sku: product.sku,
                name: product.name,
                quantity: line.quantity,
                unitPriceMinor: product.price_minor,
                taxRate: lines[index]!.taxRate,
                discountMinor,
                cartDiscountMinor,
                amountMinor,
                taxMinor,
                netMinor,
              };
            }),
            tenders: body.tenders.map((tender) => ({
              method: tender.method,
              amountMinor: tender.amountMinor,
              reference: tender.reference?.trim() || null,
            })),
          };
          const createdAt = await repository.record(sale);
          return answerOf(sale, {
            registerName: register.name,
            cashierName: register.cashier_name ?? '',
            createdAt,
          });
        });
        return answer ?? (await recorded(caller, body.id, digest))!;
      } catch (error) {
        // The same id sent at once to two registers' locks: one recorded it.
        const again = isUniqueViolation(error) && (await recorded(caller, body.id, digest));
        if (again) {
          return again;
        }
        throw error;
      }
    },

    get: ({ shop }: ShopCaller, saleId: string): Promise<Sale> => saleOf(shop.id, saleId),

    /** Sends the receipt to the address the customer gave; a transport that fails says so, and nothing is lost. */
    async emailReceipt({ shop }: ShopCaller, saleId: string, body: EmailReceipt): Promise<void> {
      const sale = await saleOf(shop.id, saleId);
      try {
        await mailer.send(receiptEmail(sale, shop, body.email));
      } catch {
        throw new DomainError(
          503,
          'The receipt could not be sent just now: try again in a moment, or print it.',
        );
      }
    },
  };
}
export type SalesService = ReturnType<typeof createSalesService>;
