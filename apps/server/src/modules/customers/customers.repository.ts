import type {
  ConsentChannel,
  ConsentEntry,
  Customer,
  CustomerSegment,
  StoreCreditEntry,
  StoreCreditKind,
} from '@myb/contracts';
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
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

type CustomerScope = ExpressionBuilder<Database & { c: Database['shop_customers'] }, 'c'>;

/** Customers whose name, e-mail address or phone number holds `q`, in any case. */
function matching(where: CustomerScope, q: string) {
  return where.or([
    where('c.name', 'ilike', containing(q)),
    where('c.email', 'ilike', containing(q)),
    // A phone number is found by its digits, however it was written or is typed.
    ...(/\d{3}/.test(q)
      ? [where(sql`regexp_replace(c.phone, '[^0-9]', '', 'g')`, 'like', containing(q.replace(/\D/g, '')))]
      : []),
  ]);
}

/** The figures of a customer in segment `segment`, `activeSince` the first day that is not lapsed (`activeSince` in contracts). */
function inSegment(segment: CustomerSegment, activeSince: string) {
  const visits = sql`coalesce(f.visits, 0)`;
  switch (segment) {
    case 'none':
      return sql<boolean>`${visits} = 0`;
    case 'lapsed':
      return sql<boolean>`${visits} > 0 AND f.last_purchase_on < ${activeSince}::date`;
    case 'new':
      return sql<boolean>`${visits} = 1 AND f.last_purchase_on >= ${activeSince}::date`;
    case 'repeat':
      return sql<boolean>`${visits} >= 2 AND f.last_purchase_on >= ${activeSince}::date`;
  }
}

/** A customer's records: theirs, and those merged into it (and into those), with the accounts they hold. */
const familyOf = (customerId: string) => sql`
  WITH RECURSIVE family AS (
    SELECT id, user_id FROM shop_customers WHERE id = ${customerId}
    UNION ALL
    SELECT c.id, c.user_id FROM shop_customers c JOIN family ON c.merged_into = family.id
  )`;

export interface FigureFilter {
  q?: string;
  segment?: CustomerSegment;
  activeSince: string;
}

