import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** The owner or someone on the staff of a shop, with the register PIN they set there (null: none). */
export interface ApproverRow {
  id: string;
  name: string;
  role: 'owner' | 'manager' | 'cashier';
  pin_hash: string | null;
}

/** People's register PINs at a shop (`register_pins`) and the wrong ones typed (`register_pin_failures`). */
function registerPinStatements(db: Kysely<Database>) {
  /** The shop's owner and staff, with their role and PIN there; nobody disabled. */
  const people = (merchantId: string) =>
    db
      .selectFrom('users')
      .innerJoin('merchants', (join) => join.on('merchants.id', '=', merchantId))
      .leftJoin('merchant_members as member', (join) =>
        join.onRef('member.merchant_id', '=', 'merchants.id').onRef('member.user_id', '=', 'users.id'),
      )
      .leftJoin('register_pins as pin', (join) =>
        join.onRef('pin.merchant_id', '=', 'merchants.id').onRef('pin.user_id', '=', 'users.id'),
      )
      .select([
        'users.id',
        'users.name',
        'pin.pin_hash',
        sql<
          ApproverRow['role']
        >`CASE WHEN merchants.owner_id = users.id THEN 'owner' ELSE member.role END`.as('role'),
      ])
      .where((where) =>
        where.or([
          where('merchants.owner_id', '=', where.ref('users.id')),
          where('member.role', 'is not', null),
        ]),
      )
      .where('users.disabled_at', 'is', null);

  return {
    setAt: async (merchantId: string, userId: string): Promise<Date | null> =>
      (
        await db
          .selectFrom('register_pins')
          .select('set_at')
          .where('merchant_id', '=', merchantId)
          .where('user_id', '=', userId)
          .executeTakeFirst()
      )?.set_at ?? null,

    /** Sets (or replaces) the person's PIN, and forgets the wrong ones typed for them. */
    set: async (merchantId: string, userId: string, pinHash: string): Promise<Date> => {
      await db
        .deleteFrom('register_pin_failures')
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .execute();
      const row = await db
        .insertInto('register_pins')
        .values({ merchant_id: merchantId, user_id: userId, pin_hash: pinHash })
        .onConflict((oc) =>
          oc.columns(['merchant_id', 'user_id']).doUpdateSet({ pin_hash: pinHash, set_at: sql`now()` }),
        )
        .returning('set_at')
        .executeTakeFirstOrThrow();
      return row.set_at;
    },

    /** The shop's owner and staff who have a PIN there, by name. */
    approvers: (merchantId: string): Promise<ApproverRow[]> =>
      people(merchantId).where('pin.pin_hash', 'is not', null).orderBy('users.name').execute(),

    /** The shop's owner or one of its staff, PIN or not; undefined for anyone else (of another shop, or unknown). */
    approver: (merchantId: string, userId: string): Promise<ApproverRow | undefined> =>
      people(merchantId).where('users.id', '=', userId).executeTakeFirst(),

    /** How many wrong PINs were typed for the person within the last `windowMs`, and when the first of them was. */
    recentFailures: async (merchantId: string, userId: string, windowMs: number) => {
      const row = await db
        .selectFrom('register_pin_failures')
        .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(failed_at)`.as('first')])
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .where('failed_at', '>', sql<Date>`now() - ${windowMs} * interval '1 millisecond'`)
        .executeTakeFirstOrThrow();
      return { count: row.count, first: row.first === null ? null : new Date(row.first) };
    },

    /** Counts a wrong PIN, and forgets those too old to count. */
    recordFailure: async (merchantId: string, userId: string, windowMs: number): Promise<void> => {
      await db
        .deleteFrom('register_pin_failures')
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .where('failed_at', '<=', sql<Date>`now() - ${windowMs} * interval '1 millisecond'`)
        .execute();
      await db
        .insertInto('register_pin_failures')
        .values({ merchant_id: merchantId, user_id: userId })
        .execute();
    },

    clearFailures: (merchantId: string, userId: string) =>
      db
        .deleteFrom('register_pin_failures')
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .execute(),
  };
}
export const createRegisterPinsRepository = repository(registerPinStatements);
export type RegisterPinsRepository = ReturnType<typeof createRegisterPinsRepository>;
