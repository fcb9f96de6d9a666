import { addStaffSchema, merchantParams, staffListSchema, staffMemberSchema, staffParams } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import { z } from 'zod';
import type { StaffService } from './staff.service';

export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  app.get(
    '/merchants/:merchantSlug/staff',
    {
      config: { permission: 'staff' },
      schema: { tags: ['staff'], summary: "The shop's owner, managers and cashiers", params: merchantParams, response: { 200: staffListSchema } },
    },
    async (request) => ({ staff: await staff.list(shopCallerOf(request)) }),
  );

  app.post(
    '/merchants/:merchantSlug/staff',
    {
      config: { permission: 'staff' },
      schema: {
        tags: ['staff'],
        summary: 'Add a manager or cashier by e-mail, or change their role (owner)',
        params: merchantParams,
        body: addStaffSchema,
        response: { 200: staffMemberSchema },
      },
    },
    (request) => staff.add(shopCallerOf(request), request.body),
  );

  app.delete(
    '/merchants/:merchantSlug/staff/:userId',
    {
      config: { permission: 'staff' },
      schema: { tags: ['staff'], summary: 'Remove a manager or cashier (owner)', params: staffParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await staff.remove(shopCallerOf(request), request.params.userId);
      return reply.status(204).send(null);
    },
  );
};
