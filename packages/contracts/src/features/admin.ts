import { z } from 'zod';
import { id, timestamp } from '../fields';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { userSchema } from './auth';
import { staffRoleSchema } from './merchants';

/** The platform's administration: people's roles, and who changed whose access. */

export const userListSchema = z.object({ users: z.array(userSchema) });
export const userIdParams = z.object({ userId: id });

export const adminUserSchema = userSchema.extend({
  disabled: z.boolean(),
  memberships: z.array(
    z.object({ merchant: z.object({ slug: slugSchema, name: z.string() }), role: staffRoleSchema }),
  ),
  suppliers: z.array(z.object({ id, slug: slugSchema, name: z.string(), merchantSlug: slugSchema })),
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });
export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export const userSupplierParams = userIdParams.extend({ supplierId: id });

export const auditEntrySchema = z.object({
  id,
  at: timestamp,
  actor: z.object({ id: id.nullable(), email: z.string() }),
  /** For example `role.granted`, `user.disabled`, `staff.added`. */
  action: z.string(),
  target: z.object({ id: id.nullable(), email: z.string().nullable() }),
  merchantSlug: slugSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditLogSchema = z.object({ entries: z.array(auditEntrySchema) });
export const auditLogQuerySchema = z.object({
  /** Entries older than this one's time, for the next page. */
  before: timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const tags = ['admin'];

/** A switch of a user's: set by PUT on its address, unset by DELETE. */
function userSwitch<const Path extends string>(path: Path, summary: string) {
  const route = {
    path: `/admin/users/:userId/${path}`,
    tags,
    caller: 'admin',
    params: userIdParams,
    responses: { 200: adminUserResponseSchema },
  } as const;
  return {
    set: defineRoute({ ...route, method: 'PUT', summary: `Set ${summary}` }),
    unset: defineRoute({ ...route, method: 'DELETE', summary: `Unset ${summary}` }),
  };
}

export const adminRoutes = {
  users: defineRoute({
    method: 'GET',
    path: '/admin/users',
    summary: 'Every user, their roles, shops and suppliers',
    tags,
    caller: 'admin',
    responses: { 200: adminUserListSchema },
  }),
  merchantRole: userSwitch('roles/merchant', 'the merchant role (may open shops)'),
  adminRole: userSwitch('roles/admin', 'the admin role'),
  disabled: userSwitch('disabled', 'disabled (no sign-in; every session ends)'),
  addToSupplier: defineRoute({
    method: 'PUT',
    path: '/admin/users/:userId/suppliers/:supplierId',
    summary: "Make the user one of a supplier's people (supplier role)",
    tags,
    caller: 'admin',
    params: userSupplierParams,
    responses: { 200: adminUserResponseSchema },
  }),
  removeFromSupplier: defineRoute({
    method: 'DELETE',
    path: '/admin/users/:userId/suppliers/:supplierId',
    summary: "Remove the user from a supplier's people",
    tags,
    caller: 'admin',
    params: userSupplierParams,
    responses: { 200: adminUserResponseSchema },
  }),
  auditLog: defineRoute({
    method: 'GET',
    path: '/admin/audit-log',
    summary: 'Who changed whose access, newest first',
    tags,
    caller: 'admin',
    query: auditLogQuerySchema,
    responses: { 200: auditLogSchema },
  }),
};
