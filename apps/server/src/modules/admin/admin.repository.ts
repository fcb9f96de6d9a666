import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { repository } from '../../db/repository';

/** What the admin portal reads and sets about people beyond their account: shops they work at, suppliers they belong to. */
function adminStatements(db: Kysely<Database>) {
  return {
    shopMembershipsOf: (userIds: string[]) =>
      db
        .selectFrom('merchant_members')
        .innerJoin('merchants', 'merchants.id', 'merchant_members.merchant_id')
        .select(['merchant_members.user_id', 'merchant_members.role', 'merchants.slug', 'merchants.name'])
        .where('merchant_members.user_id', 'in', userIds)
        .orderBy('merchants.name')
        .execute(),
    supplierMembershipsOf: (userIds: string[]) =>
      db
        .selectFrom('supplier_members')
        .innerJoin('suppliers', 'suppliers.id', 'supplier_members.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
        .select(['supplier_members.user_id', 'suppliers.id', 'suppliers.slug', 'suppliers.name', 'merchants.slug as merchant_slug'])
        .where('supplier_members.user_id', 'in', userIds)
        .orderBy('suppliers.name')
        .execute(),
    findSupplier: (supplierId: string) =>
      db.selectFrom('suppliers').select(['id', 'slug', 'merchant_id']).where('id', '=', supplierId).executeTakeFirst(),
    /** Whether the person became one of the supplier's people (false: already was). */
    addSupplierMember: async (supplierId: string, userId: string) =>
      (
        await db
          .insertInto('supplier_members')
          .values({ supplier_id: supplierId, user_id: userId })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
      ).numInsertedOrUpdatedRows,
    /** Whether the person was one of the supplier's people. */
    removeSupplierMember: async (supplierId: string, userId: string) =>
      (await db.deleteFrom('supplier_members').where('supplier_id', '=', supplierId).where('user_id', '=', userId).executeTakeFirst())
        .numDeletedRows,
  };
}
export const createAdminRepository = repository(adminStatements);
export type AdminRepository = ReturnType<typeof createAdminRepository>;
