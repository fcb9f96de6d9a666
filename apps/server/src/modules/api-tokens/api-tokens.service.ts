import type { ApiToken, CreateApiToken, CreatedApiToken } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { notFound } from '../../http/errors';
import { API_TOKEN_PREFIX, type ShopCaller } from '../access/access';
import type { AuditRepository } from '../audit/audit.repository';
import { requireActor, type Actor } from '../auth/actor';
import { hashToken, newToken } from '../auth/tokens';
import type { UsersRepository } from '../auth/users.repository';
import type { ApiTokensRepository } from './api-tokens.repository';

export interface ApiTokensRepositories {
  tokens: ApiTokensRepository;
  users: UsersRepository;
  audit: AuditRepository;
}

/** Tokens for a shop's scripts and devices; managed by whoever may manage the shop's staff. */
export function createApiTokensService(db: Kysely<Database>, { tokens, users, audit }: ApiTokensRepositories) {
  async function recordChange(trx: Kysely<Database>, actor: Actor, action: string, merchantId: string, details: Record<string, unknown>) {
    const me = await users.within(trx).findById(actor.userId);
    await audit.within(trx).record({ actor: { id: actor.userId, email: me?.email ?? '' }, action, merchantId, details });
  }

  return {
    async list({ shop: merchant }: ShopCaller): Promise<ApiToken[]> {
      return tokens.list(merchant.id);
    },

    async create({ shop: merchant, actor }: ShopCaller, input: CreateApiToken): Promise<CreatedApiToken> {
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

    async revoke({ shop: merchant, actor }: ShopCaller, tokenId: string): Promise<void> {
      const revoker = requireActor(actor);
      await db.transaction().execute(async (trx) => {
        const removed = await tokens.within(trx).delete(merchant.id, tokenId);
        if (!removed) {
          throw notFound('API token');
        }
        await recordChange(trx, revoker, 'token.revoked', merchant.id, { name: removed.name, role: removed.role });
      });
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
