import type { AuditEntry } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { repository } from '../../db/repository';

export interface AuditRecord {
  actor: { id: string; email: string };
  action: string;
  target?: { id: string; email: string };
  merchantId?: string;
  details?: Record<string, unknown>;
}

/** Run it `within` the transaction of the change it records, so the change and its entry commit together or not at all. */
function auditStatements(db: Kysely<Database>) {
  return {
    record: (entry: AuditRecord) =>
      db
        .insertInto('audit_log')
        .values({
          actor_id: entry.actor.id,
          actor_email: entry.actor.email,
          action: entry.action,
          target_user_id: entry.target?.id ?? null,
          target_email: entry.target?.email ?? null,
          merchant_id: entry.merchantId ?? null,
          details: JSON.stringify(entry.details ?? {}),
        })
        .execute(),

    async list(query: { before?: string; limit: number }): Promise<AuditEntry[]> {
      let select = db
        .selectFrom('audit_log')
        .leftJoin('merchants', 'merchants.id', 'audit_log.merchant_id')
        .selectAll('audit_log')
        .select('merchants.slug as merchant_slug')
        .orderBy('audit_log.created_at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(query.limit);
      if (query.before) {
        select = select.where('audit_log.created_at', '<', new Date(query.before));
      }
      return (await select.execute()).map((row) => ({
        id: row.id,
        at: row.created_at.toISOString(),
        actor: { id: row.actor_id, email: row.actor_email },
        action: row.action,
        target: { id: row.target_user_id, email: row.target_email },
        merchantSlug: row.merchant_slug,
        details: row.details,
      }));
    },
  };
}
export const createAuditRepository = repository(auditStatements);
export type AuditRepository = ReturnType<typeof createAuditRepository>;
