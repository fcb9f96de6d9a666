import { z } from 'zod';
import { id, name, noContent, requiredText, settingText, timestamp } from '../fields';
import { currencySchema, MAX_PRICE_MINOR, priceMinorSchema } from '../money';
import { defineRoute } from '../route';
import { merchantParams, type ShopRole } from './merchants';
import { formatTaxRate, taxRateRefSchema } from './taxes';

/**
 * The shop's counter: its registers, a register's shifts (opened with a counted float, closed by
 * counting the cash blind), the cash put in or taken out during a shift, and the sales made on it.
 */

const person = z.object({ id, name: z.string() });

// ---- discount approval ------------------------------------------------------------------------

/**
 * A cap on a sale's discounts: the largest share of its gross (Σ quantity × price) its line and cart
 * discounts together may come to without a manager's approval, in parts per million (100000 = 10 %);
 * null is no cap.
 */
export const discountCapSchema = z
  .int({ error: 'A discount cap is a whole number of parts per million (10 % is 100000), or null for none.' })
  .min(0, 'A discount cap cannot be below 0 %.')
  .max(1_000_000, 'A discount cap is at most 100 % (1000000 parts per million).')
  .nullable();

/** A shop's caps per role; its owner (and an administrator) has none. */
export interface DiscountCaps {
  cashierPpm: number | null;
  managerPpm: number | null;
}
export const discountCapOf = (role: ShopRole, caps: DiscountCaps): number | null =>
  role === 'cashier' ? caps.cashierPpm : role === 'manager' ? caps.managerPpm : null;

/** Whether discounts of `discountMinor` on a sale of `grossMinor` come to more than `capPpm` of it (exactly, without floating point). */
export const discountAboveCap = (discountMinor: number, grossMinor: number, capPpm: number | null): boolean =>
  capPpm !== null && BigInt(discountMinor) * 1_000_000n > BigInt(capPpm) * BigInt(Math.abs(grossMinor));

/** The share of a sale its discounts come to, as a percentage rounded up to a tenth: just above 10 % never reads "10 %". */
export function formatDiscountShare(discountMinor: number, grossMinor: number): string {
  const gross = BigInt(Math.abs(grossMinor)) * 1000n;
  return gross === 0n
    ? formatTaxRate(0)
    : formatTaxRate(Number(((BigInt(discountMinor) * 1_000_000n + gross - 1n) / gross) * 1000n));
}

/** A person's register PIN: 4 to 8 digits, typed on the register's keypad. */
export const registerPinSchema = z
  .string({ error: 'The PIN is text: 4 to 8 digits.' })
  .regex(/^[0-9]*$/, 'The PIN is digits only, 0 to 9.')
  .min(4, 'The PIN is at least 4 digits.')
  .max(8, 'The PIN is at most 8 digits.');
export const setRegisterPinSchema = z.object({ pin: registerPinSchema });
export type SetRegisterPin = z.input<typeof setRegisterPinSchema>;
/** Whether one has a PIN at this shop, and since when; the PIN itself is never shown again. */
export const registerPinStatusSchema = z.object({ setAt: timestamp.nullable() });
export type RegisterPinStatus = z.infer<typeof registerPinStatusSchema>;

/** A manager's (or the owner's) approval, typed on the register: who, and their PIN. */
export const saleApprovalSchema = z.object({
  userId: z.uuid({ error: 'Choose who approves from the list.' }),
  pin: registerPinSchema,
});
export type SaleApproval = z.infer<typeof saleApprovalSchema>;

/** What the register needs to ask for approval: the caller's own cap, and who may approve above it. */
export const registerApproversSchema = z.object({
  capPpm: z.int().nullable(),
  approvers: z.array(person),
});
export type RegisterApprovers = z.infer<typeof registerApproversSchema>;

/** Registers print this before each receipt's number ("R1" → R1-000042), so it is short and plain. */
export const receiptPrefixSchema = z
  .string({ error: 'The receipt prefix must be text.' })
  .trim()
  .regex(/^[A-Z0-9]{1,6}$/, 'The receipt prefix is 1 to 6 capital letters or digits, such as R1.');

