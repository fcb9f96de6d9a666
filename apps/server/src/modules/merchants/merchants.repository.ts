import type { Merchant } from '@myb/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, MerchantsTable } from '../../db/schema';

export type MerchantRow = Selectable<MerchantsTable>;

export function toMerchant(row: MerchantRow): Merchant {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, currency: row.currency };
}

export function createMerchantsRepository(db: Kysely<Database>) {
  return {
    list: () => db.selectFrom('merchants').selectAll().orderBy('name').execute(),
    listOwnedBy: (ownerId: string) =>
      db.selectFrom('merchants').selectAll().where('owner_id', '=', ownerId).orderBy('name').execute(),
    findBySlug: (slug: string) => db.selectFrom('merchants').selectAll().where('slug', '=', slug).executeTakeFirst(),
    insert: (merchant: { slug: string; name: string; description: string; currency: string; ownerId: string }) =>
      db
        .insertInto('merchants')
        .values({
          slug: merchant.slug,
          name: merchant.name,
          description: merchant.description,
          currency: merchant.currency,
          owner_id: merchant.ownerId,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
  };
}
export type MerchantsRepository = ReturnType<typeof createMerchantsRepository>;
