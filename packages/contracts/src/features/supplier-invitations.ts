import { z } from 'zod';
import { id, noContent, timestamp } from '../fields';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { supplierParams } from './suppliers';

/**
 * A shop invites a supplier's people by e-mail: the e-mailed link, opened by whoever signs in with
 * that address, makes them one of the supplier's people, who see in the supplier portal what every
 * shop they belong to sent. A link works once, for 14 days; inviting the address again replaces it.
 */

export const inviteSupplierPersonSchema = z.object({ email: z.email().max(254) });
export type InviteSupplierPerson = z.input<typeof inviteSupplierPersonSchema>;

const person = z.object({ id, name: z.string(), email: z.string() });

/** Someone who sees what the shop sends the supplier. */
export const supplierMemberSchema = person.extend({ since: timestamp });
export type SupplierMember = z.infer<typeof supplierMemberSchema>;

export const supplierInvitationStatusSchema = z.enum(['pending', 'accepted']);
export const supplierInvitationSchema = z.object({
  id,
  email: z.string(),
  status: supplierInvitationStatusSchema,
  /** Null once the inviting account is deleted. */
  invitedBy: person.nullable(),
  invitedAt: timestamp,
  /** A pending invitation's link stops working then; it may be sent again. */
  expiresAt: timestamp,
  acceptedBy: person.nullable(),
  acceptedAt: timestamp.nullable(),
});
export type SupplierInvitation = z.infer<typeof supplierInvitationSchema>;

/** Who has access to what the shop sends a supplier, and whom it invited: pending first, newest first. */
export const supplierPeopleSchema = z.object({
  members: z.array(supplierMemberSchema),
  invitations: z.array(supplierInvitationSchema),
});
export type SupplierPeople = z.infer<typeof supplierPeopleSchema>;

export const supplierInvitationParams = supplierParams.extend({ invitationId: id });

/** The link's token as the e-mail carries it; any other text is an invitation that does not exist (404). */
export const supplierInvitationLinkParams = z.object({
  token: z.string().min(1, 'The link has no token.').max(200, 'This is not an invitation link.'),
});

/** What the invited person sees before accepting: who invites whom, and the address to sign in with. */
export const supplierInvitationViewSchema = z.object({
  merchant: z.object({ slug: slugSchema, name: z.string() }),
  supplier: z.object({ name: z.string() }),
  /** The name of the person who invited; null once their account is deleted. */
  invitedBy: z.string().nullable(),
  email: z.string(),
  expiresAt: timestamp,
});
export type SupplierInvitationView = z.infer<typeof supplierInvitationViewSchema>;

export const acceptedSupplierInvitationSchema = z.object({
  merchant: z.object({ slug: slugSchema, name: z.string() }),
  supplier: z.object({ id, name: z.string() }),
});
export type AcceptedSupplierInvitation = z.infer<typeof acceptedSupplierInvitationSchema>;

/** Where the e-mailed link opens in the web app: `<public URL>/supplier-invitations/<token>`. */
export const SUPPLIER_INVITATION_LINK_PATH = '/supplier-invitations';

const tags = ['suppliers'];

export const supplierInvitationRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/suppliers/:supplierId/invitations',
    summary: "A supplier's people (who see what the shop sends it) and its pending and accepted invitations",
    tags,
    permission: 'suppliers',
    params: supplierParams,
    responses: { 200: supplierPeopleSchema },
  }),
  invite: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/suppliers/:supplierId/invitations',
    summary: "Invite a person by e-mail to be one of the supplier's people",
    description:
      'E-mails a link that works once, for 14 days, for whoever signs in with that address. Inviting an address with a pending invitation replaces it: the earlier link stops working.',
    tags,
    permission: 'suppliers',
    params: supplierParams,
    body: inviteSupplierPersonSchema,
    responses: { 201: supplierInvitationSchema },
  }),
  withdraw: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/suppliers/:supplierId/invitations/:invitationId',
    summary: 'Withdraw a pending invitation: its link stops working (it is kept as withdrawn)',
    tags,
    permission: 'suppliers',
    params: supplierInvitationParams,
    responses: { 204: noContent },
  }),
  byLink: defineRoute({
    method: 'GET',
    path: '/supplier-invitations/:token',
    summary:
      'The invitation an e-mailed link is for: the shop, the supplier, who invited, and the address invited (no sign-in)',
    tags,
    caller: 'anyone',
    params: supplierInvitationLinkParams,
    responses: { 200: supplierInvitationViewSchema },
  }),
  accept: defineRoute({
    method: 'POST',
    path: '/supplier-invitations/:token/accept',
    summary:
      "Accept an invitation, signed in with the invited address: I become one of the supplier's people",
    tags,
    caller: 'signed-in',
    params: supplierInvitationLinkParams,
    responses: { 200: acceptedSupplierInvitationSchema },
  }),
};