function customerStatements(db: Kysely<Database>) {
  /** The shop's customers not merged into another, with their figures, newest first. */
  const withFigures = (merchantId: string, filter: FigureFilter) =>
    db
      .selectFrom('shop_customers as c')
      .leftJoin('customer_figures as f', 'f.customer_id', 'c.id')
      .selectAll('c')
      .select([
        sql<number>`coalesce(f.visits, 0)`.as('visits'),
        sql<number>`coalesce(f.net_spend_minor, 0)`.as('net_spend_minor'),
        sql<string | null>`f.first_purchase_on::text`.as('first_purchase_on'),
        sql<string | null>`f.last_purchase_on::text`.as('last_purchase_on'),
      ])
      .where('c.merchant_id', '=', merchantId)
      .where('c.merged_into', 'is', null)
      .$if(Boolean(filter.q), (query) => query.where((where) => matching(where, filter.q!)))
      .$if(filter.segment !== undefined, (query) =>
        query.where(inSegment(filter.segment!, filter.activeSince)),
      )
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc');

  return {
    /**
     * Newest first; with `q`, those whose name, e-mail address or phone number holds it, in any case.
     * Records merged into another are left out: the person is found by the kept one.
     */
    list: (merchantId: string, q: string | undefined, limit: number) =>
      db
        .selectFrom('shop_customers as c')
        .selectAll('c')
        .where('c.merchant_id', '=', merchantId)
        .where('c.merged_into', 'is', null)
        .$if(Boolean(q), (query) => query.where((where) => matching(where, q!)))
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit)
        .execute(),

    /** A page of `withFigures`, starting after the customer `before` (of the same shop). */
    figuresPage: (merchantId: string, filter: FigureFilter, page: { before?: string; limit: number }) =>
      withFigures(merchantId, filter)
        .$if(page.before !== undefined, (query) =>
          query.where((eb) =>
            eb(
              eb.refTuple('c.created_at', 'c.id'),
              '<',
              eb
                .selectFrom('shop_customers as b')
                .select(['b.created_at', 'b.id'])
                .where('b.id', '=', page.before!)
                .where('b.merchant_id', '=', merchantId)
                .$asTuple('created_at', 'id'),
            ),
          ),
        )
        .limit(page.limit)
        .execute(),

    /** A kept customer's figures (none for a record merged into another). */
    figures: (customerId: string) =>
      db
        .selectFrom('customer_figures')
        .select([
          'visits',
          'net_spend_minor',
          sql<string | null>`first_purchase_on::text`.as('first_purchase_on'),
          sql<string | null>`last_purchase_on::text`.as('last_purchase_on'),
        ])
        .where('customer_id', '=', customerId)
        .executeTakeFirst(),

    /** The shop's customer; `lock` holds it for the caller's transaction (its store credit is about to move). */
    find: (merchantId: string, id: string, lock = false) =>
      db
        .selectFrom('shop_customers')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .$if(lock, (query) => query.forUpdate())
        .executeTakeFirst(),

    /** Both customers of the shop, locked in the order of their ids (two merges of the pair take turns). */
    lockPair: (merchantId: string, ids: [string, string]) =>
      db
        .selectFrom('shop_customers')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute(),

    /** Marks `absorbedId` merged into `keptId`, and counts the kept one's figures again with the absorbed one's. */
    async merge(absorbedId: string, keptId: string, by: string) {
      await db
        .updateTable('shop_customers')
        .set({ merged_into: keptId, merged_at: sql`now()`, merged_by: by })
        .where('id', '=', absorbedId)
        .execute();
      // The absorbed record's purchases count for the kept one from now on (`shop_customer_kept`).
      await db
        .updateTable('customer_figures')
        .set({ visits: 0, net_spend_minor: 0, first_purchase_on: null, last_purchase_on: null })
        .where('customer_id', '=', absorbedId)
        .execute();
      await sql`SELECT customer_figures_recount(${keptId}::uuid)`.execute(db);
    },

    /** The records merged into `customerId`, most recent first, with who merged them. */
    absorbed: (customerId: string) =>
      db
        .selectFrom('shop_customers as c')
        .innerJoin('users as u', 'u.id', 'c.merged_by')
        .select(['c.id', 'c.name', 'c.merged_at', 'c.merged_by', 'u.name as merged_by_name'])
        .where('c.merged_into', '=', customerId)
        .orderBy('c.merged_at', 'desc')
        .execute(),

    /** The record `customerId` was merged into, with who merged it and when. */
    mergedInto: (customerId: string) =>
      db
        .selectFrom('shop_customers as c')
        .innerJoin('shop_customers as kept', 'kept.id', 'c.merged_into')
        .innerJoin('users as u', 'u.id', 'c.merged_by')
        .select(['kept.id', 'kept.name', 'c.merged_at', 'c.merged_by', 'u.name as merged_by_name'])
        .where('c.id', '=', customerId)
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

    /**
     * A customer's store credit entries and their absorbed records', newest first, with who made them and
     * the sale that moved them.
     */
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
        .where(sql<boolean>`e.customer_id IN (${familyOf(customerId)} SELECT id FROM family)`)
        .$if(entryId !== undefined, (query) => query.where('e.id', '=', entryId!))
        .orderBy('e.created_at', 'desc')
        .orderBy('e.id', 'desc')
        .execute(),

    /** A store credit entry by id in any shop, to tell a retried entry from another. */
    findEntry: (id: string) =>
      db.selectFrom('store_credit_entries').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The customer's and their absorbed records' register sales and online orders together, newest first. */
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
        ${familyOf(customer.id)}
        (SELECT 'register' AS channel, id, receipt_number AS number, kind, NULL AS status, total_minor, created_at
          FROM register_sales WHERE customer_id IN (SELECT id FROM family)
          ORDER BY created_at DESC LIMIT ${limit})
        UNION ALL
        (SELECT 'online', id, number, 'order', status, total_minor, created_at
          FROM orders WHERE merchant_id = ${customer.merchant_id}
            AND customer_id IN (SELECT user_id FROM family WHERE user_id IS NOT NULL)
          ORDER BY created_at DESC LIMIT ${limit})
        ORDER BY created_at DESC, id DESC
        LIMIT ${limit}`
        .execute(db)
        .then(({ rows }) => rows),

    /** The customer's and their absorbed records' consent entries, newest first, or the one `entryId`. */
    consents: (customerId: string, entryId?: string) =>
      sql<ConsentRow>`
        ${familyOf(customerId)}
        SELECT e.id, e.given, e.channel, e.note, e.recorded_by, u.name AS recorded_by_name, e.customer_id,
          e.request_digest, e.created_at
        FROM customer_consents e JOIN users u ON u.id = e.recorded_by
        WHERE e.customer_id IN (SELECT id FROM family)
          ${entryId === undefined ? sql`` : sql`AND e.id = ${entryId}`}
        ORDER BY e.created_at DESC, e.id DESC`
        .execute(db)
        .then(({ rows }) => rows),

    findConsent: (id: string) =>
      db.selectFrom('customer_consents').selectAll().where('id', '=', id).executeTakeFirst(),

    insertConsent: (values: {
      id: string;
      merchantId: string;
      customerId: string;
      given: boolean;
      channel: ConsentChannel;
      note: string;
      by: string;
      requestDigest: string;
    }) =>
      db
        .insertInto('customer_consents')
        .values({
          id: values.id,
          merchant_id: values.merchantId,
          customer_id: values.customerId,
          given: values.given,
          channel: values.channel,
          note: values.note,
          recorded_by: values.by,
          request_digest: values.requestDigest,
        })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .executeTakeFirst(),
  };
}

interface ConsentRow {
  id: string;
  given: boolean;
  channel: ConsentChannel;
  note: string;
  recorded_by: string;
  recorded_by_name: string;
  customer_id: string;
  request_digest: string;
  created_at: Date | string;
}

export function toConsentEntry(row: ConsentRow): ConsentEntry {
  return {
    id: row.id,
    given: row.given,
    channel: row.channel,
    note: row.note,
    by: { id: row.recorded_by, name: row.recorded_by_name },
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export type CustomerFiguresRow = CustomerRow & {
  visits: number;
  net_spend_minor: number;
  first_purchase_on: string | null;
  last_purchase_on: string | null;
};

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
