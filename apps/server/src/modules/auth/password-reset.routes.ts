import { passwordResetRequestSchema, passwordResetSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PasswordResetService } from './password-reset.service';
import { rateLimiter, type RateLimit } from './rate-limits';

export const passwordResetRoutes: FastifyPluginAsyncZod<{ passwordReset: PasswordResetService; limit: RateLimit }> = async (
  app,
  { passwordReset, limit },
) => {
  const limitRequests = rateLimiter(app, limit, (request) => `password-reset:${request.ip}`, 'too many password reset requests');

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'E-mail a password reset link (the same answer whether or not the address has an account)',
        body: passwordResetRequestSchema,
        response: { 202: z.null() },
      },
      preHandler: limitRequests,
    },
    async (request, reply) => {
      await passwordReset.request(request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Choose a new password with the token from the e-mailed link; every session of the account ends',
        body: passwordResetSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await passwordReset.reset(request.body);
      return reply.status(204).send(null);
    },
  );
};
