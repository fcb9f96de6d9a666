import {
  formatMoney,
  MAX_PRICE_MINOR,
  saleTotals,
  settleTenders,
  type Sale,
  type EmailReceipt,
  type ReturnableSale,
  type ReturnRequest,
  type SaleLineInput,
  type SaleRequest,
} from '@myb/contracts';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors';
import type { Database } from '../../db/schema';
import { badRequest, conflict, DomainError, notFound } from '../../http/errors';
import type { AccountMailer } from '../auth/account-mailer';
import type { ShopCaller } from '../access/access';
import { countingWrongPins, discountApprover } from './discount-approval';
import { receiptEmail } from './receipt-email';
import type { RegisterPinsRepository } from './register-pins.repository';
import { returnableSale, returnAgainstReceipt, returnWithoutReceipt } from './returns';
import { digestOf } from '../../http/request-digest';
import { answerOf, rateOf, recordedSale, refuseUnknownLines, saleHead } from './sale-records';
import type { RegistersRepository } from './registers.repository';
import { lockRegisterForSale } from './registers.service';
import type { NewSale, SaleProductRow, SaleRow, SalesRepository } from './sales.repository';
import type { CustomersRepository } from '../customers/customers.repository';
import { notEnoughCredit } from '../customers/customers.service';

/** What a sale takes from its customer's store credit (negative), or a return's refund gives (positive). */
const storeCreditMovedBy = (sale: NewSale) =>
  -sale.tenders.reduce((sum, tender) => sum + (tender.method === 'store_credit' ? tender.amountMinor : 0), 0);

