import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/tokens';

/** How long an e-mailed acknowledgement link works. */
export const LINK_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * A new e-mailed link that acknowledges without signing in: a random token in the address of the web
 * app's page at `path`, of which only the hash is to be kept; it expires `LINK_LIFETIME_MS` from now.
 */
export function newAcknowledgeLink(
  publicUrl: string,
  path: string,
): { url: string; tokenHash: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  return {
    url: `${publicUrl.replace(/\/+$/, '')}${path}/${token}`,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + LINK_LIFETIME_MS),
  };
}
