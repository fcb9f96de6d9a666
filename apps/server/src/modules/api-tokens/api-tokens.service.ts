import type { ApiToken, CreateApiToken, CreatedApiToken } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { notFound } from '../../http/errors';
import type { AuditRepository } from '../audit/audit.repository';
import { requireActor, type Actor } from '../auth/actor';
import { hashToken, newToken } from '../auth/tokens';
import type { UsersRepository } from '../auth/users.repository';
import type { MerchantsService } from '../merchants/merchants.service';
import type { ApiTokensRepository } from './api-tokens.repository';

export interface ApiTokensRepositories {
  tokens: ApiTokensRepository;
  users: UsersRepository;
  audit: AuditRepository;
}

/** Recognisable in logs and secret scanners, and never mistaken for a supplier agent's token. */
export const API_TOKEN_PREFIX = 'myb_api_';

/** Tokens for a shop's scripts and devices; managed by whoever may manage the shop's staff. */
export function createApiTokensService(
  db: Kysely<Database>,
  { tokens, users, audit }: ApiTokensRepositories,
  merchants: MerchantsService,
) {
  async function recordChange(trx: Kysely<Database>, actor: Actor, action: string, merchantId: string, details: Record<string, unknown>) {
    const me = await users.within(trx).findById(actor.userId);
    await audit.within(trx).record({ actor: { id: actor.userId, email: me?.email ?? '' }, action, merchantId, details });
  }

  return {
    async list(actor: Actor | null, merchantSlug: string): Promise<ApiToken[]> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'staff');
      return tokens.list(merchant.id);
    },

    async create(actor: Actor | null, merchantSlug: string, input: CreateApiToken): Promise<CreatedApiToken> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'staff');
      const creator = requireActor(actor);
      const token = newToken(API_TOKEN_PREFIX);
      return db.transaction().execute(async (trx) => {
        const created = await tokens.within(trx).insert({
          tokenHash: hashToken(token),
          name: input.name,
          merchantId: merchant.id,
          role: input.role,
          createdBy: creator.userId,
        });
        await recordChange(trx, creator, 'token.created', merchant.id, { name: input.name, role: input.role });
        return { ...created, token };
      });
    },

    async revoke(actor: Actor | null, merchantSlug: string, tokenId: string): Promise<void> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'staff');
      const revoker = requireActor(actor);
      await db.transaction().execute(async (trx) => {
        const removed = await tokens.within(trx).delete(merchant.id, tokenId);
        if (!removed) {
          throw notFound('API token');
        }
        await recordChange(trx, revoker, 'token.revoked', merchant.id, { name: removed.name, role: removed.role });
      });
    },

    /** The actor a Bearer token stands for, or null if it is not a live API token. */
    async resolve(token: string): Promise<Actor | null> {
      if (!token.startsWith(API_TOKEN_PREFIX)) {
        return null;
      }
      const row = await tokens.findLive(hashToken(token));
      if (!row) {
        return null;
      }
      await tokens.touch(row.id);
      return { userId: row.created_by, roles: [], token: { id: row.id, merchantId: row.merchant_id, role: row.role } };
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
