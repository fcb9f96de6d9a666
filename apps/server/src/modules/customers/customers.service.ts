import {
  createCustomerSchema,
  formatMoney,
  updateCustomerSchema,
  type AdjustStoreCredit,
  type CreateCustomer,
  type Customer,
  type CustomerDetail,
  type StoreCreditEntry,
  type UpdateCustomer,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import { digestOf } from '../../http/request-digest';
import {
  toCustomer,
  toStoreCreditEntry,
  type CustomerRow,
  type CustomersRepository,
} from './customers.repository';

/** Purchases a customer's page lists, newest first. */
const PURCHASES_SHOWN = 100;

/** 409 when an amount would take a customer's store credit below zero, saying what they have. */
export function notEnoughCredit(customer: CustomerRow, wantedMinor: number, currency: string) {
  return conflict(
    `${customer.name} has ${formatMoney(customer.store_credit_minor, currency)} of store credit, not the ${formatMoney(wantedMinor, currency)} asked for.`,
  );
}

/**
 * A shop's customers and their store credit. A customer is never deleted; a record sent twice with
 * its id (the register's retry) is made once, and the same id with another customer is refused.
 */
export function createCustomersService(
  db: Kysely<Database>,
  { customers }: { customers: CustomersRepository },
) {
  async function customerOf(merchantId: string, customerId: string): Promise<CustomerRow> {
    const row = await customers.find(merchantId, customerId);
    if (!row) {
      throw notFound('customer');
    }
    return row;
  }

  return {
    async list({ shop }: ShopCaller, query: { q?: string; limit: number }): Promise<Customer[]> {
      return (await customers.list(shop.id, query.q || undefined, query.limit)).map(toCustomer);
    },

    async create({ shop, actor }: ShopCaller, input: CreateCustomer): Promise<Customer> {
      const fields = createCustomerSchema.parse(input);
      const digest = digestOf(shop.id, fields);
      const made = await customers.insert({
        id: fields.id,
        merchantId: shop.id,
        name: fields.name,
        email: fields.email ?? null,
        phone: fields.phone ?? null,
        note: fields.note ?? '',
        createdBy: actor.userId,
        requestDigest: digest,
      });
      if (made) {
        return toCustomer(made);
      }
      const existing = await customers.findAnywhere(fields.id);
      if (existing?.merchant_id !== shop.id || existing.request_digest !== digest) {
        throw conflict('This id belongs to another customer: make a new id for each customer.', [
          { path: 'body.id', message: 'Already used for another customer.' },
        ]);
      }
      return toCustomer(existing);
    },

    async get({ shop }: ShopCaller, customerId: string): Promise<CustomerDetail> {
      const customer = await customerOf(shop.id, customerId);
      const [purchases, credit] = await Promise.all([
        customers.purchases(customer, PURCHASES_SHOWN),
        customers.creditEntries(customer.id),
      ]);
      return {
        customer: toCustomer(customer),
        currency: shop.currency,
        purchases: purchases.map((row) => ({
          channel: row.channel,
          id: row.id,
          number: row.number,
          kind: row.kind,
          status: row.status,
          totalMinor: Number(row.total_minor),
          createdAt: new Date(row.created_at).toISOString(),
        })),
        storeCredit: credit.map(toStoreCreditEntry),
      };
    },

    async update({ shop }: ShopCaller, customerId: string, input: UpdateCustomer): Promise<Customer> {
      const fields = updateCustomerSchema.parse(input);
      const row = await customers.update(shop.id, customerId, fields);
      if (!row) {
        throw notFound('customer');
      }
      return toCustomer(row);
    },

    /** Credit given or taken back by hand, never below zero; the same id sent again answers the first. */
    async adjustCredit(
      { shop, actor }: ShopCaller,
      customerId: string,
      body: AdjustStoreCredit,
    ): Promise<StoreCreditEntry> {
      const digest = digestOf(customerId, body);
      const entryId = await db.transaction().execute(async (trx) => {
        const repository = customers.within(trx);
        const customer = await repository.find(shop.id, customerId, true);
        if (!customer) {
          throw notFound('customer');
        }
        const earlier = await repository.findEntry(body.id);
        if (earlier) {
          if (earlier.customer_id !== customer.id || earlier.request_digest !== digest) {
            throw conflict('This id belongs to another entry: make a new id for each entry.', [
              { path: 'body.id', message: 'Already used for another entry.' },
            ]);
          }
          return earlier.id;
        }
        const moved = await repository.moveCredit({
          id: body.id,
          merchantId: shop.id,
          customerId: customer.id,
          kind: 'manual',
          amountMinor: body.amountMinor,
          saleId: null,
          reason: body.reason.trim(),
          by: actor.userId,
          requestDigest: digest,
        });
        if (!moved) {
          throw notEnoughCredit(customer, -body.amountMinor, shop.currency);
        }
        return moved.id;
      });
      const [entry] = await customers.creditEntries(customerId, entryId);
      return toStoreCreditEntry(entry!);
    },
  };
}
export type CustomersService = ReturnType<typeof createCustomersService>;
