import type { Kysely } from 'kysely';
import type { Database, MerchantStaffRole } from '../../db/schema';
import { repository } from '../../db/repository';

/** A shop's managers and cashiers (`merchant_members`). */
function staffStatements(db: Kysely<Database>) {
  return {
    /** Name and address of one person, for the owner's line of the list. */
    findPerson: (userId: string) =>
      db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow(),
    listMembers: (merchantId: string) =>
      db
        .selectFrom('merchant_members')
        .innerJoin('users', 'users.id', 'merchant_members.user_id')
        .select(['users.id', 'users.name', 'users.email', 'merchant_members.role', 'merchant_members.created_at'])
        .where('merchant_members.merchant_id', '=', merchantId)
        .orderBy('users.name')
        .execute(),
    findRole: async (merchantId: string, userId: string) =>
      (
        await db
          .selectFrom('merchant_members')
          .select('role')
          .where('merchant_id', '=', merchantId)
          .where('user_id', '=', userId)
          .executeTakeFirst()
      )?.role,
    /** Adds the member, or gives an existing one this role. */
    upsert: (merchantId: string, userId: string, role: MerchantStaffRole) =>
      db
        .insertInto('merchant_members')
        .values({ merchant_id: merchantId, user_id: userId, role })
        .onConflict((oc) => oc.columns(['merchant_id', 'user_id']).doUpdateSet({ role }))
        .returning(['role', 'created_at'])
        .executeTakeFirstOrThrow(),
    /** The removed member's role, or undefined when the person was not one. */
    remove: async (merchantId: string, userId: string) =>
      (
        await db
          .deleteFrom('merchant_members')
          .where('merchant_id', '=', merchantId)
          .where('user_id', '=', userId)
          .returning('role')
          .executeTakeFirst()
      )?.role,
  };
}
export const createStaffRepository = repository(staffStatements);
export type StaffRepository = ReturnType<typeof createStaffRepository>;
