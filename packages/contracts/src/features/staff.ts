import { z } from 'zod';
import { id, noContent, timestamp } from '../fields';
import { defineRoute } from '../route';
import { merchantParams, merchantRoleSchema, staffRoleSchema } from './merchants';

/** Who works at a shop, and as what. */

export const staffMemberSchema = z.object({
  user: z.object({ id, name: z.string(), email: z.string() }),
  role: merchantRoleSchema,
  since: timestamp,
});
export type StaffMember = z.infer<typeof staffMemberSchema>;
export const staffListSchema = z.object({ staff: z.array(staffMemberSchema) });
/** Adds someone who already has an account, by e-mail, or changes their role. */
export const addStaffSchema = z.object({ email: z.email().max(254), role: staffRoleSchema });
export type AddStaff = z.infer<typeof addStaffSchema>;
export const staffParams = merchantParams.extend({ userId: id });

const tags = ['staff'];

export const staffRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/staff',
    summary: "The shop's owner, managers and cashiers",
    tags,
    permission: 'staff',
    params: merchantParams,
    responses: { 200: staffListSchema },
  }),
  add: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/staff',
    summary: 'Add a manager or cashier by e-mail, or change their role (owner)',
    tags,
    permission: 'staff',
    params: merchantParams,
    body: addStaffSchema,
    responses: { 200: staffMemberSchema },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/staff/:userId',
    summary: 'Remove a manager or cashier (owner)',
    tags,
    permission: 'staff',
    params: staffParams,
    responses: { 204: noContent },
  }),
};
