import { accountSchema, changePasswordSchema, updateAccountSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

  app.get(
    '/me/account',
    { schema: { tags: ['auth'], summary: 'My name and e-mail, and whether I have a password', response: { 200: accountSchema } } },
    (request) => account.get(request.actor),
  );

  app.patch(
    '/me/account',
    { schema: { tags: ['auth'], summary: 'Change my name', body: updateAccountSchema, response: { 200: accountSchema } } },
    (request) => account.rename(request.actor, request.body),
  );

  app.put(
    '/me/account/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password (the current one required); signs out my other sessions',
        body: changePasswordSchema,
        response: { 204: z.null() },
      },
      preHandler: limitPasswordChanges,
    },
    async (request, reply) => {
      await account.changePassword(request.actor, request.cookies[SESSION_COOKIE], request.body);
      return reply.status(204).send(null);
    },
  );
};
