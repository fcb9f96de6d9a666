import type { SupplierInvitation, SupplierMember } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { repository } from '../../db/repository';

const personOf = (id: string | null, name: string | null, email: string | null) =>
  id !== null && name !== null && email !== null ? { id, name, email } : null;

/** A shop's invitations of its suppliers' people, and the people a supplier has. */
function supplierInvitationStatements(db: Kysely<Database>) {
  return {
    /** The supplier's people, longest there first. */
    members: async (supplierId: string): Promise<SupplierMember[]> =>
      (
        await db
          .selectFrom('supplier_members')
          .innerJoin('users', 'users.id', 'supplier_members.user_id')
          .select(['users.id', 'users.name', 'users.email', 'supplier_members.created_at'])
          .where('supplier_members.supplier_id', '=', supplierId)
          .orderBy('supplier_members.created_at')
          .orderBy('users.email')
          .execute()
      ).map((row) => ({ id: row.id, name: row.name, email: row.email, since: row.created_at.toISOString() })),

    /** Pending and accepted invitations of the supplier: pending first, then newest first. */
    list: async (supplierId: string): Promise<SupplierInvitation[]> =>
      (
        await db
          .selectFrom('supplier_invitations as i')
          .leftJoin('users as inviter', 'inviter.id', 'i.invited_by')
          .leftJoin('users as accepter', (join) =>
            join.onRef('accepter.id', '=', 'i.ended_by').on('i.status', '=', 'accepted'),
          )
          .select([
            'i.id',
            'i.email',
            'i.status',
            'i.created_at',
            'i.expires_at',
            'i.ended_at',
            'inviter.id as inviter_id',
            'inviter.name as inviter_name',
            'inviter.email as inviter_email',
            'accepter.id as accepter_id',
            'accepter.name as accepter_name',
            'accepter.email as accepter_email',
          ])
          .where('i.supplier_id', '=', supplierId)
          .where('i.status', 'in', ['pending', 'accepted'])
          .orderBy(sql`i.status = 'pending'`, 'desc')
          .orderBy('i.created_at', 'desc')
          .execute()
      ).map((row) => ({
        id: row.id,
        email: row.email,
        status: row.status === 'accepted' ? ('accepted' as const) : ('pending' as const),
        invitedBy: personOf(row.inviter_id, row.inviter_name, row.inviter_email),
        invitedAt: row.created_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
        acceptedBy: personOf(row.accepter_id, row.accepter_name, row.accepter_email),
        acceptedAt: row.status === 'accepted' ? (row.ended_at?.toISOString() ?? null) : null,
      })),

    /** Ends the pending invitation of this address, if any, as replaced by `by`'s new one. */
    replacePending: (supplierId: string, email: string, by: string) =>
      db
        .updateTable('supplier_invitations')
        .set({ status: 'replaced', ended_at: sql`now()`, ended_by: by })
        .where('supplier_id', '=', supplierId)
        .where('email', '=', email)
        .where('status', '=', 'pending')
        .execute(),

    insert: (values: {
      supplierId: string;
      email: string;
      tokenHash: string;
      invitedBy: string;
      expiresAt: Date;
    }) =>
      db
        .insertInto('supplier_invitations')
        .values({
          supplier_id: values.supplierId,
          email: values.email,
          token_hash: values.tokenHash,
          invited_by: values.invitedBy,
          expires_at: values.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),

    /** One of the supplier's invitations, whatever its state, held for the caller's transaction. */
    find: (supplierId: string, invitationId: string) =>
      db
        .selectFrom('supplier_invitations')
        .select(['id', 'email', 'status', 'ended_at'])
        .where('supplier_id', '=', supplierId)
        .where('id', '=', invitationId)
        .forUpdate()
        .executeTakeFirst(),

    /** Ends a pending invitation as withdrawn, kept with who withdrew it and when. */
    withdraw: (invitationId: string, by: string) =>
      db
        .updateTable('supplier_invitations')
        .set({ status: 'withdrawn', ended_at: sql`now()`, ended_by: by })
        .where('id', '=', invitationId)
        .where('status', '=', 'pending')
        .execute(),

    /**
     * The invitation of a link by its token's hash, with its shop, supplier and inviter, and whether it
     * has expired by the database's clock; `lock` holds it for the caller's transaction.
     */
    findByTokenHash: (tokenHash: string, lock = false) =>
      db
        .selectFrom('supplier_invitations as i')
        .innerJoin('suppliers', 'suppliers.id', 'i.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
        .leftJoin('users as inviter', 'inviter.id', 'i.invited_by')
        .select([
          'i.id',
          'i.email',
          'i.status',
          'i.expires_at',
          'i.ended_at',
          sql<boolean>`i.expires_at <= now()`.as('expired'),
          'suppliers.id as supplier_id',
          'suppliers.slug as supplier_slug',
          'suppliers.name as supplier_name',
          'merchants.id as merchant_id',
          'merchants.slug as merchant_slug',
          'merchants.name as merchant_name',
          'inviter.name as inviter_name',
        ])
        .where('i.token_hash', '=', tokenHash)
        .$if(lock, (query) => query.forUpdate('i'))
        .executeTakeFirst(),

    accept: (invitationId: string, userId: string) =>
      db
        .updateTable('supplier_invitations')
        .set({ status: 'accepted', ended_at: sql`now()`, ended_by: userId })
        .where('id', '=', invitationId)
        .execute(),

    /** Whether the person became one of the supplier's people (false: already was). */
    addMember: async (supplierId: string, userId: string) =>
      (
        await db
          .insertInto('supplier_members')
          .values({ supplier_id: supplierId, user_id: userId })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
      ).numInsertedOrUpdatedRows! > 0n,
  };
}
export const createSupplierInvitationsRepository = repository(supplierInvitationStatements);
export type SupplierInvitationsRepository = ReturnType<typeof createSupplierInvitationsRepository>;
export type LinkedInvitationRow = NonNullable<
  Awaited<ReturnType<SupplierInvitationsRepository['findByTokenHash']>>
>;
