import type { TaxRate } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, TaxRatesTable } from '../../db/schema';
import { repository } from '../../db/repository';

export type TaxRateRow = Selectable<TaxRatesTable>;

export function toTaxRate(row: TaxRateRow): TaxRate {
  return {
    id: row.id,
    name: row.name,
    ratePpm: row.rate_ppm,
    archivedAt: row.archived_at?.toISOString() ?? null,
  };
}

/** A shop's tax rates: each statement works on the database or inside a transaction. */
function taxRateStatements(db: Kysely<Database>) {
  return {
    /** In use first, then archived; by name within each. */
    list: (merchantId: string) =>
      db
        .selectFrom('tax_rates')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .orderBy(sql`archived_at IS NOT NULL`)
        .orderBy('name')
        .execute(),
    find: (merchantId: string, id: string) =>
      db
        .selectFrom('tax_rates')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .executeTakeFirst(),
    /** The rate in use named `name` in any letter case, other than `exceptId`. */
    findInUseByName: (merchantId: string, name: string, exceptId: string | null) =>
      db
        .selectFrom('tax_rates')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where(sql<boolean>`lower(name) = lower(${name})`)
        .where('archived_at', 'is', null)
        .$if(exceptId !== null, (query) => query.where('id', '<>', exceptId!))
        .executeTakeFirst(),
    insert: (merchantId: string, name: string, ratePpm: number) =>
      db
        .insertInto('tax_rates')
        .values({ merchant_id: merchantId, name, rate_ppm: ratePpm })
        .returningAll()
        .executeTakeFirstOrThrow(),
    /** Sets what is given; archiving twice keeps the first time. */
    update: (
      merchantId: string,
      id: string,
      fields: { name?: string; ratePpm?: number; archived?: boolean },
    ) =>
      db
        .updateTable('tax_rates')
        .set({
          name: fields.name,
          rate_ppm: fields.ratePpm,
          archived_at:
            fields.archived === undefined
              ? undefined
              : fields.archived
                ? sql<Date>`coalesce(archived_at, now())`
                : null,
        })
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
  };
}
export const createTaxRatesRepository = repository(taxRateStatements);
export type TaxRatesRepository = ReturnType<typeof createTaxRatesRepository>;
