import { sessionSchema, userIdParams, userListSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdminService } from './admin.service';

export const adminRoutes: FastifyPluginAsyncZod<{ admin: AdminService }> = async (app, { admin }) => {
  app.get(
    '/admin/users',
    { schema: { tags: ['admin'], summary: 'Every user and their roles', response: { 200: userListSchema } } },
    async (request) => ({ users: await admin.listUsers(request.actor) }),
  );

  app.put(
    '/admin/users/:userId/roles/merchant',
    { schema: { tags: ['admin'], summary: 'Grant the merchant role', params: userIdParams, response: { 200: sessionSchema } } },
    async (request) => ({ user: await admin.setMerchant(request.actor, request.params.userId, true) }),
  );

  app.delete(
    '/admin/users/:userId/roles/merchant',
    { schema: { tags: ['admin'], summary: 'Remove the merchant role', params: userIdParams, response: { 200: sessionSchema } } },
    async (request) => ({ user: await admin.setMerchant(request.actor, request.params.userId, false) }),
  );
};
