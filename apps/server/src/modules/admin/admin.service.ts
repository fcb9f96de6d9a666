import type { AdminUser, AuditEntry } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import { createAuditRepository, type AuditRecord } from '../audit/audit.repository';
import { requireRole, type Actor } from '../auth/actor';
import { createSessionsRepository } from '../auth/sessions.repository';
import { createUsersRepository, toUser, type UserWithFlags } from '../auth/users.repository';

type Change = Omit<AuditRecord, 'actor' | 'target'>;

async function loadAdminUsers(db: Kysely<Database>, userId?: string): Promise<AdminUser[]> {
  const users = userId
    ? [await createUsersRepository(db).findById(userId)].filter((row) => row !== undefined)
    : await createUsersRepository(db).list();
  const ids = users.map((user) => user.id);
  if (ids.length === 0) {
    return [];
  }
  const memberships = await db
    .selectFrom('merchant_members')
    .innerJoin('merchants', 'merchants.id', 'merchant_members.merchant_id')
    .select(['merchant_members.user_id', 'merchant_members.role', 'merchants.slug', 'merchants.name'])
    .where('merchant_members.user_id', 'in', ids)
    .orderBy('merchants.name')
    .execute();
  const suppliers = await db
    .selectFrom('supplier_members')
    .innerJoin('suppliers', 'suppliers.id', 'supplier_members.supplier_id')
    .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
    .select(['supplier_members.user_id', 'suppliers.id', 'suppliers.slug', 'suppliers.name', 'merchants.slug as merchant_slug'])
    .where('supplier_members.user_id', 'in', ids)
    .orderBy('suppliers.name')
    .execute();
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
export function createAdminService(db: Kysely<Database>) {
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
      const users = createUsersRepository(trx);
      const target = await users.findById(userId);
      if (!target) {
        throw notFound('user');
      }
      const change = await apply(trx, target, admin);
      if (change) {
        const me = await users.findById(admin.userId);
        await createAuditRepository(trx).record({
          ...change,
          actor: { id: admin.userId, email: me?.email ?? '' },
          target: { id: target.id, email: target.email },
        });
      }
      const [user] = await loadAdminUsers(trx, userId);
      return user!;
    });
  }

  return {
    async listUsers(actor: Actor | null): Promise<AdminUser[]> {
      requireRole(actor, 'admin');
      return loadAdminUsers(db);
    },

    /** The seed's "super user status is assigned to the Merchant logins", as a role. */
    setMerchant: (actor: Actor | null, userId: string, granted: boolean) =>
      changeUser(actor, userId, async (trx, target) => {
        if (target.is_merchant === granted) {
          return null;
        }
        await createUsersRepository(trx).setFlags(target.id, { is_merchant: granted });
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
        await createUsersRepository(trx).setFlags(target.id, { is_admin: granted });
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
        await createUsersRepository(trx).setFlags(target.id, { disabled_at: disabled ? new Date() : null });
        if (disabled) {
          await createSessionsRepository(trx).deleteAllOf(target.id);
        }
        return { action: disabled ? 'user.disabled' : 'user.enabled' };
      }),

    /** Makes the user one of a supplier's people, who read what the supplier was sent. */
    setSupplierMember: (actor: Actor | null, userId: string, supplierId: string, member: boolean) =>
      changeUser(actor, userId, async (trx, target) => {
        const supplier = await trx
          .selectFrom('suppliers')
          .select(['id', 'slug', 'merchant_id'])
          .where('id', '=', supplierId)
          .executeTakeFirst();
        if (!supplier) {
          throw notFound('supplier');
        }
        const changed = member
          ? (
              await trx
                .insertInto('supplier_members')
                .values({ supplier_id: supplier.id, user_id: target.id })
                .onConflict((oc) => oc.doNothing())
                .executeTakeFirst()
            ).numInsertedOrUpdatedRows
          : (
              await trx
                .deleteFrom('supplier_members')
                .where('supplier_id', '=', supplier.id)
                .where('user_id', '=', target.id)
                .executeTakeFirst()
            ).numDeletedRows;
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
      return createAuditRepository(db).list(query);
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
