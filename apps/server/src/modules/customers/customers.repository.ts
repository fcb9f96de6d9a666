import type { Customer, StoreCreditEntry, StoreCreditKind } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { containing } from '../../db/like';
import { repository } from '../../db/repository';
import type { Database, ShopCustomersTable } from '../../db/schema';

export type CustomerRow = Selectable<ShopCustomersTable>;

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    note: row.note,
    hasAccount: row.user_id !== null,
    storeCreditMinor: row.store_credit_minor,
    createdAt: row.created_at.toISOString(),
  };
}

/** A change of a customer's store credit, as `moveCredit` records it. */
export interface CreditMove {
  id: string;
  merchantId: string;
  customerId: string;
  kind: StoreCreditKind;
  amountMinor: number;
  saleId: string | null;
  reason: string | null;
  by: string;
  requestDigest: string | null;
}

function customerStatements(db: Kysely<Database>) {
  return {
    /** Newest first; with `q`, those whose name, e-mail address or phone number holds it, in any case. */
    list: (merchantId: string, q: string | undefined, limit: number) =>
      db
        .selectFrom('shop_customers')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .$if(Boolean(q), (query) =>
          query.where((where) =>
            where.or([
              where('name', 'ilike', containing(q!)),
              where('email', 'ilike', containing(q!)),
              // A phone number is found by its digits, however it was written or is typed.
              ...(/\d{3}/.test(q!)
                ? [
                    where(
                      sql`regexp_replace(phone, '[^0-9]', '', 'g')`,
                      'like',
                      containing(q!.replace(/\D/g, '')),
                    ),
                  ]
                : []),
            ]),
          ),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),

    /** The shop's customer; `lock` holds it for the caller's transaction (its store credit is about to move). */
    find: (merchantId: string, id: string, lock = false) =>
      db
        .selectFrom('shop_customers')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .$if(lock, (query) => query.forUpdate())
        .executeTakeFirst(),

    /** By id in any shop, to tell a retried creation from another shop's customer. */
    findAnywhere: (id: string) =>
      db.selectFrom('shop_customers').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Undefined when the id is taken already (a retry, or a clash). */
    insert: (values: {
      id: string;
      merchantId: string;
      name: string;
      email: string | null;
      phone: string | null;
      note: string;
      createdBy: string;
      requestDigest: string;
    }) =>
      db
        .insertInto('shop_customers')
        .values({
          id: values.id,
          merchant_id: values.merchantId,
          name: values.name,
          email: values.email,
          phone: values.phone,
          note: values.note,
          created_by: values.createdBy,
          request_digest: values.requestDigest,
        })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returningAll()
        .executeTakeFirst(),

    update: (
      merchantId: string,
      id: string,
      fields: { name?: string; email?: string | null; phone?: string | null; note?: string },
    ) =>
      db
        .updateTable('shop_customers')
        .set(fields)
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),

    /**
     * Adds `amountMinor` (negative: takes) to the customer's store credit and records the entry with the
     * balance after it, unless that would take the balance below zero: then nothing is written and the
     * answer is undefined. The customer's row is updated in place, so two moves take their turn.
     */
    async moveCredit(move: CreditMove) {
      const balance = await db
        .updateTable('shop_customers')
        .set({ store_credit_minor: sql`store_credit_minor + ${move.amountMinor}` })
        .where('merchant_id', '=', move.merchantId)
        .where('id', '=', move.customerId)
        .where(sql<boolean>`store_credit_minor + ${move.amountMinor} >= 0`)
        .returning('store_credit_minor')
        .executeTakeFirst();
      if (!balance) {
        return undefined;
      }
      return db
        .insertInto('store_credit_entries')
        .values({
          id: move.id,
          merchant_id: move.merchantId,
          customer_id: move.customerId,
          kind: move.kind,
          amount_minor: move.amountMinor,
          balance_minor: balance.store_credit_minor,
          sale_id: move.saleId,
          reason: move.reason,
          created_by: move.by,
          request_digest: move.requestDigest,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    /** A customer's store credit entries, newest first, with who made them and the sale that moved them. */
    creditEntries: (customerId: string, entryId?: string) =>
      db
        .selectFrom('store_credit_entries as e')
        .innerJoin('users as u', 'u.id', 'e.created_by')
        .leftJoin('register_sales as s', 's.id', 'e.sale_id')
        .select([
          'e.id',
          'e.kind',
          'e.amount_minor',
          'e.balance_minor',
          'e.reason',
          'e.sale_id',
          's.receipt_number',
          'e.created_by',
          'u.name as created_by_name',
          'e.request_digest',
          'e.customer_id',
          'e.created_at',
        ])
        .where('e.customer_id', '=', customerId)
        .$if(entryId !== undefined, (query) => query.where('e.id', '=', entryId!))
        .orderBy('e.created_at', 'desc')
        .orderBy('e.id', 'desc')
        .execute(),

    /** A store credit entry by id in any shop, to tell a retried entry from another. */
    findEntry: (id: string) =>
      db.selectFrom('store_credit_entries').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The customer's register sales and online orders together, newest first. */
    purchases: (customer: CustomerRow, limit: number) =>
      sql<{
        channel: 'online' | 'register';
        id: string;
        number: string;
        kind: 'order' | 'sale' | 'return';
        status: 'open' | 'closed' | 'cancelled' | null;
        total_minor: number;
        created_at: Date;
      }>`
        (SELECT 'register' AS channel, id, receipt_number AS number, kind, NULL AS status, total_minor, created_at
          FROM register_sales WHERE customer_id = ${customer.id}
          ORDER BY created_at DESC LIMIT ${limit})
        UNION ALL
        (SELECT 'online', id, number, 'order', status, total_minor, created_at
          FROM orders WHERE merchant_id = ${customer.merchant_id} AND customer_id = ${customer.user_id}
          ORDER BY created_at DESC LIMIT ${limit})
        ORDER BY created_at DESC, id DESC
        LIMIT ${limit}`
        .execute(db)
        .then(({ rows }) => rows),
  };
}

export type StoreCreditEntryRow = Awaited<
  ReturnType<ReturnType<typeof customerStatements>['creditEntries']>
>[number];

export function toStoreCreditEntry(row: StoreCreditEntryRow): StoreCreditEntry {
  return {
    id: row.id,
    kind: row.kind,
    amountMinor: row.amount_minor,
    balanceMinor: row.balance_minor,
    reason: row.reason,
    sale: row.sale_id ? { id: row.sale_id, receiptNumber: row.receipt_number ?? '' } : null,
    by: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at.toISOString(),
  };
}

export const createCustomersRepository = repository(customerStatements);
export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
