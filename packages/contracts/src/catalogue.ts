import { z } from 'zod';
import { MAX_STOCK, managedProductSchema } from './api';

/**
 * Why stock changes by hand. Received and found add; damaged and lost take away; a correction
 * (after a count) or another reason goes either way, and "other" says what it was.
 */
export const STOCK_REASONS = ['received', 'found', 'damaged', 'lost', 'correction', 'other'] as const;
export const stockReasonSchema = z.enum(STOCK_REASONS, {
  error: `Choose a reason: ${STOCK_REASONS.join(', ')}.`,
});
export type StockReason = z.infer<typeof stockReasonSchema>;
/** Which way each reason moves stock: +1 adds, -1 takes away, 0 either. */
export const STOCK_REASON_DIRECTION: Record<StockReason, 1 | -1 | 0> = {
  received: 1,
  found: 1,
  damaged: -1,
  lost: -1,
  correction: 0,
  other: 0,
};

/**
 * A change of stock by a stated amount: "received 10", "damaged -2". Applied to the stock as it is
 * when it arrives, never as a figure read earlier, so no sale made meanwhile is undone.
 */
export const stockAdjustmentSchema = z
  .object({
    change: z
      .int({ error: 'Whole numbers only.' })
      .min(-MAX_STOCK, `At most ${MAX_STOCK} at once.`)
      .max(MAX_STOCK, `At most ${MAX_STOCK} at once.`)
      .refine((change) => change !== 0, 'Give a change other than 0.'),
    reason: stockReasonSchema,
    note: z.string().trim().max(500, 'At most 500 characters.').optional(),
  })
  .superRefine((body, context) => {
    const direction = STOCK_REASON_DIRECTION[body.reason];
    if (direction !== 0 && Math.sign(body.change) !== direction) {
      context.addIssue({
        code: 'custom',
        path: ['change'],
        message:
          direction > 0
            ? `Stock ${body.reason} adds: give a positive change.`
            : `Stock ${body.reason} takes away: give a negative change.`,
      });
    }
    if (body.reason === 'other' && !body.note) {
      context.addIssue({ code: 'custom', path: ['note'], message: 'Say what happened.' });
    }
  });
export type StockAdjustment = z.input<typeof stockAdjustmentSchema>;

export const stockAdjustmentResultSchema = z.object({
  adjustment: z.object({
    change: z.int(),
    reason: stockReasonSchema,
    note: z.string().nullable(),
    /** The stock right after this change. */
    stockAfter: z.int(),
  }),
  product: managedProductSchema,
});
export type StockAdjustmentResult = z.infer<typeof stockAdjustmentResultSchema>;

/**
 * A refused change of a product (409): a SKU already used, or a change made against an older
 * version, which carries what the product is now (`current`) for the form to show beside its own.
 */
export const productConflictSchema = z.object({
  statusCode: z.literal(409),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  current: managedProductSchema.optional(),
});
export type ProductConflict = z.infer<typeof productConflictSchema>;
