import { amqpRoutingKey, mqttTopic, type Supplier } from '@myb/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SuppliersTable } from '../../db/schema';
import { archiveColumns } from '../../db/archive';
import { repository } from '../../db/repository';

export type SupplierRow = Selectable<SuppliersTable>;

export function toSupplier(row: SupplierRow, merchantSlug: string): Supplier {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    emails: row.emails,
    routingKey: amqpRoutingKey(merchantSlug, row.slug),
    topic: mqttTopic(merchantSlug, row.slug),
    archivedAt: row.archived_at?.toISOString() ?? null,
    sendAutomatically: row.send_automatically,
    acknowledgeWithinHours: row.acknowledge_within_hours,
    ordersNeedAcknowledgement: row.orders_need_acknowledgement,
  };
}

function suppliersStatements(db: Kysely<Database>) {
  return {
    list: (merchantId: string) =>
      db.selectFrom('suppliers').selectAll().where('merchant_id', '=', merchantId).orderBy('name').execute(),
    /** Every supplier of every shop, with its shop's slug: what the demo agents subscribe to. */
    listAllWithMerchant: () =>
      db
        .selectFrom('suppliers')
        .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
        .selectAll('suppliers')
        .select('merchants.slug as merchant_slug')
        .orderBy('merchants.slug')
        .orderBy('suppliers.slug')
        .execute(),
    find: (merchantId: string, id: string) =>
      db.selectFrom('suppliers').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
    findBySlug: (merchantId: string, slug: string) =>
      db.selectFrom('suppliers').selectAll().where('merchant_id', '=', merchantId).where('slug', '=', slug).executeTakeFirst(),
    /** Which of `ids` are this shop's suppliers, archived or not; ids of other shops are simply not returned. */
    findMany: async (merchantId: string, ids: string[]) =>
      ids.length === 0
        ? []
        : await db
            .selectFrom('suppliers')
            .select(['id', 'name', 'archived_at'])
            .where('merchant_id', '=', merchantId)
            .where('id', 'in', ids)
            .execute(),
    insert: (merchantId: string, supplier: { slug: string; name: string; emails: string[] }) =>
      db
        .insertInto('suppliers')
        .values({ merchant_id: merchantId, slug: supplier.slug, name: supplier.name, emails: supplier.emails })
        .returningAll()
        .executeTakeFirstOrThrow(),
    update: (
      merchantId: string,
      id: string,
      fields: {
        name?: string;
        emails?: string[];
        send_automatically?: boolean;
        acknowledge_within_hours?: number | null;
        orders_need_acknowledgement?: boolean;
      },
    ) =>
      db
        .updateTable('suppliers')
        .set(fields)
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    setAgentTokenHash: async (merchantId: string, id: string, tokenHash: string) =>
      (
        await db
          .updateTable('suppliers')
          .set({ agent_token_hash: tokenHash })
          .where('merchant_id', '=', merchantId)
          .where('id', '=', id)
          .executeTakeFirst()
      ).numUpdatedRows > 0n,
    findByAgentTokenHash: (tokenHash: string) =>
      db
        .selectFrom('suppliers')
        .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
        .select(['suppliers.slug', 'suppliers.name', 'suppliers.emails', 'merchants.slug as merchant_slug'])
        .where('suppliers.agent_token_hash', '=', tokenHash)
        .executeTakeFirst(),
    /** Archives (by `by`) or restores (null) the supplier; archiving twice keeps the first time and person. */
    setArchived: (merchantId: string, id: string, by: string | null) =>
      db
        .updateTable('suppliers')
        .set(archiveColumns(by))
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    delete: async (merchantId: string, id: string) =>
      (await db.deleteFrom('suppliers').where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst())
        .numDeletedRows > 0n,
  };
}
export const createSuppliersRepository = repository(suppliersStatements);
export type SuppliersRepository = ReturnType<typeof createSuppliersRepository>;
