import { z } from 'zod';

/** What every refusal of the API answers: the status, its name, a sentence, and per field what is wrong. */
export const errorSchema = z.object({
  statusCode: z.int(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof errorSchema>;
