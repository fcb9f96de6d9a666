import {
  can,
  type CashMove,
  type CloseShift,
  type CreateRegister,
  type EmailShiftReport,
  type OpenShift,
  type Register,
  type ShiftReport,
  type UpdateRegister,
  type VoidLines,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors';
import type { Database } from '../../db/schema';
import { shopTime } from '../../http/csv';
import { badRequest, conflict, DomainError, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { AccountMailer } from '../auth/account-mailer';
import type { RegisterRow, RegistersRepository, ShiftRow } from './registers.repository';
import { shiftReportEmail } from './shift-report-email';

function toRegister(row: RegisterRow): Register {
  return {
    id: row.id,
    name: row.name,
    receiptPrefix: row.receipt_prefix,
    openShift: row.shift_id
      ? {
          id: row.shift_id,
          openedBy: { id: row.opened_by!, name: row.opened_by_name ?? '' },
          openedAt: row.opened_at!.toISOString(),
          openingFloatMinor: row.opening_float_minor!,
        }
      : null,
    archivedAt: row.archived_at?.toISOString() ?? null,
  };
}

/** Who did it, and when, as a cashier reads it: "Ada Lovelace at 14:05" on the shop's clock. */
const byWhomWhen = (name: string | null, at: Date | null, timeZone: string) =>
  `${name ?? 'someone'}${at ? ` at ${shopTime(at, timeZone).slice(11, 16)}` : ''}`;

/** A register's name or prefix taken by another of the shop's registers: which one. */
function takenMessage(error: unknown, body: { name?: string; receiptPrefix?: string }): string | null {
  if (!isUniqueViolation(error)) {
    return null;
  }
  const constraint = (error as { constraint?: string }).constraint ?? '';
  return constraint.includes('prefix')
    ? `Another register prints receipts as ${body.receiptPrefix ?? 'that'}-…: choose another prefix.`
    : `The shop has a register named "${body.name ?? ''}" already: choose another name.`;
}

/**
 * The register a sale is recorded on, locked in the caller's transaction (`repository` within it), with
 * whether the sale is recorded already (a retry: answered with the first answer, whatever the shift is
 * now); otherwise once its shift is found open: a sale waits for a close under way, and finds the shift
 * closed after it.
 */
export async function lockRegisterForSale(
  repository: RegistersRepository,
  { id: merchantId, time_zone }: ShopCaller['shop'],
  {
    registerId,
    shiftId,
    saleId,
    cashierId,
  }: { registerId: string; shiftId: string; saleId: string; cashierId: string },
) {
  const register = await repository.lockForSale(merchantId, registerId, shiftId, saleId, cashierId);
  if (!register) {
    throw notFound('register');
  }
  if (register.recorded) {
    return register;
  }
  if (!register.shift_id) {
    throw notFound('shift');
  }
  if (register.shift_register_id !== registerId) {
    throw badRequest(
      `That shift is ${register.shift_register_name}'s, not ${register.name}'s: sell on this register's open shift.`,
      [{ path: 'body.shiftId', message: "Not this register's shift." }],
    );
  }
  if (register.closed_at) {
    throw conflict(
      `${register.name} was closed by ${byWhomWhen(register.closed_by_name, register.closed_at, time_zone)}, and this sale was not recorded: open the register, then take the payment again.`,
    );
  }
  return register;
}

export function createRegistersService(
  db: Kysely<Database>,
  { registers, mailer }: { registers: RegistersRepository; mailer: AccountMailer },
) {
  async function registerOf(repository: RegistersRepository, merchantId: string, registerId: string) {
    const row = await repository.find(merchantId, registerId);
    if (!row) {
      throw notFound('register');
    }
    return row;
  }

  async function shiftOf(
    repository: RegistersRepository,
    merchantId: string,
    shiftId: string,
  ): Promise<ShiftRow> {
    const row = await repository.shift(merchantId, shiftId);
    if (!row) {
      throw notFound('shift');
    }
    return row;
  }

  /**
   * The shift's X report (open) or Z report (closed), from its own records. The drawer's expected cash
   * is left out for someone who may not see it before counting: the close is blind.
   */
  async function report(
    repository: RegistersRepository,
    shift: ShiftRow,
    role: ShopCaller['role'],
  ): Promise<ShiftReport> {
    const [sales, taxes, tenders, cashMoves, voids] = await Promise.all([
      repository.shiftSales(shift.id),
      repository.shiftTaxes(shift.id),
      repository.shiftTenders(shift.id),
      repository.cashMoves(shift.id),
      repository.shiftVoids(shift.id),
    ]);
    const cashTendered = tenders.find((tender) => tender.method === 'cash')?.amount_minor ?? 0;
    const cashSalesMinor = cashTendered - sales.change_minor;
    const cashMovesMinor = cashMoves.reduce((sum, move) => sum + move.amount_minor, 0);
    const expected = shift.opening_float_minor + cashSalesMinor + cashMovesMinor;
    const closed = shift.closed_at !== null;
    return {
      id: shift.id,
      register: { id: shift.register_id, name: shift.register_name, receiptPrefix: shift.receipt_prefix },
      currency: shift.currency,
      openedBy: { id: shift.opened_by, name: shift.opened_by_name },
      openedAt: shift.opened_at.toISOString(),
      openingFloatMinor: shift.opening_float_minor,
      closedBy: shift.closed_by ? { id: shift.closed_by, name: shift.closed_by_name ?? '' } : null,
      closedAt: shift.closed_at?.toISOString() ?? null,
      sales: sales.sales,
      returns: sales.returns,
      refundsMinor: sales.refunds_minor,
      grossMinor: sales.gross_minor,
      discountMinor: sales.discount_minor,
      taxMinor: sales.tax_minor,
      totalMinor: sales.total_minor,
      taxes: taxes.map((row) => ({
        taxRate:
          row.tax_rate_id === null
            ? null
            : { id: row.tax_rate_id, name: row.tax_rate_name ?? '', ratePpm: row.tax_rate_ppm ?? 0 },
        netMinor: row.net_minor,
        taxMinor: row.tax_minor,
        grossMinor: row.net_minor + row.tax_minor,
      })),
      tenders: tenders.map((tender) => ({
        method: tender.method,
        count: tender.count,
        amountMinor: tender.method === 'cash' ? cashSalesMinor : tender.amount_minor,
        refundedMinor: tender.refunded_minor,
      })),
      cashMoves: cashMoves.map((move) => ({
        id: move.id,
        amountMinor: move.amount_minor,
        reason: move.reason,
        by: { id: move.actor_id, name: move.actor_name },
        createdAt: move.created_at.toISOString(),
      })),
      voids: { lines: voids.lines, amountMinor: voids.amount_minor },
      cashSalesMinor,
      cashMovesMinor,
      expectedCashMinor: closed ? shift.expected_cash_minor : can(role, 'registerSetup') ? expected : null,
      countedCashMinor: shift.counted_cash_minor,
      differenceMinor: closed ? shift.counted_cash_minor! - shift.expected_cash_minor! : null,
      closingNote: shift.closing_note,
    };
  }

  /**
   * Runs `change` on an open shift with its register locked: sales, cash moves and the close of one
   * register take their turn, so none lands on a shift closing under it.
   */
  function onOpenShift<Result>(
    { shop }: ShopCaller,
    shiftId: string,
    change: (repository: RegistersRepository, shift: ShiftRow) => Promise<Result>,
  ): Promise<Result> {
    return db.transaction().execute(async (trx) => {
      const repository = registers.within(trx);
      const { register_id } = await shiftOf(repository, shop.id, shiftId);
      await repository.lock(shop.id, register_id);
      const shift = await shiftOf(repository, shop.id, shiftId);
      if (shift.closed_at) {
        throw conflict(
          `${shift.register_name} was closed by ${byWhomWhen(shift.closed_by_name, shift.closed_at, shop.time_zone)}: open it again to go on.`,
        );
      }
      return change(repository, shift);
    });
  }

  return {
    list: async ({ shop }: ShopCaller): Promise<Register[]> =>
      (await registers.list(shop.id)).map(toRegister),

    async create({ shop }: ShopCaller, body: CreateRegister): Promise<Register> {
      let registerId: string;
      try {
        registerId = await registers.create(shop.id, body.name, body.receiptPrefix);
      } catch (error) {
        const message = takenMessage(error, body);
        throw message ? conflict(message) : error;
      }
      return toRegister(await registerOf(registers, shop.id, registerId));
    },

    async update({ shop }: ShopCaller, registerId: string, body: UpdateRegister): Promise<Register> {
      const register = await registerOf(registers, shop.id, registerId);
      if (body.archived && register.shift_id) {
        throw conflict(`${register.name} is open: close its shift before archiving it.`);
      }
      try {
        await registers.update(shop.id, registerId, body);
      } catch (error) {
        const message = takenMessage(error, body);
        throw message ? conflict(message) : error;
      }
      return toRegister(await registerOf(registers, shop.id, registerId));
    },

    /** Opens the register's shift with its float, or answers with the shift this key already opened. */
    async openShift(caller: ShopCaller, registerId: string, body: OpenShift): Promise<ShiftReport> {
      const { shop, actor, role } = caller;
      const key = `${shop.id}:${body.idempotencyKey}`;
      const opened = async () => {
        const shift = await registers.shiftByKey(key);
        return shift && report(registers, await shiftOf(registers, shop.id, shift.id), role);
      };
      const already = await opened();
      if (already) {
        return already;
      }
      try {
        const shiftId = await db.transaction().execute(async (trx) => {
          const repository = registers.within(trx);
          const register = await repository.lock(shop.id, registerId);
          if (!register) {
            throw notFound('register');
          }
          if (register.archived_at) {
            throw conflict(`${register.name} is archived: bring it back before opening it.`);
          }
          const open = await repository.find(shop.id, registerId);
          if (open?.shift_id) {
            throw conflict(
              `${register.name} is open already (opened by ${byWhomWhen(open.opened_by_name, open.opened_at, shop.time_zone)}): sell on that shift, or close it first.`,
            );
          }
          return repository.openShift(shop.id, registerId, actor.userId, body.openingFloatMinor, key);
        });
        return report(registers, await shiftOf(registers, shop.id, shiftId), role);
      } catch (error) {
        const retried = isUniqueViolation(error) && (await opened());
        if (retried) {
          return retried;
        }
        throw error;
      }
    },

    shift: async ({ shop, role }: ShopCaller, shiftId: string): Promise<ShiftReport> =>
      report(registers, await shiftOf(registers, shop.id, shiftId), role),

    /** Cash in or out of the drawer; the same key sent again moves it once. */
    moveCash: (caller: ShopCaller, shiftId: string, body: CashMove): Promise<ShiftReport> =>
      onOpenShift(caller, shiftId, async (repository, shift) => {
        const key = `${shiftId}:${body.idempotencyKey}`;
        if (!(await repository.cashMoveExists(key))) {
          await repository.moveCash(shiftId, {
            amountMinor: body.amountMinor,
            reason: body.reason,
            actorId: caller.actor.userId,
            key,
          });
        }
        return report(repository, shift, caller.role);
      }),

    /** Records lines taken off a cart before payment; each line's id makes one sent twice count once. */
    voidLines: (caller: ShopCaller, shiftId: string, body: VoidLines): Promise<ShiftReport> =>
      onOpenShift(caller, shiftId, async (repository, shift) => {
        const known = await repository.voidLines(
          caller.shop.id,
          shiftId,
          caller.actor.userId,
          body.cartId,
          body.lines,
        );
        if (known < body.lines.length) {
          throw badRequest(
            "Some voided lines are not this shop's products: send the lines as the cart had them.",
            [{ path: 'body.lines', message: 'Not a product of this shop.' }],
          );
        }
        return report(repository, shift, caller.role);
      }),

    /**
     * Closes the shift with the cash counted blind: what its records say the drawer should hold is
     * worked out now, kept with the count, and answered with the difference (the Z report).
     */
    close: (caller: ShopCaller, shiftId: string, body: CloseShift): Promise<ShiftReport> =>
      onOpenShift(caller, shiftId, async (repository, shift) => {
        const { expectedCashMinor } = await report(repository, shift, 'owner');
        const note = body.note?.trim() || null;
        await repository.closeShift(shiftId, {
          closedBy: caller.actor.userId,
          expectedCashMinor: expectedCashMinor!,
          countedCashMinor: body.countedCashMinor,
          note,
        });
        return report(repository, await shiftOf(repository, caller.shop.id, shiftId), caller.role);
      }),

    /**
     * Sends the shift's report as the caller may read it (a cashier's X report without the expected
     * cash); a transport that fails says so, and the report can still be printed.
     */
    async emailReport({ shop, role }: ShopCaller, shiftId: string, body: EmailShiftReport): Promise<void> {
      const figures = await report(registers, await shiftOf(registers, shop.id, shiftId), role);
      try {
        await mailer.send(shiftReportEmail(figures, shop, body.email));
      } catch {
        throw new DomainError(
          503,
          'The report could not be sent just now: try again in a moment, or print it.',
        );
      }
    },
  };
}
export type RegistersService = ReturnType<typeof createRegistersService>;
