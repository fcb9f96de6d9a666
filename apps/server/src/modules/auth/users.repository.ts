import type { Role, User } from '@myb/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../../db/schema';

export type UserRow = Selectable<UsersTable>;

export function rolesOf(row: Pick<UserRow, 'is_admin' | 'is_merchant'>): Role[] {
  const roles: Role[] = ['customer'];
  if (row.is_merchant) {
    roles.push('merchant');
  }
  if (row.is_admin) {
    roles.push('admin');
  }
  return roles;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: rolesOf(row),
    createdAt: row.created_at.toISOString(),
  };
}

export function createUsersRepository(db: Kysely<Database>) {
  return {
    findByEmail: (email: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst(),
    findById: (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
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
    list: () => db.selectFrom('users').selectAll().orderBy('created_at').orderBy('email').execute(),
    setPasswordHash: (id: string, passwordHash: string) =>
      db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute(),
    setMerchant: (id: string, isMerchant: boolean) =>
      db.updateTable('users').set({ is_merchant: isMerchant }).where('id', '=', id).returningAll().executeTakeFirst(),
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
