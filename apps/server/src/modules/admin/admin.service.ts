import type { AdminUser, AuditEntry } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import type { AuditRecord, AuditRepository } from '../audit/audit.repository';
import { requireRole, type Actor } from '../auth/actor';
import type { SessionsRepository } from '../auth/sessions.repository';
import { toUser, type UsersRepository, type UserWithFlags } from '../auth/users.repository';
import type { AdminRepository } from './admin.repository';

type Change = Omit<AuditRecord, 'actor' | 'target'>;

export interface AdminRepositories {
  memberships: AdminRepository;
  users: UsersRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
}

async function loadAdminUsers(accounts: UsersRepository, belonging: AdminRepository, userId?: string): Promise<AdminUser[]> {
  const users = userId ? [await accounts.findById(userId)].filter((row) => row !== undefined) : await accounts.list();
  const ids = users.map((user) => user.id);
  if (ids.length === 0) {
    return [];
  }
  const memberships = await belonging.shopMembershipsOf(ids);
  const suppliers = await belonging.supplierMembershipsOf(ids);
  return users.map((row) => ({
    ...toUser(row),
    disabled: row.disabled_at !== null,
    memberships: memberships
      .filter((m) => m.user_id === row.id)
      .map((m) => ({ merchant: { slug: m.slug, name: m.name }, role: m.role })),
    suppliers: suppliers
      .filter((s) => s.user_id === row.id)
      .map((s) => ({ id: s.id, slug: s.slug, name: s.name, merchantSlug: s.merchant_slug })),
  }));
}

/** The admin portal: users, their platform roles, disabling, and the audit log of all of it. */
export function createAdminService(db: Kysely<Database>, { memberships, users, sessions, audit }: AdminRepositories) {
  /**
   * Applies one change to one user and records it in the audit log, in one transaction. `apply`
   * returns null when there was nothing to change (granting a role already held): nothing is logged.
   */
  async function changeUser(
    actor: Actor | null,
    userId: string,
    apply: (trx: Kysely<Database>, target: UserWithFlags, admin: Actor) => Promise<Change | null>,
  ): Promise<AdminUser> {
    const admin = requireRole(actor, 'admin');
    return db.transaction().execute(async (trx) => {
      const accounts = users.within(trx);
      const target = await accounts.findById(userId);
      if (!target) {
        throw notFound('user');
      }
      const change = await apply(trx, target, admin);
      if (change) {
        const me = await accounts.findById(admin.userId);
        await audit.within(trx).record({
          ...change,
          actor: { id: admin.userId, email: me?.email ?? '' },
          target: { id: target.id, email: target.email },
        });
      }
      const [user] = await loadAdminUsers(accounts, memberships.within(trx), userId);
      return user!;
    });
  }

  return {
    async listUsers(actor: Actor | null): Promise<AdminUser[]> {
      requireRole(actor, 'admin');
      return loadAdminUsers(users, memberships);
    },

    /** The seed's "super user status is assigned to the Merchant logins", as a role. */
    setMerchant: (actor: Actor | null, userId: string, granted: boolean) =>
      changeUser(actor, userId, async (trx, target) => {
        if (target.is_merchant === granted) {
          return null;
        }
        await users.within(trx).setFlags(target.id, { is_merchant: granted });
        return { action: granted ? 'role.granted' : 'role.removed', details: { role: 'merchant' } };
      }),

    setAdmin: (actor: Actor | null, userId: string, granted: boolean) =>
      changeUser(actor, userId, async (trx, target, admin) => {
        if (!granted && target.id === admin.userId) {
          throw conflict('You cannot remove your own admin role: ask another admin to.');
        }
        if (target.is_admin === granted) {
          return null;
        }
        await users.within(trx).setFlags(target.id, { is_admin: granted });
        return { action: granted ? 'role.granted' : 'role.removed', details: { role: 'admin' } };
      }),

    /** A disabled account cannot sign in, and every one of its sessions ends now. */
    setDisabled: (actor: Actor | null, userId: string, disabled: boolean) =>
      changeUser(actor, userId, async (trx, target, admin) => {
        if (disabled && target.id === admin.userId) {
          throw conflict('You cannot disable your own account: ask another admin to.');
        }
        if ((target.disabled_at !== null) === disabled) {
          return null;
        }
        await users.within(trx).setFlags(target.id, { disabled_at: disabled ? new Date() : null });
        if (disabled) {
          await sessions.within(trx).deleteAllOf(target.id);
        }
        return { action: disabled ? 'user.disabled' : 'user.enabled' };
      }),

    /** Makes the user one of a supplier's people, who read what the supplier was sent. */
    setSupplierMember: (actor: Actor | null, userId: string, supplierId: string, member: boolean) =>
      changeUser(actor, userId, async (trx, target) => {
        const members = memberships.within(trx);
        const supplier = await members.findSupplier(supplierId);
        if (!supplier) {
          throw notFound('supplier');
        }
        const changed = member
          ? await members.addSupplierMember(supplier.id, target.id)
          : await members.removeSupplierMember(supplier.id, target.id);
        if (!changed) {
          return null;
        }
        return {
          action: member ? 'supplier.linked' : 'supplier.unlinked',
          merchantId: supplier.merchant_id,
          details: { supplier: supplier.slug },
        };
      }),

    async auditLog(actor: Actor | null, query: { before?: string; limit: number }): Promise<AuditEntry[]> {
      requireRole(actor, 'admin');
      return audit.list(query);
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
