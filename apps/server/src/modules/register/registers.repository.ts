import type { TenderMethod } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** A register with the shift it is open for, if any. */
export interface RegisterRow {
  id: string;
  name: string;
  receipt_prefix: string;
  archived_at: Date | null;
  shift_id: string | null;
  opened_by: string | null;
  opened_by_name: string | null;
  opened_at: Date | null;
  opening_float_minor: number | null;
}

/** A shift's head: its register, who opened and closed it, its float and what the close found. */
export interface ShiftRow {
  id: string;
  register_id: string;
  register_name: string;
  receipt_prefix: string;
  currency: string;
  opened_by: string;
  opened_by_name: string;
  opened_at: Date;
  opening_float_minor: number;
  closed_by: string | null;
  closed_by_name: string | null;
  closed_at: Date | null;
  expected_cash_minor: number | null;
  counted_cash_minor: number | null;
  closing_note: string | null;
}

/** What a shift's sales add up to. */
export interface ShiftSalesRow {
  sales: number;
  returns: number;
  refunds_minor: number;
  gross_minor: number;
  discount_minor: number;
  tax_minor: number;
  total_minor: number;
  change_minor: number;
}

export interface ShiftTaxRow {
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
  net_minor: number;
  tax_minor: number;
}

export interface ShiftTenderRow {
  method: TenderMethod;
  count: number;
  amount_minor: number;
  refunded_minor: number;
}

export interface CashMoveRow {
  id: string;
  amount_minor: number;
  reason: string;
  actor_id: string;
  actor_name: string;
  created_at: Date;
}

