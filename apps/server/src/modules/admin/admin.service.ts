import type { User } from '@myb/contracts';
import { notFound } from '../../http/errors';
import { requireRole, type Actor } from '../auth/actor';
import { toUser, type UsersRepository } from '../auth/users.repository';

export function createAdminService(users: UsersRepository) {
  return {
    async listUsers(actor: Actor | null): Promise<User[]> {
      requireRole(actor, 'admin');
      return (await users.list()).map(toUser);
    },

    /** The seed's "super user status is assigned to the Merchant logins", as a role. */
    async setMerchant(actor: Actor | null, userId: string, isMerchant: boolean): Promise<User> {
      requireRole(actor, 'admin');
      const row = await users.setMerchant(userId, isMerchant);
      if (!row) {
        throw notFound('user');
      }
      return toUser(row);
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
