import type { Role, User } from '@myb/contracts';
import { sql, type Expression, type Kysely, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../../db/schema';
import { repository } from '../../db/repository';

export type UserRow = Selectable<UsersTable>;

/** Roles that come from other tables: working at a shop, belonging to a supplier. */
export interface RoleFlags {
  is_staff: boolean;
  is_supplier: boolean;
}
export type UserWithFlags = UserRow & RoleFlags;

export function rolesOf(row: Pick<UserRow, 'is_admin' | 'is_merchant'> & Partial<RoleFlags>): Role[] {
  const roles: Role[] = ['customer'];
  if (row.is_merchant) {
    roles.push('merchant');
  }
  if (row.is_staff) {
    roles.push('staff');
  }
  if (row.is_supplier) {
    roles.push('supplier');
  }
  if (row.is_admin) {
    roles.push('admin');
  }
  return roles;
}

export function toUser(
  row: Pick<UserRow, 'id' | 'email' | 'name' | 'created_at' | 'is_admin' | 'is_merchant'> & Partial<RoleFlags>,
): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: rolesOf(row),
    createdAt: row.created_at.toISOString(),
  };
}

/** The `is_staff` and `is_supplier` columns of the user whose id is `userId`. */
export function roleFlagsOf(userId: Expression<unknown>) {
  return [
    sql<boolean>`EXISTS (SELECT 1 FROM merchant_members WHERE merchant_members.user_id = ${userId})`.as('is_staff'),
    sql<boolean>`EXISTS (SELECT 1 FROM supplier_members WHERE supplier_members.user_id = ${userId})`.as('is_supplier'),
  ] as const;
}

/** The `is_staff` and `is_supplier` columns, for any query that selects from `users`. */
export const roleFlags = roleFlagsOf(sql.ref('users.id'));

function usersStatements(db: Kysely<Database>) {
  const withFlags = () => db.selectFrom('users').selectAll('users').select(roleFlags);
  return {
    findByEmail: (email: string): Promise<UserWithFlags | undefined> =>
      withFlags()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst(),
    findById: (id: string): Promise<UserWithFlags | undefined> => withFlags().where('id', '=', id).executeTakeFirst(),
    insert: (user: { email: string; name: string; passwordHash: string | null; isAdmin?: boolean; isMerchant?: boolean }) =>
      db
        .insertInto('users')
        .values({
          email: user.email,
          name: user.name,
          password_hash: user.passwordHash,
          is_admin: user.isAdmin ?? false,
          is_merchant: user.isMerchant ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    /** Whether any account exists at all. */
    any: async () => (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined,
    list: (): Promise<UserWithFlags[]> => withFlags().orderBy('created_at').orderBy('email').execute(),
    setName: (id: string, name: string) => db.updateTable('users').set({ name }).where('id', '=', id).execute(),
    setPasswordHash: (id: string, passwordHash: string) =>
      db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute(),
    setFlags: async (id: string, flags: { is_merchant?: boolean; is_admin?: boolean; disabled_at?: Date | null }) =>
      (await db.updateTable('users').set(flags).where('id', '=', id).executeTakeFirst()).numUpdatedRows > 0n,
  };
}
export const createUsersRepository = repository(usersStatements);
export type UsersRepository = ReturnType<typeof createUsersRepository>;
