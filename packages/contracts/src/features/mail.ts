import { z } from 'zod';
import { timestamp } from '../fields';
import { defineRoute } from '../route';

/** The mail folder of embedded mode: mail is written there instead of sent. */

export const mailMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  date: timestamp,
  text: z.string(),
  html: z.string().nullable(),
});
export type MailMessage = z.infer<typeof mailMessageSchema>;
export const mailListSchema = z.object({ enabled: z.boolean(), messages: z.array(mailMessageSchema) });

export const mailRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/mail',
    summary: 'The mail folder, newest first (embedded mode: mail is written there instead of sent)',
    tags: ['mail'],
    caller: 'merchant or admin',
    responses: { 200: mailListSchema },
  }),
};
