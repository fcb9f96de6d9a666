import { randomUUID } from 'node:crypto';
import {
  activeSince,
  averageTicketMinor,
  can,
  createCustomerSchema,
  customerSegment,
  formatMoney,
  recordConsentSchema,
  updateCustomerSchema,
  type AdjustStoreCredit,
  type ConsentEntry,
  type CreateCustomer,
  type Customer,
  type CustomerDetail,
  type CustomerFigureFilter,
  type CustomerFigurePage,
  type CustomerFigures,
  type CustomerWithFigures,
  type MergeCustomer,
  type RecordConsent,
  type StoreCreditEntry,
  type UpdateCustomer,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { shopTime } from '../../http/csv';
import { badRequest, conflict, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { AuditRepository } from '../audit/audit.repository';
import type { UsersRepository } from '../auth/users.repository';
import { digestOf } from '../../http/request-digest';
import {
  toConsentEntry,
  toCustomer,
  toStoreCreditEntry,
  type CustomerRow,
  type CustomersRepository,
} from './customers.repository';

/** The shop's day now, `YYYY-MM-DD`: what segments are worked out against. */
const shopToday = (timeZone: string) => shopTime(new Date(), timeZone).slice(0, 10);

/** A customer's figures as shown, from the summary the sales and orders keep. */
export function toFigures(
  row: {
    visits: number;
    net_spend_minor: number;
    first_purchase_on: string | null;
    last_purchase_on: string | null;
  },
  today: string,
): CustomerFigures {
  return {
    visits: row.visits,
    netSpendMinor: row.net_spend_minor,
    averageTicketMinor: averageTicketMinor(row.net_spend_minor, row.visits),
    lifetimeValueMinor: row.net_spend_minor,
    firstPurchaseOn: row.first_purchase_on,
    lastPurchaseOn: row.last_purchase_on,
    segment: customerSegment({ visits: row.visits, lastPurchaseOn: row.last_purchase_on }, today),
  };
}

const NO_FIGURES = { visits: 0, net_spend_minor: 0, first_purchase_on: null, last_purchase_on: null };

/** Customers an export reads at a time. */
const EXPORT_PAGE = 500;

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
  {
    customers,
    users,
    audit,
  }: { customers: CustomersRepository; users: UsersRepository; audit: AuditRepository },
) {
  async function customerOf(merchantId: string, customerId: string): Promise<CustomerRow> {
    const row = await customers.find(merchantId, customerId);
    if (!row) {
      throw notFound('customer');
    }
    return row;
  }

  /** 409 for a write to a record merged into another: the person's record is the kept one. */
  function notMerged(customer: CustomerRow) {
    if (customer.merged_into !== null) {
      throw conflict(`${customer.name}'s record was merged into another: open that one and do it there.`);
    }
  }

  async function detailOf({ shop, role }: ShopCaller, customer: CustomerRow): Promise<CustomerDetail> {
    const mayInsight = can(role, 'customerInsights');
    const showFigures = mayInsight && customer.merged_into === null;
    const [purchases, credit, consent, absorbed, into, figures] = await Promise.all([
      customers.purchases(customer, PURCHASES_SHOWN),
      customers.creditEntries(customer.id),
      customers.consents(customer.id),
      customers.absorbed(customer.id),
      customer.merged_into === null ? undefined : customers.mergedInto(customer.id),
      showFigures ? customers.figures(customer.id) : undefined,
    ]);
    const toMerged = (row: NonNullable<typeof into>) => ({
      id: row.id,
      name: row.name,
      at: row.merged_at!.toISOString(),
      by: { id: row.merged_by!, name: row.merged_by_name },
    });
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
      figures: showFigures ? toFigures(figures ?? NO_FIGURES, shopToday(shop.time_zone)) : null,
      consent: consent.map(toConsentEntry),
      mergedInto: into ? toMerged(into) : null,
      absorbed: absorbed.map(toMerged),
    };
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

    /** The shop's customers not merged into another, with their figures; the segments against the shop's today. */
    async figuresPage(caller: ShopCaller, query: CustomerFigurePage) {
      const today = shopToday(caller.shop.time_zone);
      const rows = await customers.figuresPage(
        caller.shop.id,
        { q: query.q || undefined, segment: query.segment, activeSince: activeSince(today) },
        { before: query.before, limit: query.limit },
      );
      return {
        today,
        currency: caller.shop.currency,
        customers: rows.map((row): CustomerWithFigures => ({
          ...toCustomer(row),
          figures: toFigures(row, today),
        })),
      };
    },

    /** Every customer the filter keeps, newest first, a page at a time (the export). */
    async *exportPages(
      caller: ShopCaller,
      filter: CustomerFigureFilter,
    ): AsyncGenerator<CustomerWithFigures[]> {
      let before: string | undefined;
      for (;;) {
        const page = await this.figuresPage(caller, { ...filter, before, limit: EXPORT_PAGE });
        yield page.customers;
        if (page.customers.length < EXPORT_PAGE) {
          return;
        }
        before = page.customers.at(-1)!.id;
      }
    },

    async get(caller: ShopCaller, customerId: string): Promise<CustomerDetail> {
      return detailOf(caller, await customerOf(caller.shop.id, customerId));
    },

    /** Consent given or withdrawn, how and by whom, as an entry of its own; the same id sent again answers the first. */
    async recordConsent(
      { shop, actor }: ShopCaller,
      customerId: string,
      body: RecordConsent,
    ): Promise<ConsentEntry> {
      const fields = recordConsentSchema.parse(body);
      const customer = await customerOf(shop.id, customerId);
      notMerged(customer);
      const digest = digestOf(customerId, fields);
      const made = await customers.insertConsent({
        id: fields.id,
        merchantId: shop.id,
        customerId: customer.id,
        given: fields.given,
        channel: fields.channel,
        note: fields.note ?? '',
        by: actor.userId,
        requestDigest: digest,
      });
      if (!made) {
        const earlier = await customers.findConsent(fields.id);
        if (earlier?.customer_id !== customer.id || earlier.request_digest !== digest) {
          throw conflict('This id belongs to another entry: make a new id for each entry.', [
            { path: 'body.id', message: 'Already used for another entry.' },
          ]);
        }
      }
      const [entry] = await customers.consents(customer.id, fields.id);
      return toConsentEntry(entry!);
    },

    /**
     * Absorbs `duplicateId` into `customerId`: both records kept, the duplicate marked merged (who, when,
     * in the audit log too), its store credit moved by a pair of entries, the kept one's figures counted
     * with its purchases. Sent again, it answers the same; the same record, or one of another shop, is refused.
     */
    async merge(caller: ShopCaller, customerId: string, body: MergeCustomer): Promise<CustomerDetail> {
      const { shop, actor } = caller;
      if (body.duplicateId === customerId) {
        throw badRequest('A record cannot be merged into itself: pick the other record of the same person.', [
          { path: 'body.duplicateId', message: 'The same record as the one kept.' },
        ]);
      }
      await db.transaction().execute(async (trx) => {
        const repository = customers.within(trx);
        const pair = await repository.lockPair(shop.id, [customerId, body.duplicateId]);
        const kept = pair.find((row) => row.id === customerId);
        const duplicate = pair.find((row) => row.id === body.duplicateId);
        if (!kept) {
          throw notFound('customer');
        }
        if (!duplicate) {
          throw badRequest('This shop has no such customer: pick the duplicate again.', [
            { path: 'body.duplicateId', message: 'Not a customer of this shop.' },
          ]);
        }
        if (duplicate.merged_into === kept.id) {
          return;
        }
        notMerged(kept);
        if (duplicate.merged_into !== null) {
          throw conflict(
            `${duplicate.name}'s record was merged into another already: merge that one instead.`,
            [{ path: 'body.duplicateId', message: 'Already merged into another record.' }],
          );
        }
        if (duplicate.store_credit_minor > 0) {
          for (const [id, amountMinor] of [
            [duplicate.id, -duplicate.store_credit_minor],
            [kept.id, duplicate.store_credit_minor],
          ] as const) {
            await repository.moveCredit({
              id: randomUUID(),
              merchantId: shop.id,
              customerId: id,
              kind: 'manual',
              amountMinor,
              saleId: null,
              reason: 'merged',
              by: actor.userId,
              requestDigest: null,
            });
          }
        }
        await repository.merge(duplicate.id, kept.id, actor.userId);
        const me = await users.within(trx).findById(actor.userId);
        await audit.within(trx).record({
          actor: { id: actor.userId, email: me?.email ?? '' },
          action: 'customer.merged',
          merchantId: shop.id,
          details: {
            kept: { id: kept.id, name: kept.name },
            merged: { id: duplicate.id, name: duplicate.name },
            storeCreditMovedMinor: duplicate.store_credit_minor,
          },
        });
      });
      return detailOf(caller, await customerOf(shop.id, customerId));
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
        notMerged(customer);
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
