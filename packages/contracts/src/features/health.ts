import { z } from 'zod';
import { defineRoute } from '../route';

/** Whether the server is up, for load balancers and people. */

const healthSchema = z.object({ status: z.literal('ok'), database: z.string(), broker: z.string() });

export const healthRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/health',
    summary: 'Liveness, and what the server runs on',
    tags: ['health'],
    caller: 'anyone',
    responses: { 200: healthSchema },
  }),
};
