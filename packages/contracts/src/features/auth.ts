import { z } from 'zod';
import { id, name, noContent, timestamp } from '../fields';
import {
  PASSWORD_IS_EMAIL,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from '../password-policy';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';

/** Signing up, in and out, one's sessions, and resetting a forgotten password. */

/**
 * Account-wide roles: everybody is a customer; a merchant may open shops (and owns those); staff
 * work at a shop as manager or cashier (which shops and how: `merchantRoleSchema`); a supplier's
 * people read what was sent to their supplier; an admin runs the platform.
 */
export const roleSchema = z.enum(['admin', 'merchant', 'customer', 'staff', 'supplier']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id,
  email: z.email(),
  name: z.string(),
  roles: z.array(roleSchema),
  createdAt: timestamp,
});
export type User = z.infer<typeof userSchema>;

export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem.message });
    }
  });
export const signUpSchema = z
  .object({
    email: z.email().max(254),
    name,
    password: newPassword,
  })
  .superRefine((body, context) => {
    if (passwordProblem(body.password, body.email)?.message === PASSWORD_IS_EMAIL) {
      context.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL });
    }
  });
export type SignUp = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});
export type SignIn = z.infer<typeof signInSchema>;

/** Asks for a reset link by e-mail; answered 202 whether or not the address has an account. */
export const passwordResetRequestSchema = z.object({ email: z.email().max(254) });
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;
/** Sets a new password with the token from the e-mailed link; every session of the account ends. */
export const passwordResetSchema = z.object({ token: z.string().min(1).max(200), password: newPassword });
export type PasswordReset = z.infer<typeof passwordResetSchema>;

export const sessionSchema = z.object({ user: userSchema });
export type Session = z.infer<typeof sessionSchema>;

/**
 * Who is signed in on this browser: the user, or null for nobody. Unlike `GET /auth/session`, which
 * answers 401 to a script without a session, nobody is a normal answer here: a page that only wants
 * to know whom to greet gets 200, and the browser logs no failed request.
 */
export const whoAmISchema = z.object({ user: userSchema.nullable() });
export type WhoAmI = z.infer<typeof whoAmISchema>;

/** One of the signed-in user's sessions (a browser or device), as the account page lists them. */
export const sessionInfoSchema = z.object({
  id,
  createdAt: timestamp,
  lastSeenAt: timestamp,
  userAgent: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
export const sessionInfoListSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export const sessionIdParams = z.object({ sessionId: id });

/** Sign-in methods the server offers; the sign-in page shows one entry per method. */
export const authProvidersSchema = z.object({
  providers: z.array(
    z.object({ id: z.string(), kind: z.enum(['password', 'oidc', 'oauth2']), label: z.string() }),
  ),
});
export type AuthProviders = z.infer<typeof authProvidersSchema>;

/** An OpenID Connect or OAuth 2 issuer on offer, by its id. */
const externalProviderParams = z.object({ providerId: slugSchema });
/** Where to go once signed in: a page of the app. */
const externalSignInStartQuery = z.object({ next: z.string().max(2000).optional() });

/** The answer of a route that sends the browser elsewhere. */
const redirect = z.null();

const tags = ['auth'];

export const authRoutes = {
  providers: defineRoute({
    method: 'GET',
    path: '/auth/providers',
    summary: 'Sign-in methods on offer',
    tags,
    caller: 'anyone',
    responses: { 200: authProvidersSchema },
  }),
  signUp: defineRoute({
    method: 'POST',
    path: '/auth/sign-up',
    summary: 'Create a customer account and sign in',
    tags,
    caller: 'anyone',
    body: signUpSchema,
    responses: { 201: sessionSchema },
  }),
  signIn: defineRoute({
    method: 'POST',
    path: '/auth/sign-in',
    summary: 'Sign in with e-mail and password',
    tags,
    caller: 'anyone',
    body: signInSchema,
    responses: { 200: sessionSchema },
  }),
  signOut: defineRoute({
    method: 'POST',
    path: '/auth/sign-out',
    summary: 'End this session',
    tags,
    caller: 'anyone',
    responses: { 204: noContent },
  }),
  session: defineRoute({
    method: 'GET',
    path: '/auth/session',
    summary: 'The signed-in user',
    tags,
    caller: 'signed-in',
    responses: { 200: sessionSchema },
  }),
  whoAmI: defineRoute({
    method: 'GET',
    path: '/auth/me',
    summary: 'Who is signed in: the user, or null for nobody (never 401)',
    tags,
    caller: 'anyone',
    responses: { 200: whoAmISchema },
  }),
  sessions: defineRoute({
    method: 'GET',
    path: '/auth/sessions',
    summary: 'My sessions: every browser or device signed in to my account',
    tags,
    caller: 'signed-in',
    responses: { 200: sessionInfoListSchema },
  }),
  revokeSession: defineRoute({
    method: 'DELETE',
    path: '/auth/sessions/:sessionId',
    summary: 'Sign one of my sessions out',
    tags,
    caller: 'signed-in',
    params: sessionIdParams,
    responses: { 204: noContent },
  }),
  externalStart: defineRoute({
    method: 'GET',
    path: '/auth/external/:providerId/start',
    summary: 'Start signing in with an OpenID Connect issuer: redirects to it',
    tags,
    caller: 'anyone',
    params: externalProviderParams,
    query: externalSignInStartQuery,
    responses: { 302: redirect },
  }),
  externalCallback: defineRoute({
    method: 'GET',
    path: '/auth/external/:providerId/callback',
    summary:
      'Where the issuer sends the browser back: signs in and redirects to the app (or to the sign-in page with the reason)',
    tags,
    caller: 'anyone',
    params: externalProviderParams,
    responses: { 302: redirect },
  }),
  requestPasswordReset: defineRoute({
    method: 'POST',
    path: '/auth/password-reset',
    summary: 'E-mail a password reset link (the same answer whether or not the address has an account)',
    tags,
    caller: 'anyone',
    body: passwordResetRequestSchema,
    responses: { 202: noContent },
  }),
  resetPassword: defineRoute({
    method: 'POST',
    path: '/auth/password-reset/confirm',
    summary: 'Choose a new password with the token from the e-mailed link; every session of the account ends',
    tags,
    caller: 'anyone',
    body: passwordResetSchema,
    responses: { 204: noContent },
  }),
};
