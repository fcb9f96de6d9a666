import {
  discountAboveCap,
  discountCapOf,
  formatDiscountShare,
  formatTaxRate,
  type RegisterApprovers,
  type RegisterPinStatus,
  type SaleApproval,
  type SetRegisterPin,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { DomainError, forbidden } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import { DECOY_HASH, hashPassword, verifyPassword } from '../auth/password';
import type { RegisterPinsRepository } from './register-pins.repository';

/** Wrong PINs allowed for one approver within the window before further tries are refused. */
export const PIN_TRIES = 5;
export const PIN_WINDOW_MS = 15 * 60_000;

const capsOf = (shop: ShopCaller['shop']) => ({
  cashierPpm: shop.register_cashier_discount_cap_ppm,
  managerPpm: shop.register_manager_discount_cap_ppm,
});

/** A wrong PIN, refused: the request's transaction is rolled back, and the try is then counted outside it (`countingWrongPins`). */
export class WrongPinError extends DomainError {
  constructor(
    readonly merchantId: string,
    readonly personId: string,
    message: string,
    path: string,
  ) {
    super(403, message, [{ path, message: 'Not the PIN of the person chosen.' }]);
  }
}

/**
 * `error`, given as long after the request as a PIN checked would be: neither its words nor its time
 * say who has a PIN.
 */
export async function refusedWithoutSayingWhoHasAPin(pin: string, error: DomainError): Promise<DomainError> {
  await verifyPassword(pin, DECOY_HASH);
  return error;
}

/** The one answer for someone unknown, of another shop, a cashier or without a PIN. */
const notAnApprover = (pin: string) =>
  refusedWithoutSayingWhoHasAPin(
    pin,
    new DomainError(
      403,
      'Only the owner or a manager of this shop with a register PIN can approve this: choose one from the list.',
      [{ path: 'body.approval.userId', message: 'Not someone who can approve here.' }],
    ),
  );

/**
 * The one check of a PIN typed on a register: that `pin` is `person`'s PIN at the shop. 429 once
 * `PIN_TRIES` wrong PINs were typed for them within `PIN_WINDOW_MS` (the sentence ends with
 * `otherwise`, what else to do); a wrong PIN throws `WrongPinError` (403, naming `path`), to be
 * counted by `countingWrongPins` once the request's transaction has rolled back; a right one forgets
 * the wrong ones.
 */
export async function checkRegisterPin(
  pins: RegisterPinsRepository,
  merchantId: string,
  person: { id: string; name: string; pinHash: string },
  pin: string,
  { path, otherwise }: { path: string; otherwise: string },
): Promise<void> {
  const failures = await pins.recentFailures(merchantId, person.id, PIN_WINDOW_MS);
  if (failures.count >= PIN_TRIES) {
    const seconds = Math.max(
      1,
      Math.ceil(((failures.first?.getTime() ?? Date.now()) + PIN_WINDOW_MS - Date.now()) / 1000),
    );
    const minutes = Math.ceil(seconds / 60);
    throw new DomainError(
      429,
      `Too many wrong PINs for ${person.name}: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ${otherwise}.`,
      undefined,
      { retryAfterSeconds: seconds },
    );
  }
  if (!(await verifyPassword(pin, person.pinHash))) {
    const left = PIN_TRIES - failures.count - 1;
    throw new WrongPinError(
      merchantId,
      person.id,
      `That PIN is not right for ${person.name}: ${left === 0 ? 'the next tries wait 15 minutes' : `try again (${left} ${left === 1 ? 'try' : 'tries'} left)`}.`,
      path,
    );
  }
  if (failures.count > 0) {
    await pins.clearFailures(merchantId, person.id);
  }
}

/** The answer of `work`; a wrong PIN it was refused for is counted once its transaction has rolled back, so that the count stays. */
export function countingWrongPins<T>(pins: RegisterPinsRepository, work: Promise<T>): Promise<T> {
  return work.catch(async (error: unknown) => {
    if (error instanceof WrongPinError) {
      await pins.recordFailure(error.merchantId, error.personId, PIN_WINDOW_MS);
    }
    throw error;
  });
}

/**
 * Who approved a sale's discounts, when they come to more of its gross than the seller's role's cap:
 * null when within the cap; else the approver named in `approval`, if their role's cap covers it and the
 * PIN is theirs (`checkRegisterPin`). 403 without an approval, or for anyone who cannot approve (the
 * same answer whether they are unknown, of another shop or without a PIN). Run in the sale's
 * transaction, so a retried sale, answered from what was recorded, never comes here.
 */
export async function discountApprover(
  pins: RegisterPinsRepository,
  { shop, role }: ShopCaller,
  { discountMinor, grossMinor }: { discountMinor: number; grossMinor: number },
  approval: SaleApproval | undefined,
): Promise<{ id: string; name: string } | null> {
  const caps = capsOf(shop);
  const cap = discountCapOf(role, caps);
  if (!discountAboveCap(discountMinor, grossMinor, cap)) {
    return null;
  }
  const share = formatDiscountShare(discountMinor, grossMinor);
  if (!approval) {
    throw new DomainError(
      403,
      `The discounts come to ${share} of this sale, above the ${formatTaxRate(cap!)} a ${role} may give: a manager must approve them on the register with their PIN.`,
      [{ path: 'body.approval', message: "A manager's approval is needed." }],
    );
  }
  const approver = await pins.approver(shop.id, approval.userId);
  if (!approver || approver.role === 'cashier') {
    throw await notAnApprover(approval.pin);
  }
  // Said of a manager with a PIN or without: the answer tells their cap (the shop's), never whether they have one.
  const approverCap = discountCapOf(approver.role, caps);
  if (discountAboveCap(discountMinor, grossMinor, approverCap)) {
    throw forbidden(
      `${approver.name} may approve discounts of up to ${formatTaxRate(approverCap!)} of a sale, and these come to ${share}: ask the owner.`,
    );
  }
  if (approver.pin_hash === null) {
    throw await notAnApprover(approval.pin);
  }
  await checkRegisterPin(pins, shop.id, { ...approver, pinHash: approver.pin_hash }, approval.pin, {
    path: 'body.approval.pin',
    otherwise: 'ask someone else to approve',
  });
  return { id: approver.id, name: approver.name };
}

/** Register PINs, set by each person for themself, and who may approve above a caller's cap. */
export function createRegisterPinsService(db: Kysely<Database>, { pins }: { pins: RegisterPinsRepository }) {
  return {
    async status({ shop, actor }: ShopCaller): Promise<RegisterPinStatus> {
      const setAt = await pins.setAt(shop.id, actor.userId);
      return { setAt: setAt?.toISOString() ?? null };
    },

    /** Sets the caller's own PIN at this shop (never anyone else's), hashed as passwords are: to clock in on a register, and to approve. */
    async set({ shop, actor }: ShopCaller, body: SetRegisterPin): Promise<RegisterPinStatus> {
      const hash = await hashPassword(body.pin);
      const setAt = await db
        .transaction()
        .execute((trx) => pins.within(trx).set(shop.id, actor.userId, hash));
      return { setAt: setAt.toISOString() };
    },

    /** The caller's cap, and the owner and managers with a PIN whose role's cap is above it: id and name only. */
    async approvers({ shop, actor, role }: ShopCaller): Promise<RegisterApprovers> {
      const caps = capsOf(shop);
      const cap = discountCapOf(role, caps);
      if (cap === null) {
        return { capPpm: null, approvers: [] };
      }
      const above = (await pins.approvers(shop.id)).filter((row) => {
        const theirs = row.role === 'cashier' ? cap : discountCapOf(row.role, caps);
        return row.id !== actor.userId && (theirs === null || theirs > cap);
      });
      return { capPpm: cap, approvers: above.map((row) => ({ id: row.id, name: row.name })) };
    },
  };
}
export type RegisterPinsService = ReturnType<typeof createRegisterPinsService>;
