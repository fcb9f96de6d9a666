import type { AddStaff, StaffMember } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import type { AuditRepository } from '../audit/audit.repository';
import { requireActor, type Actor } from '../auth/actor';
import type { UsersRepository } from '../auth/users.repository';
import type { ShopCaller } from '../access/access';
import type { StaffRepository } from './staff.repository';

export interface StaffRepositories {
  staff: StaffRepository;
  users: UsersRepository;
  audit: AuditRepository;
}

/** A shop's people: its owner, and the managers and cashiers the owner (or an admin) adds. */
export function createStaffService(db: Kysely<Database>, { staff, users, audit }: StaffRepositories) {
  async function auditActor(trx: Kysely<Database>, actor: Actor) {
    const me = await users.within(trx).findById(actor.userId);
    return { id: actor.userId, email: me?.email ?? '' };
  }

  return {
    async list({ shop: merchant }: ShopCaller): Promise<StaffMember[]> {
      const owner = await staff.findPerson(merchant.owner_id);
      const members = await staff.listMembers(merchant.id);
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
        const user = await users.within(trx).findByEmail(input.email);
        if (!user) {
          // The address is not repeated back: the answer says only that no account has it.
          throw notFound('No account has this e-mail address: ask them to sign up first, then add them.');
        }
        if (user.id === merchant.owner_id) {
          throw conflict('The owner already runs this shop: add someone else.', [
            { path: 'body.email', message: 'This is the owner of the shop.' },
          ]);
        }
        const members = staff.within(trx);
        const previous = await members.findRole(merchant.id, user.id);
        const row = await members.upsert(merchant.id, user.id, input.role);
        if (previous !== input.role) {
          await audit.within(trx).record({
            actor: await auditActor(trx, signedIn),
            action: previous ? 'staff.role-changed' : 'staff.added',
            target: { id: user.id, email: user.email },
            merchantId: merchant.id,
            details: previous ? { from: previous, to: input.role } : { role: input.role },
          });
        }
        return { user: { id: user.id, name: user.name, email: user.email }, role: row.role, since: row.created_at.toISOString() };
      });
    },

    async remove({ shop: merchant, actor }: ShopCaller, userId: string): Promise<void> {
      const signedIn = requireActor(actor);
      await db.transaction().execute(async (trx) => {
        const removed = await staff.within(trx).remove(merchant.id, userId);
        if (!removed) {
          throw notFound('staff member');
        }
        const user = await users.within(trx).findById(userId);
        await audit.within(trx).record({
          actor: await auditActor(trx, signedIn),
          action: 'staff.removed',
          target: { id: userId, email: user?.email ?? '' },
          merchantId: merchant.id,
          details: { role: removed },
        });
      });
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
