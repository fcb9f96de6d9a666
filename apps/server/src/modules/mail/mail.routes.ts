import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import type { MailFolderService } from './mail.service';

export const mailRoutes: FastifyPluginAsyncZod<{ mail: MailFolderService }> = async (app, { mail }) => {
  route(app, routes.mail.list, {
    handler: (request) => mail.list(request.actor),
  });
};
