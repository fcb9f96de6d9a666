import type { ApiToken } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database, MerchantStaffRole } from '../../db/schema';
import { repository } from '../../db/repository';

function apiTokensStatements(db: Kysely<Database>) {
  const listQuery = () =>
    db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.created_by')
      .select([
        'api_tokens.id',
        'api_tokens.name',
        'api_tokens.role',
        'api_tokens.created_at',
        'api_tokens.last_used_at',
        'users.id as creator_id',
        'users.email as creator_email',
      ]);
  const toApiToken = (row: Awaited<ReturnType<ReturnType<typeof listQuery>['executeTakeFirstOrThrow']>>): ApiToken => ({
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    createdBy: { id: row.creator_id, email: row.creator_email },
  });

  return {
    async list(merchantId: string): Promise<ApiToken[]> {
      return (await listQuery().where('api_tokens.merchant_id', '=', merchantId).orderBy('api_tokens.created_at').execute()).map(
        toApiToken,
      );
    },
    async insert(token: { tokenHash: string; name: string; merchantId: string; role: MerchantStaffRole; createdBy: string }) {
      const { id } = await db
        .insertInto('api_tokens')
        .values({
          token_hash: token.tokenHash,
          name: token.name,
          merchant_id: token.merchantId,
          role: token.role,
          created_by: token.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toApiToken(await listQuery().where('api_tokens.id', '=', id).executeTakeFirstOrThrow());
    },
    delete: (merchantId: string, id: string) =>
      db.deleteFrom('api_tokens').where('merchant_id', '=', merchantId).where('id', '=', id).returning(['name', 'role']).executeTakeFirst(),
  };
}
export const createApiTokensRepository = repository(apiTokensStatements);
export type ApiTokensRepository = ReturnType<typeof createApiTokensRepository>;
