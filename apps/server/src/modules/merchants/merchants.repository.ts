import type { Merchant, MerchantRole } from '@myb/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, MerchantsTable } from '../../db/schema';

export type MerchantRow = Selectable<MerchantsTable>;

export function toMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    currency: row.currency,
    timeZone: row.time_zone,
    address: row.address,
    closedAt: row.closed_at?.toISOString() ?? null,
    pricesIncludeTax: row.prices_include_tax,
    taxRounding: row.tax_rounding,
  };
}

export function createMerchantsRepository(db: Kysely<Database>) {
  return {
    /** The shops open to customers: a closed shop is no longer listed. */
    list: () => db.selectFrom('merchants').selectAll().where('closed_at', 'is', null).orderBy('name').execute(),
    /** The shops `userId` owns or works at, each with the role there. */
    async listWorkedAtBy(userId: string): Promise<(MerchantRow & { role: MerchantRole })[]> {
      const owned = await db.selectFrom('merchants').selectAll().where('owner_id', '=', userId).execute();
      const staffed = await db
        .selectFrom('merchant_members')
        .innerJoin('merchants', 'merchants.id', 'merchant_members.merchant_id')
        .selectAll('merchants')
        .select('merchant_members.role')
        .where('merchant_members.user_id', '=', userId)
        .execute();
      return [...owned.map((row) => ({ ...row, role: 'owner' as const })), ...staffed].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
    },
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
