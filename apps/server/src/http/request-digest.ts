import { createHash } from 'node:crypto';

/**
 * What identifies a write sent with an id of its own (a sale, a customer, a purchase order) as sent,
 * with the place it was sent to (a register, a shop): the same id sent again with another digest is
 * another write, refused rather than answered as the first.
 */
export const digestOf = (place: string, body: object) =>
  // The place is keyed `registerId`, as sales were first digested: digests recorded then still match.
  createHash('sha256')
    .update(JSON.stringify({ registerId: place, ...body }))
    .digest('base64url');