export const createRegistersRepository = repository((db: Kysely<Database>) => {
  const registers = (merchantId: string) =>
    db
      .selectFrom('registers')
      .leftJoin('register_shifts as shift', (join) =>
        join.onRef('shift.register_id', '=', 'registers.id').on('shift.closed_at', 'is', null),
      )
      .leftJoin('users as opener', 'opener.id', 'shift.opened_by')
      .select([
        'registers.id',
        'registers.name',
        'registers.receipt_prefix',
        'registers.archived_at',
        'shift.id as shift_id',
        'shift.opened_by',
        'opener.name as opened_by_name',
        'shift.opened_at',
        'shift.opening_float_minor',
      ])
      .where('registers.merchant_id', '=', merchantId);

  const shifts = (merchantId: string) =>
    db
      .selectFrom('register_shifts as shift')
      .innerJoin('registers', 'registers.id', 'shift.register_id')
      .innerJoin('merchants', 'merchants.id', 'shift.merchant_id')
      .innerJoin('users as opener', 'opener.id', 'shift.opened_by')
      .leftJoin('users as closer', 'closer.id', 'shift.closed_by')
      .select([
        'shift.id',
        'shift.register_id',
        'registers.name as register_name',
        'registers.receipt_prefix',
        'merchants.currency',
        'shift.opened_by',
        'opener.name as opened_by_name',
        'shift.opened_at',
        'shift.opening_float_minor',
        'shift.closed_by',
        'closer.name as closed_by_name',
        'shift.closed_at',
        'shift.expected_cash_minor',
        'shift.counted_cash_minor',
        'shift.closing_note',
      ])
      .where('shift.merchant_id', '=', merchantId);

  return {
    list: (merchantId: string): Promise<RegisterRow[]> =>
      registers(merchantId)
        .orderBy('registers.archived_at', (order) => order.nullsFirst())
        .orderBy('registers.name')
        .execute(),

    find: (merchantId: string, registerId: string): Promise<RegisterRow | undefined> =>
      registers(merchantId).where('registers.id', '=', registerId).executeTakeFirst(),

    create: async (merchantId: string, name: string, receiptPrefix: string): Promise<string> =>
      (
        await db
          .insertInto('registers')
          .values({ merchant_id: merchantId, name, receipt_prefix: receiptPrefix })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,

    update: (merchantId: string, registerId: string, change: { name?: string; archived?: boolean }) =>
      db
        .updateTable('registers')
        .set({
          ...(change.name !== undefined && { name: change.name }),
          ...(change.archived !== undefined && {
            archived_at: change.archived ? sql<Date>`coalesce(archived_at, now())` : null,
          }),
        })
        .where('merchant_id', '=', merchantId)
        .where('id', '=', registerId)
        .executeTakeFirst(),

    /**
     * The register's row, locked for this transaction: a register's sales, openings and closes take
     * their turn on it, which is what numbers its receipts without gaps.
     */
    lock: (merchantId: string, registerId: string) =>
      db
        .selectFrom('registers')
        .select(['id', 'name', 'receipt_prefix', 'archived_at'])
        .where('merchant_id', '=', merchantId)
        .where('id', '=', registerId)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * In one round trip, what recording a sale on the register needs first: the register's row locked
     * (with the receipt sequence it will take), the shift the sale names, whether a sale of this id is
     * recorded already, and the cashier's name for the answer. Undefined when the shop has no such register.
     */
    lockForSale: (
      merchantId: string,
      registerId: string,
      shiftId: string,
      saleId: string,
      cashierId: string,
    ) =>
      db
        .selectFrom('registers')
        .leftJoin('register_shifts as shift', (join) =>
          join.on('shift.id', '=', shiftId).on('shift.merchant_id', '=', merchantId),
        )
        .leftJoin('registers as shift_register', 'shift_register.id', 'shift.register_id')
        .leftJoin('users as closer', 'closer.id', 'shift.closed_by')
        .select((select) => [
          'registers.id',
          'registers.name',
          'registers.receipt_prefix',
          'registers.next_receipt',
          'shift.id as shift_id',
          'shift.register_id as shift_register_id',
          'shift_register.name as shift_register_name',
          'shift.closed_at',
          'closer.name as closed_by_name',
          select
            .exists(select.selectFrom('register_sales').select('id').where('register_sales.id', '=', saleId))
            .as('recorded'),
          select.selectFrom('users').select('name').where('users.id', '=', cashierId).as('cashier_name'),
        ])
        .where('registers.merchant_id', '=', merchantId)
        .where('registers.id', '=', registerId)
        .forUpdate('registers')
        .executeTakeFirst(),

    openShift: async (
      merchantId: string,
      registerId: string,
      openedBy: string,
      openingFloatMinor: number,
      key: string,
    ): Promise<string> =>
      (
        await db
          .insertInto('register_shifts')
          .values({
            merchant_id: merchantId,
            register_id: registerId,
            opened_by: openedBy,
            opening_float_minor: openingFloatMinor,
            idempotency_key: key,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,

    shiftByKey: (key: string) =>
      db
        .selectFrom('register_shifts')
        .select(['id', 'merchant_id'])
        .where('idempotency_key', '=', key)
        .executeTakeFirst(),

    shift: (merchantId: string, shiftId: string): Promise<ShiftRow | undefined> =>
      shifts(merchantId).where('shift.id', '=', shiftId).executeTakeFirst(),

    /** The shift's row, locked: cash moves and the close wait for a sale being recorded on it, and the other way round. */
    lockShift: (merchantId: string, shiftId: string) =>
      db
        .selectFrom('register_shifts')
        .select(['id', 'register_id', 'closed_at'])
        .where('merchant_id', '=', merchantId)
        .where('id', '=', shiftId)
        .forUpdate()
        .executeTakeFirst(),

    closeShift: (
      shiftId: string,
      close: { closedBy: string; expectedCashMinor: number; countedCashMinor: number; note: string | null },
    ) =>
      db
        .updateTable('register_shifts')
        .set({
          closed_by: close.closedBy,
          closed_at: sql<Date>`now()`,
          expected_cash_minor: close.expectedCashMinor,
          counted_cash_minor: close.countedCashMinor,
          closing_note: close.note,
        })
        .where('id', '=', shiftId)
        .where('closed_at', 'is', null)
        .executeTakeFirst(),

    cashMoveExists: async (key: string) =>
      (await db
        .selectFrom('register_cash_moves')
        .select('id')
        .where('idempotency_key', '=', key)
        .executeTakeFirst()) !== undefined,

    moveCash: (
      shiftId: string,
      move: { amountMinor: number; reason: string; actorId: string; key: string },
    ) =>
      db
        .insertInto('register_cash_moves')
        .values({
          shift_id: shiftId,
          amount_minor: move.amountMinor,
          reason: move.reason,
          actor_id: move.actorId,
          idempotency_key: move.key,
        })
        .execute(),

    cashMoves: (shiftId: string): Promise<CashMoveRow[]> =>
      db
        .selectFrom('register_cash_moves as move')
        .innerJoin('users', 'users.id', 'move.actor_id')
        .select([
          'move.id',
          'move.amount_minor',
          'move.reason',
          'move.actor_id',
          'users.name as actor_name',
          'move.created_at',
        ])
        .where('move.shift_id', '=', shiftId)
        .orderBy('move.created_at')
        .orderBy('move.id')
        .execute(),

    /**
     * Records voided lines of the shop's products with their SKU, name and price now; a line already
     * recorded (its id) is left as it is. Answers how many of the lines are the shop's products.
     */
    voidLines: async (
      merchantId: string,
      shiftId: string,
      actorId: string,
      cartId: string,
      lines: { id: string; productId: string; quantity: number }[],
    ): Promise<number> =>
      (
        await sql<{ known: number }>`
          WITH wanted AS (
            SELECT * FROM unnest(${lines.map((line) => line.id)}::uuid[], ${lines.map((line) => line.productId)}::uuid[],
              ${lines.map((line) => line.quantity)}::int[]) AS wanted (id, product_id, quantity)
          ),
          known AS (
            SELECT wanted.*, products.sku, products.name, products.price_minor
            FROM wanted JOIN products ON products.id = wanted.product_id AND products.merchant_id = ${merchantId}::uuid
          ),
          recorded AS (
            INSERT INTO register_voids (id, shift_id, cart_id, product_id, sku, name, quantity, unit_price_minor, actor_id)
            SELECT id, ${shiftId}::uuid, ${cartId}::uuid, product_id, sku, name, quantity, price_minor, ${actorId}::uuid FROM known
            WHERE (SELECT count(*) FROM known) = (SELECT count(*) FROM wanted)
            ON CONFLICT (id) DO NOTHING
          )
          SELECT count(*)::int AS known FROM known`.execute(db)
      ).rows[0]!.known,

    shiftVoids: (shiftId: string) =>
      db
        .selectFrom('register_voids')
        .select([
          sql<number>`count(*)::int`.as('lines'),
          sql<number>`coalesce(sum(quantity * unit_price_minor), 0)::bigint`.as('amount_minor'),
        ])
        .where('shift_id', '=', shiftId)
        .executeTakeFirstOrThrow(),

    /** The shift's sales and returns added up, from its own records. */
    shiftSales: (shiftId: string): Promise<ShiftSalesRow> =>
      db
        .selectFrom('register_sales')
        .select([
          sql<number>`count(*) FILTER (WHERE kind = 'sale')::int`.as('sales'),
          sql<number>`count(*) FILTER (WHERE kind = 'return')::int`.as('returns'),
          sql<number>`coalesce(-sum(total_minor) FILTER (WHERE kind = 'return'), 0)::bigint`.as(
            'refunds_minor',
          ),
          sql<number>`coalesce(sum(gross_minor), 0)::bigint`.as('gross_minor'),
          sql<number>`coalesce(sum(discount_minor), 0)::bigint`.as('discount_minor'),
          sql<number>`coalesce(sum(tax_minor), 0)::bigint`.as('tax_minor'),
          sql<number>`coalesce(sum(total_minor), 0)::bigint`.as('total_minor'),
          sql<number>`coalesce(sum(change_minor), 0)::bigint`.as('change_minor'),
        ])
        .where('shift_id', '=', shiftId)
        .executeTakeFirstOrThrow(),

    shiftTaxes: (shiftId: string): Promise<ShiftTaxRow[]> =>
      db
        .selectFrom('register_sale_lines as line')
        .innerJoin('register_sales as sale', 'sale.id', 'line.sale_id')
        .select([
          'line.tax_rate_id',
          'line.tax_rate_name',
          'line.tax_rate_ppm',
          sql<number>`sum(line.net_minor)::bigint`.as('net_minor'),
          sql<number>`sum(line.tax_minor)::bigint`.as('tax_minor'),
        ])
        .where('sale.shift_id', '=', shiftId)
        .groupBy(['line.tax_rate_id', 'line.tax_rate_name', 'line.tax_rate_ppm'])
        .orderBy(sql`line.tax_rate_ppm NULLS FIRST`)
        .orderBy('line.tax_rate_name')
        .execute(),

    shiftTenders: (shiftId: string): Promise<ShiftTenderRow[]> =>
      db
        .selectFrom('register_tenders as tender')
        .innerJoin('register_sales as sale', 'sale.id', 'tender.sale_id')
        .select([
          'tender.method',
          sql<number>`count(DISTINCT tender.sale_id) FILTER (WHERE tender.amount_minor > 0)::int`.as('count'),
          sql<number>`sum(tender.amount_minor)::bigint`.as('amount_minor'),
          sql<number>`coalesce(-sum(tender.amount_minor) FILTER (WHERE tender.amount_minor < 0), 0)::bigint`.as(
            'refunded_minor',
          ),
        ])
        .where('sale.shift_id', '=', shiftId)
        .groupBy('tender.method')
        .orderBy('tender.method')
        .execute(),
  };
});
export type RegistersRepository = ReturnType<typeof createRegistersRepository>;
