import {
  SUPPLIER_INVITATION_LINK_PATH,
  type AcceptedSupplierInvitation,
  type InviteSupplierPerson,
  type SupplierInvitation,
  type SupplierInvitationView,
  type SupplierPeople,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, DomainError, forbidden, gone, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { AuditRepository } from '../audit/audit.repository';
import { escapeHtml, type AccountMailer } from '../auth/account-mailer';
import { requireActor, type Actor } from '../auth/actor';
import { hashToken, newToken } from '../auth/tokens';
import type { UsersRepository } from '../auth/users.repository';
import type { SuppliersRepository } from '../suppliers/suppliers.repository';
import type { LinkedInvitationRow, SupplierInvitationsRepository } from './supplier-invitations.repository';

/** How long an invitation's link works. */
const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const day = (at: Date) => at.toISOString().slice(0, 10);

export interface SupplierInvitationRepositories {
  invitations: SupplierInvitationsRepository;
  suppliers: SuppliersRepository;
  users: UsersRepository;
  audit: AuditRepository;
}

/**
 * A shop invites a supplier's people by e-mail; whoever signs in with the invited address and
 * accepts becomes one of the supplier's people (which is what gives an account the supplier role),
 * and sees in the supplier portal what every shop they belong to sent.
 */
export function createSupplierInvitationsService(
  db: Kysely<Database>,
  { invitations, suppliers, users, audit }: SupplierInvitationRepositories,
  { publicUrl, mailer }: { publicUrl: string; mailer: AccountMailer },
) {
  /** The shop's own supplier; another shop's is as unknown as one that does not exist. */
  async function supplierOf(repository: SuppliersRepository, { shop }: ShopCaller, supplierId: string) {
    const supplier = await repository.find(shop.id, supplierId);
    if (!supplier) {
      throw notFound('supplier');
    }
    return supplier;
  }

  async function sendInvitation(
    to: string,
    token: string,
    { shop, inviter, supplier }: { shop: string; inviter: string; supplier: string },
  ): Promise<void> {
    const link = `${publicUrl.replace(/\/+$/, '')}${SUPPLIER_INVITATION_LINK_PATH}/${token}`;
    const what = `${inviter} of ${shop} invites you to see, as one of ${supplier}'s people, the orders and purchase orders ${shop} sends ${supplier}`;
    const after = `The link works once, for 14 days, for the account with this e-mail address (${to}): sign in with it, or create it. If you did not expect this e-mail, ignore it.`;
    await mailer.send({
      to,
      subject: `${shop} invites you to its supplier portal for ${supplier}`,
      text: `Hello,\n\n${what}.\n\nTo accept, open this link:\n\n${link}\n\n${after}\n`,
      html: `<p>Hello,</p><p>${escapeHtml(what)}.</p><p><a href="${escapeHtml(link)}">Accept the invitation</a></p><p>${escapeHtml(after)}</p>`,
    });
  }

  /** The invitation of a link, or why it does not open: unknown (404), or no longer usable (410). */
  async function linked(
    repository: SupplierInvitationsRepository,
    token: string,
    lock: boolean,
  ): Promise<LinkedInvitationRow> {
    const invitation = await repository.findByTokenHash(hashToken(token), lock);
    if (!invitation) {
      throw notFound('This invitation is not known: open the link from the e-mail exactly as it is.');
    }
    const shop = invitation.merchant_name;
    switch (invitation.status) {
      case 'pending':
        break;
      case 'accepted':
        throw gone(
          `This invitation was accepted on ${day(invitation.ended_at!)} and works only once: sign in to see ${invitation.supplier_name}'s orders in the supplier portal.`,
        );
      case 'withdrawn':
        throw gone(
          `${shop} withdrew this invitation: ask them to invite you again if you should have access.`,
        );
      case 'replaced':
        throw gone(`${shop} sent a newer invitation to this address: open the link in the latest e-mail.`);
    }
    if (invitation.expired) {
      throw gone(
        `This invitation has expired (invitations work for 14 days): ask ${shop} to invite you again.`,
      );
    }
    return invitation;
  }

  return {
    async list(caller: ShopCaller, supplierId: string): Promise<SupplierPeople> {
      const supplier = await supplierOf(suppliers, caller, supplierId);
      const [members, list] = await Promise.all([
        invitations.members(supplier.id),
        invitations.list(supplier.id),
      ]);
      return { members, invitations: list };
    },

    /**
     * Records the invitation (replacing a pending one of the same address, whose link stops working)
     * and e-mails its link. The token is kept only as its hash. If the e-mail cannot be sent the
     * invitation stays, and inviting again sends a fresh link.
     */
    async invite(
      caller: ShopCaller,
      supplierId: string,
      input: InviteSupplierPerson,
    ): Promise<SupplierInvitation> {
      const email = input.email.trim().toLowerCase();
      const token = newToken();
      const { supplier, id } = await db.transaction().execute(async (trx) => {
        const found = await supplierOf(suppliers.within(trx), caller, supplierId);
        const repository = invitations.within(trx);
        if ((await repository.members(found.id)).some((member) => member.email.toLowerCase() === email)) {
          throw conflict(`${email} is already one of ${found.name}'s people.`, [
            { path: 'body.email', message: 'already has access' },
          ]);
        }
        await repository.replacePending(found.id, email, caller.actor.userId);
        const inserted = await repository.insert({
          supplierId: found.id,
          email,
          tokenHash: hashToken(token),
          invitedBy: caller.actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
        });
        return { supplier: found, id: inserted.id };
      });
      const inviter = await users.findById(caller.actor.userId);
      try {
        await sendInvitation(email, token, {
          shop: caller.shop.name,
          inviter: inviter?.name ?? caller.shop.name,
          supplier: supplier.name,
        });
      } catch {
        throw new DomainError(
          503,
          `The invitation e-mail to ${email} could not be sent just now: invite again in a moment.`,
        );
      }
      return (await invitations.list(supplier.id)).find((row) => row.id === id)!;
    },

    /** A pending invitation's link stops working; the invitation is kept, as withdrawn. */
    async withdraw(caller: ShopCaller, supplierId: string, invitationId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const supplier = await supplierOf(suppliers.within(trx), caller, supplierId);
        const repository = invitations.within(trx);
        const invitation = await repository.find(supplier.id, invitationId);
        // Replaced ones are not listed: to the shop they are as gone as ones that never were.
        if (!invitation || invitation.status === 'replaced') {
          throw notFound('invitation');
        }
        if (invitation.status === 'accepted') {
          throw conflict(
            `${invitation.email} accepted this invitation on ${day(invitation.ended_at!)}: it can no longer be withdrawn.`,
          );
        }
        if (invitation.status === 'withdrawn') {
          throw conflict(`The invitation of ${invitation.email} is already withdrawn.`);
        }
        await repository.withdraw(invitation.id, caller.actor.userId);
      });
    },

    /** What the link's page shows before anyone signs in. */
    async view(token: string): Promise<SupplierInvitationView> {
      const invitation = await linked(invitations, token, false);
      return {
        merchant: { slug: invitation.merchant_slug, name: invitation.merchant_name },
        supplier: { name: invitation.supplier_name },
        invitedBy: invitation.inviter_name,
        email: invitation.email,
        expiresAt: invitation.expires_at.toISOString(),
      };
    },

    /**
     * Makes the signed-in person one of the supplier's people, if their account's address is the one
     * invited, and uses up the invitation, in one transaction that holds it (a second accept waits,
     * then finds it used). Audited as an administrator's tie of a person to a supplier is.
     */
    async accept(actor: Actor | null, token: string): Promise<AcceptedSupplierInvitation> {
      const person = requireActor(actor);
      return db.transaction().execute(async (trx) => {
        const invitation = await linked(invitations.within(trx), token, true);
        const account = await users.within(trx).findById(person.userId);
        if (!account || account.email.toLowerCase() !== invitation.email) {
          throw forbidden(
            `This invitation is for ${invitation.email}: sign out, then sign in with that address (or create an account with it) to accept.`,
          );
        }
        await invitations.within(trx).addMember(invitation.supplier_id, account.id);
        await invitations.within(trx).accept(invitation.id, account.id);
        await audit.within(trx).record({
          action: 'supplier.linked',
          actor: { id: account.id, email: account.email },
          target: { id: account.id, email: account.email },
          merchantId: invitation.merchant_id,
          details: { supplier: invitation.supplier_slug, invitation: invitation.id },
        });
        return {
          merchant: { slug: invitation.merchant_slug, name: invitation.merchant_name },
          supplier: { id: invitation.supplier_id, name: invitation.supplier_name },
        };
      });
    },
  };
}
export type SupplierInvitationsService = ReturnType<typeof createSupplierInvitationsService>;