/** A receipt's number: its register's prefix and a sequence without gaps, six digits or more. */
export function receiptNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

// ---- registers and shifts ---------------------------------------------------------------------

export const registerShiftSummarySchema = z.object({
  id,
  openedBy: person,
  openedAt: timestamp,
  openingFloatMinor: z.int(),
});
export type RegisterShiftSummary = z.infer<typeof registerShiftSummarySchema>;

export const registerSchema = z.object({
  id,
  name: z.string(),
  receiptPrefix: z.string(),
  /** The shift it is open for, null while closed: a register sells only while open. */
  openShift: registerShiftSummarySchema.nullable(),
  archivedAt: timestamp.nullable(),
});
export type Register = z.infer<typeof registerSchema>;
export const registerListSchema = z.object({ registers: z.array(registerSchema) });

export const createRegisterSchema = z.object({ name, receiptPrefix: receiptPrefixSchema });
export type CreateRegister = z.input<typeof createRegisterSchema>;
/** A register's name changes; its prefix does not (receipts already printed carry it). Archived, it sells no more. */
export const updateRegisterSchema = z
  .object({ name: name.optional(), archived: z.boolean().optional() })
  .refine(
    (body) => body.name !== undefined || body.archived !== undefined,
    'Nothing to change: send a name or archived.',
  );
export type UpdateRegister = z.input<typeof updateRegisterSchema>;
export const registerParams = merchantParams.extend({ registerId: id });

const clientKey = (what: string) =>
  z.uuid({ error: `The idempotency key is a UUID, made once for each ${what}.` });

const cashAmount = (what: string) =>
  z
    .int({ error: `${what} is a whole number of minor units (cents).` })
    .min(0, `${what} cannot be negative.`)
    .max(MAX_PRICE_MINOR, `${what} is too large.`);

/** Opening: the float counted into the drawer. Its key makes a retried opening open one shift. */
export const openShiftSchema = z.object({
  openingFloatMinor: cashAmount('The float'),
  idempotencyKey: clientKey('opening'),
});
export type OpenShift = z.input<typeof openShiftSchema>;

/** Cash put into the drawer (positive) or taken out (negative) during a shift, always with a reason. */
export const cashMoveSchema = z.object({
  amountMinor: z
    .int({ error: 'The amount is a whole number of minor units (cents).' })
    .min(-MAX_PRICE_MINOR, 'The amount is too large.')
    .max(MAX_PRICE_MINOR, 'The amount is too large.')
    .refine(
      (amount) => amount !== 0,
      'Give an amount other than 0: positive puts cash in, negative takes it out.',
    ),
  reason: requiredText('The reason', 200),
  idempotencyKey: clientKey('cash move'),
});
export type CashMove = z.input<typeof cashMoveSchema>;

/**
 * Closing: the cash counted in the drawer, typed before the expected figure is shown (a blind count),
 * with a note (why it differs, say).
 */
export const closeShiftSchema = z.object({
  countedCashMinor: cashAmount('The counted cash'),
  note: settingText('The note', 1000).optional(),
});
export type CloseShift = z.input<typeof closeShiftSchema>;
export const shiftParams = merchantParams.extend({ shiftId: id });

/** Store credit pays from the sale's customer's balance, and a refund by it adds to that balance. */
export const TENDER_METHODS = ['cash', 'card', 'store_credit'] as const;
export const tenderMethodSchema = z.enum(TENDER_METHODS, {
  error: `Choose how it is paid: ${TENDER_METHODS.join(', ')}.`,
});
export type TenderMethod = z.infer<typeof tenderMethodSchema>;

/** A tax rate's part of a sale or shift: net, its tax, and both together. */
export const taxTotalsSchema = z.object({
  taxRate: taxRateRefSchema.nullable(),
  netMinor: z.int(),
  taxMinor: z.int(),
  grossMinor: z.int(),
});