/** The sale's lines at the locked products' prices and rates; 400 naming each line that is not the shop's product on sale. */
function pricedLines(body: SaleRequest, products: SaleProductRow[]): SaleLineInput[] {
  const byId = new Map(products.map((product) => [product.id, product]));
  refuseUnknownLines(body.lines, (line) => byId.has(line.productId), 'productId', {
    message: "Some lines are not this shop's products: take them off the sale.",
    issue: 'Not a product of this shop.',
  });
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
      taxRate: rateOf(product),
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

export function createSalesService(
  db: Kysely<Database>,
  {
    sales,
    registers,
    mailer,
    pins,
    customers,
  }: {
    sales: SalesRepository;
    registers: RegistersRepository;
    mailer: AccountMailer;
    pins: RegisterPinsRepository;
    customers: CustomersRepository;
  },
) {
  /** A sale or return as recorded, read back: the answer `answerOf` gave, from the rows. */
  async function toSale(repository: SalesRepository, row: SaleRow): Promise<Sale> {
    const [lines, tenders] = await Promise.all([repository.lines(row.id), repository.tenders(row.id)]);
    return answerOf(recordedSale(row, lines, tenders), {
      registerName: row.register_name,
      cashierName: row.cashier_name,
      createdAt: row.created_at,
    });
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

  /**
   * The sale's customer — the one the request names, else the one `build` found (a return's sale's) —
   * locked when their store credit pays or is refunded. 400 for a customer the shop does not have, or
   * store credit without a customer.
   */
  async function withCustomer(
    { shop }: ShopCaller,
    trx: Kysely<Database>,
    sale: NewSale,
    customerId: string | undefined,
  ): Promise<NewSale> {
    const creditMinor = storeCreditMovedBy(sale);
    const id = customerId ?? sale.customer?.id;
    if (!id) {
      if (creditMinor !== 0) {
        throw badRequest('Store credit is the customer\'s: add the customer to the sale first.', [
          { path: 'body.customerId', message: 'Needed to pay or refund by store credit.' },
        ]);
      }
      return sale;
    }
    const customer = await customers.within(trx).find(shop.id, id, creditMinor !== 0);
    if (!customer) {
      throw badRequest('This shop has no such customer: pick the customer again.', [
        { path: 'body.customerId', message: 'Not a customer of this shop.' },
      ]);
    }
    return { ...sale, customer: { id: customer.id, name: customer.name } };
  }

  /** Moves the recorded sale's customer's store credit by what it paid or refunded with it; 409 if it falls short. */
  async function moveStoreCredit({ shop, actor }: ShopCaller, trx: Kysely<Database>, sale: NewSale) {
    const creditMinor = storeCreditMovedBy(sale);
    if (creditMinor === 0) {
      return;
    }
    const repository = customers.within(trx);
    const moved = await repository.moveCredit({
      id: randomUUID(),
      merchantId: shop.id,
      customerId: sale.customer!.id,
      kind: sale.kind === 'sale' ? 'sale' : 'refund',
      amountMinor: creditMinor,
      saleId: sale.id,
      reason: null,
      by: actor.userId,
      requestDigest: null,
    });
    if (!moved) {
      throw notEnoughCredit((await repository.find(shop.id, sale.customer!.id))!, -creditMinor, shop.currency);
    }
  }

  /**
   * Records what `build` makes of a request (a sale or a return) once, in one transaction with its
   * register locked (its receipts are numbered in turn) and its shift checked open, with its customer
   * (`withCustomer`). The same id sent again — one after the other, or racing — answers what the first
   * recorded.
   */
  async function recordOnce(
    caller: ShopCaller,
    registerId: string,
    request: { id: string; shiftId: string; customerId?: string },
    digest: string,
    build: (
      repository: SalesRepository,
      register: Awaited<ReturnType<typeof lockRegisterForSale>>,
      trx: Kysely<Database>,
    ) => Promise<NewSale>,
  ): Promise<Sale> {
    try {
      const answer = await db.transaction().execute(async (trx) => {
        const repository = sales.within(trx);
        const register = await lockRegisterForSale(registers.within(trx), caller.shop, {
          registerId,
          shiftId: request.shiftId,
          saleId: request.id,
          cashierId: caller.actor.userId,
        });
        if (register.recorded) {
          // Sent again: answered below with what the first recorded, even if the shift has closed since.
          return null;
        }
        const built = await build(repository, register, trx);
        const sale = await withCustomer(caller, trx, built, request.customerId);
        const createdAt = await repository.record(sale);
        await moveStoreCredit(caller, trx, sale);
        return answerOf(sale, {
          registerName: register.name,
          cashierName: register.cashier_name ?? '',
          createdAt,
        });
      });
      return answer ?? (await recorded(caller, request.id, digest))!;
    } catch (error) {
      // The same id sent at once to two registers' locks: one recorded it.
      const again = isUniqueViolation(error) && (await recorded(caller, request.id, digest));
      if (again) {
        return again;
      }
      throw error;
    }
  }

  return {
    /**
     * Records a sale paid at the register, in one transaction: the register locked (its receipts are
     * numbered in turn), its open shift checked, the products locked, priced and taxed as they are now,
     * the total compared with the one the customer was shown, the payments checked, the stock taken
     * with `sale` movements. Discounts above the seller's cap need an approval (`discountApprover`). The
     * same sale sent again answers what the first answered.
     */
    async create(caller: ShopCaller, registerId: string, body: SaleRequest): Promise<Sale> {
      const { shop } = caller;
      // Who approved is part of the sale; the PIN is not (a digest of a few digits would give it away).
      const digest = digestOf(registerId, {
        ...body,
        approval: body.approval && { userId: body.approval.userId },
      });
      const settled = settleTenders(body.totalMinor, body.tenders);
      if (settled.problem) {
        throw badRequest(settled.problem, [{ path: 'body.tenders', message: settled.problem }]);
      }
      const recording = recordOnce(caller, registerId, body, digest, async (repository, register, trx) => {
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
        const approvedBy = await discountApprover(pins.within(trx), caller, totals, body.approval);
        checkStock(body, products);
        const byId = new Map(products.map((product) => [product.id, product]));
        return {
          ...saleHead(caller, register, body, digest),
          approvedBy,
          pricesIncludeTax: setting.pricesIncludeTax,
          grossMinor: totals.grossMinor,
          discountMinor: totals.discountMinor,
          taxMinor: totals.taxMinor,
          totalMinor: totals.totalMinor,
          changeMinor: settled.changeMinor,
          kind: 'sale',
          returnOf: null,
          returnReason: null,
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
              returnedPosition: null,
              restock: null,
            };
          }),
          tenders: body.tenders.map((tender) => ({
            method: tender.method,
            amountMinor: tender.amountMinor,
            reference: tender.reference?.trim() || null,
          })),
        };
      });
      return countingWrongPins(pins, recording);
    },

    /**
     * Takes goods back and refunds them, recorded as a sale of its own on this register's open shift:
     * against the receipt of the sale (`saleId`), or without one by a manager. Restocked lines give the
     * stock back with a `return` movement in the same transaction.
     */
    createReturn: (caller: ShopCaller, registerId: string, body: ReturnRequest): Promise<Sale> => {
      const digest = digestOf(registerId, body);
      return recordOnce(caller, registerId, body, digest, (repository, register) =>
        body.saleId === null
          ? returnWithoutReceipt(caller, repository, register, body, digest)
          : returnAgainstReceipt(caller, repository, register, body, digest),
      );
    },

    /** A sale found by its receipt's number, with what is left of it to return and refund. */
    async returnable({ shop }: ShopCaller, receipt: string): Promise<ReturnableSale> {
      const row = await sales.findByReceipt(shop.id, receipt);
      if (!row) {
        throw notFound(`No sale has the receipt ${receipt} in this shop: check the number on the receipt.`);
      }
      return returnableSale(sales, row);
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
