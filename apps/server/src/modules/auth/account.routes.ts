import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import type { AccountService } from './account.service';
import { rateLimiter, type RateLimit } from './rate-limits';
import { SESSION_COOKIE } from './session-cookie';

export interface AccountRoutesOptions {
  account: AccountService;
  /** Password changes per account: each one checks a guess of the current password. */
  passwordChangeLimit: RateLimit;
}

export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, { account, passwordChangeLimit }) => {
  const limitPasswordChanges = rateLimiter(
    app,
    passwordChangeLimit,
    (request) => `password-change:${request.actor?.userId ?? request.ip}`,
    'Too many password changes for this account',
  );

  route(app, routes.account.get, {
    handler: (request) => account.get(request.actor),
  });

  route(app, routes.account.rename, {
    handler: (request) => account.rename(request.actor, request.body),
  });

  route(app, routes.account.changePassword, {
    preHandler: limitPasswordChanges,
    handler: async (request) => {
      await account.changePassword(request.actor, request.cookies[SESSION_COOKIE], request.body);
      return null;
    },
  });
};
