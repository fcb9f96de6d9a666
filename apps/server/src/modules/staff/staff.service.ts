import type { AddStaff, StaffMember } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import { createAuditRepository } from '../audit/audit.repository';
import { requireActor, type Actor } from '../auth/actor';
import { createUsersRepository } from '../auth/users.repository';
import type { ShopCaller } from '../access/access';

/** A shop's people: its owner, and the managers and cashiers the owner (or an admin) adds. */
export function createStaffService(db: Kysely<Database>) {
  async function auditActor(trx: Kysely<Database>, actor: Actor) {
    const me = await createUsersRepository(trx).findById(actor.userId);
    return { id: actor.userId, email: me?.email ?? '' };
  }

  return {
    async list({ shop: merchant }: ShopCaller): Promise<StaffMember[]> {
      const owner = await db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('id', '=', merchant.owner_id)
        .executeTakeFirstOrThrow();
      const members = await db
        .selectFrom('merchant_members')
        .innerJoin('users', 'users.id', 'merchant_members.user_id')
        .select(['users.id', 'users.name', 'users.email', 'merchant_members.role', 'merchant_members.created_at'])
        .where('merchant_members.merchant_id', '=', merchant.id)
        .orderBy('users.name')
        .execute();
      return [
        { user: owner, role: 'owner' as const, since: merchant.created_at.toISOString() },
        ...members.map((m) => ({
          user: { id: m.id, name: m.name, email: m.email },
          role: m.role,
          since: m.created_at.toISOString(),
        })),
      ];
    },

    /** Adds someone who already has an account, or changes their role; logged like every change of access. */
    async add({ shop: merchant, actor }: ShopCaller, input: AddStaff): Promise<StaffMember> {
      const signedIn = requireActor(actor);
      return db.transaction().execute(async (trx) => {
        const user = await createUsersRepository(trx).findByEmail(input.email);
        if (!user) {
          // The address is not repeated back: the answer says only that no account has it.
          throw notFound('No account has this e-mail address: ask them to sign up first, then add them.');
        }
        if (user.id === merchant.owner_id) {
          throw conflict('The owner already runs this shop: add someone else.', [
            { path: 'body.email', message: 'This is the owner of the shop.' },
          ]);
        }
        const previous = await trx
          .selectFrom('merchant_members')
          .select('role')
          .where('merchant_id', '=', merchant.id)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        const row = await trx
          .insertInto('merchant_members')
          .values({ merchant_id: merchant.id, user_id: user.id, role: input.role })
          .onConflict((oc) => oc.columns(['merchant_id', 'user_id']).doUpdateSet({ role: input.role }))
          .returning(['role', 'created_at'])
          .executeTakeFirstOrThrow();
        if (previous?.role !== input.role) {
          await createAuditRepository(trx).record({
            actor: await auditActor(trx, signedIn),
            action: previous ? 'staff.role-changed' : 'staff.added',
            target: { id: user.id, email: user.email },
            merchantId: merchant.id,
            details: previous ? { from: previous.role, to: input.role } : { role: input.role },
          });
        }
        return { user: { id: user.id, name: user.name, email: user.email }, role: row.role, since: row.created_at.toISOString() };
      });
    },

    async remove({ shop: merchant, actor }: ShopCaller, userId: string): Promise<void> {
      const signedIn = requireActor(actor);
      await db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom('merchant_members')
          .where('merchant_id', '=', merchant.id)
          .where('user_id', '=', userId)
          .returning('role')
          .executeTakeFirst();
        if (!removed) {
          throw notFound('staff member');
        }
        const user = await createUsersRepository(trx).findById(userId);
        await createAuditRepository(trx).record({
          actor: await auditActor(trx, signedIn),
          action: 'staff.removed',
          target: { id: userId, email: user?.email ?? '' },
          merchantId: merchant.id,
          details: { role: removed.role },
        });
      });
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
