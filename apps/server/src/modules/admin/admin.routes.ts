import {
  adminUserListSchema,
  adminUserResponseSchema,
  auditLogQuerySchema,
  auditLogSchema,
  userIdParams,
  userSupplierParams,
} from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdminService } from './admin.service';

export const adminRoutes: FastifyPluginAsyncZod<{ admin: AdminService }> = async (app, { admin }) => {
  app.get(
    '/admin/users',
    { schema: { tags: ['admin'], summary: 'Every user, their roles, shops and suppliers', response: { 200: adminUserListSchema } } },
    async (request) => ({ users: await admin.listUsers(request.actor) }),
  );

  const toggles = [
    { path: 'roles/merchant', summary: 'the merchant role (may open shops)', apply: admin.setMerchant },
    { path: 'roles/admin', summary: 'the admin role', apply: admin.setAdmin },
    { path: 'disabled', summary: 'disabled (no sign-in; every session ends)', apply: admin.setDisabled },
  ] as const;
  for (const toggle of toggles) {
    app.put(
      `/admin/users/:userId/${toggle.path}`,
      { schema: { tags: ['admin'], summary: `Set ${toggle.summary}`, params: userIdParams, response: { 200: adminUserResponseSchema } } },
      async (request) => ({ user: await toggle.apply(request.actor, request.params.userId, true) }),
    );
    app.delete(
      `/admin/users/:userId/${toggle.path}`,
      { schema: { tags: ['admin'], summary: `Unset ${toggle.summary}`, params: userIdParams, response: { 200: adminUserResponseSchema } } },
      async (request) => ({ user: await toggle.apply(request.actor, request.params.userId, false) }),
    );
  }

  app.put(
    '/admin/users/:userId/suppliers/:supplierId',
    {
      schema: {
        tags: ['admin'],
        summary: "Make the user one of a supplier's people (supplier role)",
        params: userSupplierParams,
        response: { 200: adminUserResponseSchema },
      },
    },
    async (request) => ({
      user: await admin.setSupplierMember(request.actor, request.params.userId, request.params.supplierId, true),
    }),
  );
  app.delete(
    '/admin/users/:userId/suppliers/:supplierId',
    {
      schema: {
        tags: ['admin'],
        summary: "Remove the user from a supplier's people",
        params: userSupplierParams,
        response: { 200: adminUserResponseSchema },
      },
    },
    async (request) => ({
      user: await admin.setSupplierMember(request.actor, request.params.userId, request.params.supplierId, false),
    }),
  );

  app.get(
    '/admin/audit-log',
    {
      schema: {
        tags: ['admin'],
        summary: 'Who changed whose access, newest first',
        querystring: auditLogQuerySchema,
        response: { 200: auditLogSchema },
      },
    },
    async (request) => ({ entries: await admin.auditLog(request.actor, request.query) }),
  );
};
