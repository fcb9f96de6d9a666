import { z } from 'zod';
import { noContent, requiredText } from '../fields';
import { PASSWORD_MAX_LENGTH } from '../password-policy';
import { defineRoute } from '../route';
import { newPassword } from './auth';

/** What people change about their own account. */

export const accountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  /** False for an account made by signing in with Google or another issuer, until it sets a password. */
  hasPassword: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

export const updateAccountSchema = z.object({ name: requiredText('Your name', 200) });
export type UpdateAccount = z.infer<typeof updateAccountSchema>;

/** Changing a password takes the current one; every other session of the account is then signed out. */
export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: 'Type your current password.' })
    .min(1, 'Type your current password.')
    .max(PASSWORD_MAX_LENGTH, 'This is not your current password.'),
  newPassword,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

const tags = ['auth'];

export const accountRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/me/account',
    summary: 'My name and e-mail, and whether I have a password',
    tags,
    caller: 'signed-in',
    responses: { 200: accountSchema },
  }),
  rename: defineRoute({
    method: 'PATCH',
    path: '/me/account',
    summary: 'Change my name',
    tags,
    caller: 'signed-in',
    body: updateAccountSchema,
    responses: { 200: accountSchema },
  }),
  changePassword: defineRoute({
    method: 'PUT',
    path: '/me/account/password',
    summary: 'Change my password (the current one required); signs out my other sessions',
    tags,
    caller: 'signed-in',
    body: changePasswordSchema,
    responses: { 204: noContent },
  }),
};