export const cashMoveRecordSchema = z.object({
  id,
  amountMinor: z.int(),
  reason: z.string(),
  by: person,
  createdAt: timestamp,
});

/**
 * A shift's report: the X report while it is open, the Z report once closed. The drawer's expected
 * cash is the float, plus cash taken less change given, plus cash moves: from this shift's own records,
 * never from a date range. A cashier's X report leaves it out (`expectedCashMinor` null) so that the
 * close stays blind; managers and owners see it.
 */
export const shiftReportSchema = z.object({
  id,
  register: z.object({ id, name: z.string(), receiptPrefix: z.string() }),
  currency: currencySchema,
  openedBy: person,
  openedAt: timestamp,
  openingFloatMinor: z.int(),
  closedBy: person.nullable(),
  closedAt: timestamp.nullable(),
  /** Sales made, and returns taken with what they refunded (positive); the totals below are net of returns. */
  sales: z.int(),
  returns: z.int(),
  refundsMinor: z.int(),
  grossMinor: z.int(),
  discountMinor: z.int(),
  taxMinor: z.int(),
  totalMinor: z.int(),
  taxes: z.array(taxTotalsSchema),
  /** Per method, what was taken less what was refunded (cash: handed over less change), and the refunds. */
  tenders: z.array(
    z.object({ method: tenderMethodSchema, count: z.int(), amountMinor: z.int(), refundedMinor: z.int() }),
  ),
  cashMoves: z.array(cashMoveRecordSchema),
  /** Lines taken off carts before payment: how many, and what they came to at their prices. */
  voids: z.object({ lines: z.int(), amountMinor: z.int() }),
  cashSalesMinor: z.int(),
  cashMovesMinor: z.int(),
  expectedCashMinor: z.int().nullable(),
  /** Once closed: the count, and counted − expected (negative: short). */
  countedCashMinor: z.int().nullable(),
  differenceMinor: z.int().nullable(),
  closingNote: z.string().nullable(),
});
export type ShiftReport = z.infer<typeof shiftReportSchema>;

// ---- sales ------------------------------------------------------------------------------------

/** Enough for any counter; small enough that no total leaves exact integers. */
export const MAX_SALE_LINES = 500;
export const MAX_LINE_QUANTITY = 9_999;

