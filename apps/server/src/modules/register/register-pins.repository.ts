import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** Someone who may approve at a shop's registers: its owner or a manager, with the PIN they set there. */
export interface ApproverRow {
  id: string;
  name: string;
  role: 'owner' | 'manager' | 'cashier';
  pin_hash: string;
}

/** People's register PINs at a shop (`register_pins`) and the wrong ones typed (`register_pin_failures`). */
function registerPinStatements(db: Kysely<Database>) {
  /** The shop's owner and staff who have a PIN there, with their role. */
  const withPins = (merchantId: string) =>
    db
      .selectFrom('register_pins as pin')
      .innerJoin('users', 'users.id', 'pin.user_id')
      .innerJoin('merchants', 'merchants.id', 'pin.merchant_id')
      .leftJoin('merchant_members as member', (join) =>
        join.onRef('member.merchant_id', '=', 'pin.merchant_id').onRef('member.user_id', '=', 'pin.user_id'),
      )
      .select([
        'users.id',
        'users.name',
        'pin.pin_hash',
        sql<
          ApproverRow['role']
        >`CASE WHEN merchants.owner_id = pin.user_id THEN 'owner' ELSE member.role END`.as('role'),
      ])
      .where('pin.merchant_id', '=', merchantId)
      .where((where) =>
        where.or([
          where('merchants.owner_id', '=', where.ref('pin.user_id')),
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
      withPins(merchantId).orderBy('users.name').execute(),

    /** One of them, or undefined for anyone else (someone of another shop, without a PIN, or unknown). */
    approver: (merchantId: string, userId: string): Promise<ApproverRow | undefined> =>
      withPins(merchantId).where('pin.user_id', '=', userId).executeTakeFirst(),

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
