import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: unguessable, so a plain SHA-256 (no salt, no stretching) is enough to store it. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
