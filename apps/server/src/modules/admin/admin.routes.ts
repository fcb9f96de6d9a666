import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import type { AdminService } from './admin.service';

export const adminRoutes: FastifyPluginAsyncZod<{ admin: AdminService }> = async (app, { admin }) => {
  route(app, routes.admin.users, {
    handler: async (request) => ({ users: await admin.listUsers(request.actor) }),
  });

  const switches = [
    { definition: routes.admin.merchantRole, apply: admin.setMerchant },
    { definition: routes.admin.adminRole, apply: admin.setAdmin },
    { definition: routes.admin.disabled, apply: admin.setDisabled },
  ];
  for (const { definition, apply } of switches) {
    route(app, definition.set, {
      handler: async (request) => ({ user: await apply(request.actor, request.params.userId, true) }),
    });
    route(app, definition.unset, {
      handler: async (request) => ({ user: await apply(request.actor, request.params.userId, false) }),
    });
  }

  route(app, routes.admin.addToSupplier, {
    handler: async (request) => ({
      user: await admin.setSupplierMember(request.actor, request.params.userId, request.params.supplierId, true),
    }),
  });
  route(app, routes.admin.removeFromSupplier, {
    handler: async (request) => ({
      user: await admin.setSupplierMember(request.actor, request.params.userId, request.params.supplierId, false),
    }),
  });

  route(app, routes.admin.auditLog, {
    handler: async (request) => ({ entries: await admin.auditLog(request.actor, request.query) }),
  });
};
