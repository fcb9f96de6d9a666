import { mailListSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MailFolderService } from './mail.service';

export const mailRoutes: FastifyPluginAsyncZod<{ mail: MailFolderService }> = async (app, { mail }) => {
  app.get(
    '/mail',
    {
      schema: {
        tags: ['mail'],
        summary: 'The mail folder, newest first (embedded mode: mail is written there instead of sent)',
        response: { 200: mailListSchema },
      },
    },
    (request) => mail.list(request.actor),
  );
};
