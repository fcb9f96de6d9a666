import { z } from 'zod';
import { id, name, noContent, timestamp } from '../fields';
import { defineRoute } from '../route';
import { merchantParams, staffRoleSchema } from './merchants';

/** Tokens for a shop's scripts and devices. */

/** A token for a script or device, acting in one shop with a staff role's permissions. */
export const apiTokenSchema = z.object({
  id,
  name: z.string(),
  role: staffRoleSchema,
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  createdBy: z.object({ id, email: z.string() }),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
export const createApiTokenSchema = z.object({ name: name.max(100), role: staffRoleSchema });
export type CreateApiToken = z.infer<typeof createApiTokenSchema>;
/** The only time the token itself is shown: keep it, it cannot be read again. */
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
export const apiTokenParams = merchantParams.extend({ tokenId: id });

const tags = ['staff'];

export const apiTokenRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/api-tokens',
    summary: "The shop's API tokens (owner)",
    tags,
    permission: 'staff',
    params: merchantParams,
    responses: { 200: apiTokenListSchema },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/api-tokens',
    summary:
      'Create an API token acting in this shop as a manager or cashier; the token is shown only in this answer',
    tags,
    permission: 'staff',
    params: merchantParams,
    body: createApiTokenSchema,
    responses: { 201: createdApiTokenSchema },
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/api-tokens/:tokenId',
    summary: 'Revoke an API token (owner)',
    tags,
    permission: 'staff',
    params: apiTokenParams,
    responses: { 204: noContent },
  }),
};
