import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import type { PasswordResetService } from './password-reset.service';
import { rateLimiter, type RateLimit } from './rate-limits';

export const passwordResetRoutes: FastifyPluginAsyncZod<{ passwordReset: PasswordResetService; limit: RateLimit }> = async (
  app,
  { passwordReset, limit },
) => {
  const limitRequests = rateLimiter(app, limit, (request) => `password-reset:${request.ip}`, 'too many password reset requests');

  route(app, routes.auth.requestPasswordReset, {
    preHandler: limitRequests,
    handler: async (request) => {
      await passwordReset.request(request.body.email);
      return null;
    },
  });

  route(app, routes.auth.resetPassword, {
    handler: async (request) => {
      await passwordReset.reset(request.body);
      return null;
    },
  });
};