export const saleLineInputSchema = z.object({
  productId: id,
  quantity: z
    .int({ error: 'The quantity is a whole number.' })
    .min(1, 'The quantity is at least 1.')
    .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} of one line.`),
  /** Taken off this line's quantity × price. */
  discountMinor: priceMinorSchema.default(0),
});

export const tenderInputSchema = z.object({
  method: tenderMethodSchema,
  /** What the customer handed over or the terminal took; cash may be more than due, and gets change. */
  amountMinor: z
    .int({ error: 'A payment is a whole number of minor units (cents).' })
    .min(1, 'A payment is more than 0.')
    .max(MAX_PRICE_MINOR, 'The payment is too large.'),
  /** The card terminal's reference, to find the payment on its statement. */
  reference: settingText('The reference', 100).optional(),
});

/**
 * A sale made at a register. Its `id` is made on the register when the cart is started and is the sale's
 * idempotency key: sent again (a retry after a lost answer), the sale is recorded once and the answer is
 * the first one's. `totalMinor` is the total the customer was shown: if prices changed since, the sale
 * is refused with the new total rather than charged differently.
 */
export const createSaleSchema = z.object({
  id: z.uuid({ error: "The sale's id is a UUID made on the register for this sale." }),
  shiftId: id,
  lines: z
    .array(saleLineInputSchema)
    .min(1, 'A sale has at least one line.')
    .max(MAX_SALE_LINES, `At most ${MAX_SALE_LINES} lines in one sale.`),
  cartDiscountMinor: priceMinorSchema.default(0),
  /** None only for a sale that comes to 0. */
  tenders: z.array(tenderInputSchema).max(20, 'At most 20 payments for one sale.'),
  totalMinor: z.int(),
  /** Needed when the discounts come to more than the seller's role's cap. */
  approval: saleApprovalSchema.optional(),
  /** The shop's customer the sale is theirs, if the customer gave their name; needed to pay by store credit. */
  customerId: id.optional(),
});
export type CreateSale = z.input<typeof createSaleSchema>;
/** A sale as the server reads it: defaults filled in. */
export type SaleRequest = z.infer<typeof createSaleSchema>;

/**
 * Lines taken off a cart before payment, or a whole cart abandoned: recorded with who and when, though
 * nothing was sold. `cartId` is the sale id the cart would have had; each line's `id`, made on the
 * register, makes a void sent twice count once.
 */
export const voidLinesSchema = z.object({
  cartId: z.uuid({ error: "The cart's id is the UUID the register made for its sale." }),
  lines: z
    .array(
      z.object({
        id: z.uuid({ error: "A voided line's id is a UUID made on the register." }),
        productId: id,
        quantity: saleLineInputSchema.shape.quantity,
      }),
    )
    .min(1, 'Void at least one line.')
    .max(MAX_SALE_LINES, `At most ${MAX_SALE_LINES} lines at once.`),
});
export type VoidLines = z.input<typeof voidLinesSchema>;

export const saleLineSchema = z.object({
  /** The line's place on its receipt, from 1: a return names the lines it gives back by it. */
  position: z.int(),
  product: z.object({ id, sku: z.string(), name: z.string() }),
  quantity: z.int(),
  unitPriceMinor: z.int(),
  discountMinor: z.int(),
  cartDiscountMinor: z.int(),
  amountMinor: z.int(),
  taxRate: taxRateRefSchema.nullable(),
  taxMinor: z.int(),
  netMinor: z.int(),
  /** On a return: the line of the first sale it gives back (null without a receipt), and whether the goods went back on the shelf. */
  returnedPosition: z.int().nullable(),
  restock: z.boolean().nullable(),
});

export const SALE_KINDS = ['sale', 'return'] as const;

export const saleSchema = z.object({
  id,
  /** A return's lines, amounts and tenders (its refunds) are negative. */
  kind: z.enum(SALE_KINDS),
  receiptNumber: z.string(),
  /** The sale a return gives goods back from; null for a sale, and for a return taken without a receipt. */
  returnOf: z.object({ id, receiptNumber: z.string() }).nullable(),
  returnReason: z.string().nullable(),
  register: z.object({ id, name: z.string() }),
  shiftId: id,
  cashier: person,
  /** Who approved discounts above the cashier's cap; null when none was needed. */
  approvedBy: person.nullable(),
  /** The shop's customer it was sold to or taken back from, if named. */
  customer: person.nullable(),
  createdAt: timestamp,
  currency: currencySchema,
  pricesIncludeTax: z.boolean(),
  lines: z.array(saleLineSchema),
  taxes: z.array(taxTotalsSchema),
  grossMinor: z.int(),
  discountMinor: z.int(),
  taxMinor: z.int(),
  totalMinor: z.int(),
  tenders: z.array(
    z.object({ method: tenderMethodSchema, amountMinor: z.int(), reference: z.string().nullable() }),
  ),
  /** Cash handed back: what was handed over beyond the total, only ever from cash. */
  changeMinor: z.int(),
});
export type Sale = z.infer<typeof saleSchema>;
export const saleParams = merchantParams.extend({ saleId: id });

// ---- returns ----------------------------------------------------------------------------------

/** A receipt's number as printed and encoded in its barcode: R1-000042. */
export const receiptNumberSchema = z
  .string({ error: 'The receipt number is text, such as R1-000042.' })
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z0-9]{1,6}-[0-9]{6,9}$/,
    'A receipt number is its prefix and six digits or more, such as R1-000042.',
  );
export const receiptParams = merchantParams.extend({ receiptNumber: receiptNumberSchema });

/** A sale looked up to return goods from it: what of each line is left to give back, and of each payment to refund. */
export const returnableSaleSchema = z.object({
  sale: saleSchema,
  lines: z.array(z.object({ position: z.int(), returnedQuantity: z.int(), returnableQuantity: z.int() })),
  /** Per method the sale was paid by, what may still be refunded to it; cash may always be refunded besides. */
  refundable: z.array(z.object({ method: tenderMethodSchema, amountMinor: z.int() })),
  returns: z.array(z.object({ id, receiptNumber: z.string(), createdAt: timestamp, totalMinor: z.int() })),
});
export type ReturnableSale = z.infer<typeof returnableSaleSchema>;

export const returnLineInputSchema = z.object({
  /** With a receipt: the sold line's position on it. */
  position: z.int({ error: "A line's position is a whole number." }).min(1).max(MAX_SALE_LINES).optional(),
  /** Without a receipt: the product brought back. */
  productId: id.optional(),
  quantity: saleLineInputSchema.shape.quantity,
  /** Back on the shelf (a `return` stock movement), or not: damaged goods are not restocked. */
  restock: z.boolean({ error: 'Say whether the goods go back on the shelf: restock true or false.' }),
});

/**
 * Goods brought back, made a sale of its own with negative lines, on the register where they come back.
 * With the receipt (`saleId`), each line gives back part of what a sold line was recorded at, at most
 * what is left of it, and the refunds go back by the sale's payments (each at most what it paid), or in
 * cash. Without one (`saleId` null), a manager takes it, at today's prices. `id`, made on the register,
 * makes a retried return recorded once.
 */
export const createReturnSchema = z
  .object({
    id: z.uuid({ error: "The return's id is a UUID made on the register for this return." }),
    shiftId: id,
    saleId: id.nullable(),
    lines: z
      .array(returnLineInputSchema)
      .min(1, 'A return gives back at least one line.')
      .max(MAX_SALE_LINES, `At most ${MAX_SALE_LINES} lines in one return.`),
    reason: requiredText('The reason', 200),
    refunds: z.array(tenderInputSchema).max(20, 'At most 20 refunds for one return.'),
    /** What the customer was told they get back, positive. */
    totalMinor: z.int().min(0, 'The refund is given as a positive amount.').max(MAX_PRICE_MINOR),
    /** Whose return it is: with a receipt, the sale's customer unless named here; needed to refund to store credit. */
    customerId: id.optional(),
  })
  .superRefine((body, context) =>
    body.lines.forEach((line, index) => {
      if (body.saleId !== null && line.position === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['lines', index, 'position'],
          message: 'With a receipt, name the line returned by its position on it.',
        });
      }
      if (body.saleId === null && line.productId === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['lines', index, 'productId'],
          message: 'Without a receipt, name the product brought back.',
        });
      }
    }),
  );
export type CreateReturn = z.input<typeof createReturnSchema>;
export type ReturnRequest = z.infer<typeof createReturnSchema>;

/** Where to send a receipt or a report: one address, named in its message. */
const sendTo = (what: string) =>
  z.object({
    email: z
      .email({ error: `Give the e-mail address to send ${what} to, such as ana@example.com.` })
      .max(254),
  });

/** Where the customer wants the receipt sent. */
export const emailReceiptSchema = sendTo('the receipt');
export type EmailReceipt = z.input<typeof emailReceiptSchema>;
/** Where a shift's X or Z report goes: the owner's inbox, the accountant's. */
export const emailShiftReportSchema = sendTo('the report');
export type EmailShiftReport = z.input<typeof emailShiftReportSchema>;

const tags = ['register'];

export const registerRoutes = {
  registers: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/registers',
    summary: "The shop's registers, each with its open shift",
    tags,
    permission: 'register',
    params: merchantParams,
    responses: { 200: registerListSchema },
  }),
  createRegister: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/registers',
    summary: 'Add a register, named, with its receipt prefix',
    tags,
    permission: 'registerSetup',
    params: merchantParams,
    body: createRegisterSchema,
    responses: { 201: registerSchema },
  }),
  updateRegister: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/registers/:registerId',
    summary: 'Rename a register, or archive it (closed) or bring it back',
    tags,
    permission: 'registerSetup',
    params: registerParams,
    body: updateRegisterSchema,
    responses: { 200: registerSchema },
  }),
  openShift: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/registers/:registerId/shifts',
    summary: 'Open the register with its counted float; 409 if it is open already',
    tags,
    permission: 'register',
    params: registerParams,
    body: openShiftSchema,
    responses: { 201: shiftReportSchema },
  }),
  shift: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/register-shifts/:shiftId',
    summary:
      "A shift's report: the X report while open (expected cash for managers only), the Z report once closed",
    tags,
    permission: 'register',
    params: shiftParams,
    responses: { 200: shiftReportSchema },
  }),
  moveCash: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/register-shifts/:shiftId/cash-moves',
    summary: 'Put cash into the drawer or take it out, with a reason, during an open shift',
    tags,
    permission: 'register',
    params: shiftParams,
    body: cashMoveSchema,
    responses: { 201: shiftReportSchema },
  }),
  voidLines: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/register-shifts/:shiftId/voids',
    summary: 'Record lines taken off a cart before payment, or a whole cart abandoned, with who did it',
    tags,
    permission: 'register',
    params: shiftParams,
    body: voidLinesSchema,
    responses: { 201: shiftReportSchema },
  }),
  closeShift: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/register-shifts/:shiftId/close',
    summary: 'Close the shift with the cash counted blind; answers the Z report with expected and difference',
    tags,
    permission: 'register',
    params: shiftParams,
    body: closeShiftSchema,
    responses: { 200: shiftReportSchema },
  }),
  emailShiftReport: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/register-shifts/:shiftId/email',
    summary:
      "E-mail the shift's X or Z report, as its GET shows it to the caller, through the shop's mail transport",
    tags,
    permission: 'register',
    params: shiftParams,
    body: emailShiftReportSchema,
    responses: { 202: noContent },
  }),
  createSale: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/registers/:registerId/sales',
    summary: 'Record a sale paid at the register; the same sale id sent again answers the first answer',
    tags,
    permission: 'register',
    params: registerParams,
    body: createSaleSchema,
    responses: { 201: saleSchema },
  }),
  sale: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/register-sales/:saleId',
    summary: 'A register sale, as its receipt shows it',
    tags,
    permission: 'register',
    params: saleParams,
    responses: { 200: saleSchema },
  }),
  returnable: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/register-receipts/:receiptNumber',
    summary: "A sale found by its receipt's number, with what is left of it to return and refund",
    tags,
    permission: 'register',
    params: receiptParams,
    responses: { 200: returnableSaleSchema },
  }),
  createReturn: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/registers/:registerId/returns',
    summary:
      'Take goods back against their receipt (or, for a manager, without one) and refund them; the same id sent again answers the first answer',
    tags,
    permission: 'register',
    params: registerParams,
    body: createReturnSchema,
    responses: { 201: saleSchema },
  }),
  approvers: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/register-approvers',
    summary:
      "The caller's discount cap, and who may approve discounts above it on the spot (those with a PIN and a higher cap)",
    tags,
    permission: 'register',
    params: merchantParams,
    responses: { 200: registerApproversSchema },
  }),
  pin: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/register-pin',
    summary: 'Whether I have a register PIN at this shop, and since when',
    tags,
    permission: 'clock',
    params: merchantParams,
    responses: { 200: registerPinStatusSchema },
  }),
  setPin: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/register-pin',
    summary: 'Set my register PIN at this shop: to clock in on a register, and (owner, manager) to approve discounts on the spot',
    tags,
    permission: 'clock',
    params: merchantParams,
    body: setRegisterPinSchema,
    responses: { 200: registerPinStatusSchema },
  }),
  emailReceipt: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/register-sales/:saleId/email',
    summary: "E-mail the sale's receipt to the customer, through the shop's mail transport",
    tags,
    permission: 'register',
    params: saleParams,
    body: emailReceiptSchema,
    responses: { 202: noContent },
  }),
};
