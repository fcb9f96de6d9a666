import { z } from 'zod';
import { userSchema } from './api';

/**
 * Who is signed in on this browser: the user, or null for nobody. Unlike `GET /auth/session`, which
 * answers 401 to a script without a session, nobody is a normal answer here: a page that only wants
 * to know whom to greet gets 200, and the browser logs no failed request.
 */
export const whoAmISchema = z.object({ user: userSchema.nullable() });
export type WhoAmI = z.infer<typeof whoAmISchema>;
