import {
  MAX_STOCK,
  type PurchaseOrderLine,
  type PurchaseOrderStatus,
  type PurchaseOrderSummary,
  type PurchaseOrderTransition,
  type PurchaseReceipt,
} from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database, EscalationStep } from '../../db/schema';
import { movementsInsert } from '../stock/stock.repository';

/** A line as a draft writes it: the product's SKU and name copied as they are now. */
export interface NewPurchaseOrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  costMinor: number;
  supplierSku: string | null;
}

/** Goods received, as `recordReceipt` posts them: each line at its purchase order line's cost. */
export interface NewReceipt {
  id: string;
  merchantId: string;
  purchaseOrderId: string;
  receivedBy: string;
  note: string;
  overReceipt: boolean;
  statusAfter: 'partially_received' | 'received';
  requestDigest: string;
  lines: { productId: string; quantity: number; costMinor: number }[];
}

export interface PurchaseOrderFilter {
  status?: PurchaseOrderStatus;
  supplierId?: string;
  /** Only those sent and still not acknowledged past their deadline. */
  overdue?: boolean;
  /** Those made before this purchase order of the shop. */
  before?: string;
  limit: number;
}

/** When the purchase order `po` took this step of its escalation; null while it has not. */
const escalatedAt = (step: EscalationStep) =>
  sql<Date | null>`(SELECT escalation.at FROM purchase_order_escalations AS escalation
    WHERE escalation.purchase_order_id = po.id AND escalation.step = ${step})`;

function purchasingStatements(db: Kysely<Database>) {
  /** A purchase order as lists and pages show it: its supplier, who wrote it, its lines counted and totalled. */
  const summaries = (merchantId: string) =>
    db
      .selectFrom('purchase_orders as po')
      .innerJoin('suppliers', 'suppliers.id', 'po.supplier_id')
      .leftJoin('users as creator', 'creator.id', 'po.created_by')
      .select([
        'po.id',
        'po.number',
        'po.sequence',
        'po.status',
        'po.currency',
        'po.note',
        'po.origin',
        'po.created_at',
        'po.created_by',
        'creator.name as created_by_name',
        'suppliers.id as supplier_id',
        'suppliers.slug as supplier_slug',
        'suppliers.name as supplier_name',
        'suppliers.archived_at as supplier_archived_at',
        // A date: as text, since the two drivers would parse it into different instants.
        sql<string | null>`po.expected_on::text`.as('expected_on'),
        sql<number>`(SELECT count(*) FROM purchase_order_lines AS line WHERE line.purchase_order_id = po.id)::int`.as(
          'line_count',
        ),
        sql<number>`(SELECT coalesce(sum(line.quantity * line.unit_cost_minor), 0) FROM purchase_order_lines AS line
          WHERE line.purchase_order_id = po.id)::bigint`.as('total_minor'),
        'po.acknowledgement_due_at',
        escalatedAt('resent').as('resent_at'),
        escalatedAt('merchant_told').as('merchant_told_at'),
      ])
      .where('po.merchant_id', '=', merchantId);

  return {
    /** The shop's supplier, archived or not; another shop's is not found. */
    supplier: (merchantId: string, supplierId: string) =>
      db
        .selectFrom('suppliers')
        .select(['id', 'slug', 'name', 'archived_at'])
        .where('merchant_id', '=', merchantId)
        .where('id', '=', supplierId)
        .executeTakeFirst(),

    /** Which of `ids` are the shop's products, with what a line copies; another shop's are not returned. */
    products: (merchantId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('products')
            .select(['id', 'sku', 'name', 'archived_at'])
            .where('merchant_id', '=', merchantId)
            .where('id', 'in', ids)
            .execute(),

    /** By id in any shop, to tell a retried draft from another purchase order. */
    findAnywhere: (id: string) =>
      db
        .selectFrom('purchase_orders')
        .select(['id', 'merchant_id', 'request_digest'])
        .where('id', '=', id)
        .executeTakeFirst(),

    /** The shop's purchase order; `lock` holds its row for the caller's transaction (its status is about to change). */
    find: (merchantId: string, id: string, lock = false) =>
      summaries(merchantId)
        .where('po.id', '=', id)
        .$if(lock, (query) => query.forUpdate('po'))
        .executeTakeFirst(),

    /** Newest first (by number), narrowed by status and supplier, from `before` on. */
    list: (merchantId: string, filter: PurchaseOrderFilter) =>
      summaries(merchantId)
        .$if(filter.status !== undefined, (query) => query.where('po.status', '=', filter.status!))
        .$if(filter.supplierId !== undefined, (query) =>
          query.where('po.supplier_id', '=', filter.supplierId!),
        )
        .$if(filter.overdue === true, (query) =>
          query.where('po.status', '=', 'sent').where('po.acknowledgement_due_at', '<=', sql<Date>`now()`),
        )
        .$if(filter.before !== undefined, (query) =>
          query.where(
            'po.sequence',
            '<',
            db
              .selectFrom('purchase_orders')
              .select('sequence')
              .where('merchant_id', '=', merchantId)
              .where('id', '=', filter.before!),
          ),
        )
        .orderBy('po.sequence', 'desc')
        .limit(filter.limit)
        .execute(),

    /**
     * The next number of the shop's series, its counter's row locked until the caller's transaction
     * ends: drafts written at once take their turn, and one that fails gives its number back.
     */
    async lockNextSequence(merchantId: string): Promise<number> {
      await db
        .insertInto('purchase_order_counters')
        .values({ merchant_id: merchantId })
        .onConflict((conflict) => conflict.column('merchant_id').doNothing())
        .execute();
      const { next_sequence } = await db
        .selectFrom('purchase_order_counters')
        .select('next_sequence')
        .where('merchant_id', '=', merchantId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      return next_sequence;
    },

    /** Writes the draft with the number `lockNextSequence` gave, and moves the series on past it. */
    async insert(values: {
      id: string;
      merchantId: string;
      supplierId: string;
      sequence: number;
      number: string;
      currency: string;
      expectedOn: string | null;
      note: string;
      /** Null for a draft of the reorder rules (`origin` reorder). */
      createdBy: string | null;
      origin?: 'manual' | 'reorder';
      requestDigest: string;
    }) {
      await db
        .insertInto('purchase_orders')
        .values({
          id: values.id,
          merchant_id: values.merchantId,
          supplier_id: values.supplierId,
          sequence: values.sequence,
          number: values.number,
          currency: values.currency,
          expected_on: values.expectedOn,
          note: values.note,
          created_by: values.createdBy,
          origin: values.origin ?? 'manual',
          request_digest: values.requestDigest,
        })
        .execute();
      await db
        .updateTable('purchase_order_counters')
        .set({ next_sequence: values.sequence + 1 })
        .where('merchant_id', '=', values.merchantId)
        .execute();
    },

    /** A draft's lines, all replaced, numbered from 1 in the order given. */
    async replaceLines(purchaseOrderId: string, lines: NewPurchaseOrderLine[]) {
      await db.deleteFrom('purchase_order_lines').where('purchase_order_id', '=', purchaseOrderId).execute();
      await db
        .insertInto('purchase_order_lines')
        .values(
          lines.map((line, index) => ({
            purchase_order_id: purchaseOrderId,
            position: index + 1,
            product_id: line.productId,
            sku: line.sku,
            name: line.name,
            quantity: line.quantity,
            unit_cost_minor: line.costMinor,
            supplier_sku: line.supplierSku,
          })),
        )
        .execute();
    },

    /** The supplier's draft from the reorder rules, if there is one, held for the caller's transaction. */
    reorderDraft: (merchantId: string, supplierId: string) =>
      summaries(merchantId)
        .where('po.supplier_id', '=', supplierId)
        .where('po.status', '=', 'draft')
        .where('po.origin', '=', 'reorder')
        .forUpdate('po')
        .executeTakeFirst(),

    /**
     * Puts each product on the draft at no less than the quantity given: a line already there is
     * raised to it (never lowered: a person may have ordered more), a new one goes at the end with
     * the product's SKU and name as they are now. Evaluating a need twice writes it once.
     */
    async raiseLines(
      purchaseOrderId: string,
      lines: { productId: string; quantity: number; costMinor: number; supplierSku: string | null }[],
    ) {
      const column = <Value>(pick: (line: (typeof lines)[number]) => Value) => lines.map(pick);
      await sql`
        WITH given AS (
          SELECT * FROM unnest(${column((line) => line.productId)}::uuid[], ${column((line) => line.quantity)}::int[],
            ${column((line) => line.costMinor)}::bigint[], ${column((line) => line.supplierSku)}::text[])
            WITH ORDINALITY AS given (product_id, quantity, unit_cost_minor, supplier_sku, ordinality)
        ),
        raised AS (
          UPDATE purchase_order_lines SET quantity = greatest(purchase_order_lines.quantity, given.quantity)
          FROM given
          WHERE purchase_order_lines.purchase_order_id = ${purchaseOrderId}
            AND purchase_order_lines.product_id = given.product_id
            AND purchase_order_lines.quantity < given.quantity
        )
        INSERT INTO purchase_order_lines (purchase_order_id, position, product_id, sku, name, quantity, unit_cost_minor,
          supplier_sku)
        SELECT ${purchaseOrderId}::uuid,
          (SELECT coalesce(max(position), 0) FROM purchase_order_lines WHERE purchase_order_id = ${purchaseOrderId})
            + row_number() OVER (ORDER BY given.ordinality),
          products.id, products.sku, products.name, given.quantity, given.unit_cost_minor, given.supplier_sku
        FROM given JOIN products ON products.id = given.product_id
        WHERE NOT EXISTS (
          SELECT 1 FROM purchase_order_lines AS line
          WHERE line.purchase_order_id = ${purchaseOrderId} AND line.product_id = given.product_id
        )`.execute(db);
    },

    /** What a purchase order's deadline is counted from: its supplier's hours to acknowledge, on its shop's clock. */
    acknowledgementTerms: (purchaseOrderId: string) =>
      db
        .selectFrom('purchase_orders as po')
        .innerJoin('suppliers', 'suppliers.id', 'po.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'po.merchant_id')
        .select(['suppliers.acknowledge_within_hours', 'merchants.time_zone'])
        .where('po.id', '=', purchaseOrderId)
        .executeTakeFirstOrThrow(),

    /** Fixes, as it is sent, when the purchase order is to be acknowledged and when the shop is told it was not. */
    setAcknowledgementDue: (purchaseOrderId: string, due: { dueAt: Date; tellShopAt: Date }) =>
      db
        .updateTable('purchase_orders')
        .set({ acknowledgement_due_at: due.dueAt, tell_shop_at: due.tellShopAt })
        .where('id', '=', purchaseOrderId)
        .execute(),

    /**
     * For each of the products, its first supplier other than `supplierId` that is not archived (its
     * preferred one first, then by name), with that supplier's terms and the product's average cost.
     * A product no other supplier has is not returned.
     */
    backupSuppliers: (merchantId: string, productIds: string[], supplierId: string) =>
      productIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('products')
            .innerJoinLateral(
              (eb) =>
                eb
                  .selectFrom('product_suppliers as tie')
                  .innerJoin('suppliers', 'suppliers.id', 'tie.supplier_id')
                  .select([
                    'suppliers.id as supplier_id',
                    'suppliers.name as supplier_name',
                    'tie.cost_minor',
                    'tie.supplier_sku',
                  ])
                  .whereRef('tie.product_id', '=', 'products.id')
                  .where('tie.supplier_id', '<>', supplierId)
                  .where('suppliers.archived_at', 'is', null)
                  .orderBy('tie.preferred', 'desc')
                  .orderBy('suppliers.name')
                  .orderBy('suppliers.id')
                  .limit(1)
                  .as('backup'),
              (join) => join.onTrue(),
            )
            .select([
              'products.id as product_id',
              'products.average_cost_minor',
              'backup.supplier_id',
              'backup.supplier_name',
              'backup.cost_minor',
              'backup.supplier_sku',
            ])
            .where('products.merchant_id', '=', merchantId)
            .where('products.id', 'in', productIds)
            .execute(),

    update: (purchaseOrderId: string, fields: { expected_on?: string | null; note?: string }) =>
      db.updateTable('purchase_orders').set(fields).where('id', '=', purchaseOrderId).execute(),

    /** Moves the purchase order to `to`, and records the change with who made it and why. */
    async transition(change: {
      purchaseOrderId: string;
      from: PurchaseOrderStatus | null;
      to: PurchaseOrderStatus;
      actorId: string | null;
      note: string | null;
    }) {
      if (change.from !== null) {
        await db
          .updateTable('purchase_orders')
          .set({ status: change.to })
          .where('id', '=', change.purchaseOrderId)
          .execute();
      }
      await db
        .insertInto('purchase_order_transitions')
        .values({
          purchase_order_id: change.purchaseOrderId,
          from_status: change.from,
          to_status: change.to,
          actor_id: change.actorId,
          note: change.note,
        })
        .execute();
    },

    /** The lines of these purchase orders, in order. */
    lines: (purchaseOrderIds: string[]) =>
      purchaseOrderIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('purchase_order_lines')
            .selectAll()
            .where('purchase_order_id', 'in', purchaseOrderIds)
            .orderBy('purchase_order_id')
            .orderBy('position')
            .execute(),

    transitions: (purchaseOrderId: string) =>
      db
        .selectFrom('purchase_order_transitions as t')
        .leftJoin('users', 'users.id', 't.actor_id')
        .select([
          't.from_status',
          't.to_status',
          't.actor_id',
          'users.name as actor_name',
          't.note',
          't.created_at',
        ])
        .where('t.purchase_order_id', '=', purchaseOrderId)
        .orderBy('t.id')
        .execute(),

    /** A receipt by id in any shop, to tell a retried receipt from another. */
    findReceipt: (id: string) =>
      db
        .selectFrom('purchase_receipts')
        .select(['id', 'purchase_order_id', 'request_digest'])
        .where('id', '=', id)
        .executeTakeFirst(),

    /** The receipts of a purchase order (or the one `receiptId`), oldest first, with who took them in. */
    receipts: (purchaseOrderId: string, receiptId?: string) =>
      db
        .selectFrom('purchase_receipts as r')
        .innerJoin('purchase_orders as po', 'po.id', 'r.purchase_order_id')
        .innerJoin('users', 'users.id', 'r.received_by')
        .select([
          'r.id',
          'po.id as purchase_order_id',
          'po.number',
          'r.status_after',
          'r.received_by',
          'users.name as received_by_name',
          'r.received_at',
          'r.note',
          'r.over_receipt',
        ])
        .where('r.purchase_order_id', '=', purchaseOrderId)
        .$if(receiptId !== undefined, (query) => query.where('r.id', '=', receiptId!))
        .orderBy('r.received_at')
        .orderBy('r.id')
        .execute(),

    /** The receipts' lines, each with the SKU and name its purchase order line copied. */
    receiptLines: (receiptIds: string[]) =>
      receiptIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('purchase_receipt_lines as rl')
            .innerJoin('purchase_receipts as r', 'r.id', 'rl.receipt_id')
            .innerJoin('purchase_order_lines as line', (join) =>
              join
                .onRef('line.purchase_order_id', '=', 'r.purchase_order_id')
                .onRef('line.product_id', '=', 'rl.product_id'),
            )
            .select([
              'rl.receipt_id',
              'rl.product_id',
              'line.sku',
              'line.name',
              'rl.quantity',
              'rl.unit_cost_minor',
              'rl.average_cost_after_minor',
            ])
            .where('rl.receipt_id', 'in', receiptIds)
            .orderBy('rl.receipt_id')
            .orderBy('rl.position')
            .execute(),

    /**
     * Posts a receipt in one statement: the products locked in id order (as every statement that
     * moves stock locks them), each one's stock added to and its average cost moved, a `receipt`
     * movement per line through the ledger, the receipt and its lines, and what its purchase order
     * lines have received. The average is (stock × average + quantity × cost) ÷ (stock + quantity),
     * rounded half away from zero (PostgreSQL's round of a numeric), the cost alone when the
     * average was unknown or the stock nothing. A product whose stock would pass `MAX_STOCK` is not
     * moved: the answer lists the products that were, and the caller rolls back if one is missing.
     */
    async recordReceipt(receipt: NewReceipt): Promise<string[]> {
      const column = <Value>(pick: (line: NewReceipt['lines'][number]) => Value) => receipt.lines.map(pick);
      const { rows } = await sql<{ id: string }>`
        WITH given AS (
          SELECT * FROM unnest(${column((line) => line.productId)}::uuid[], ${column((line) => line.quantity)}::int[],
            ${column((line) => line.costMinor)}::bigint[]) WITH ORDINALITY AS given (product_id, quantity, unit_cost_minor, position)
        ),
        locked AS (
          SELECT products.id FROM products JOIN given ON given.product_id = products.id
          WHERE products.merchant_id = ${receipt.merchantId}
          ORDER BY products.id
          FOR UPDATE OF products
        ),
        received AS (
          UPDATE products SET
            stock = products.stock + given.quantity,
            average_cost_minor = CASE
              WHEN products.stock <= 0 OR products.average_cost_minor IS NULL THEN given.unit_cost_minor
              ELSE round((products.stock::numeric * products.average_cost_minor + given.quantity::numeric * given.unit_cost_minor)
                / (products.stock + given.quantity))::bigint
            END
          FROM locked JOIN given ON given.product_id = locked.id
          WHERE products.id = locked.id AND products.stock + given.quantity <= ${MAX_STOCK}
          RETURNING products.id, products.merchant_id, products.stock, products.average_cost_minor, given.quantity,
            given.unit_cost_minor, given.position
        ),
        moved AS (${movementsInsert(
          'receipt',
          sql`SELECT merchant_id, id AS product_id, quantity, ${receipt.id}::uuid AS document_id,
            ${receipt.receivedBy}::uuid AS actor_id, NULL::text AS reason, NULL::text AS note, stock AS balance_after,
            'receipt:' || ${receipt.id}::text || ':' || id AS idempotency_key
          FROM received`,
        )}),
        header AS (
          INSERT INTO purchase_receipts (id, merchant_id, purchase_order_id, received_by, note, over_receipt, status_after,
            request_digest)
          VALUES (${receipt.id}, ${receipt.merchantId}, ${receipt.purchaseOrderId}, ${receipt.receivedBy}, ${receipt.note},
            ${receipt.overReceipt}, ${receipt.statusAfter}, ${receipt.requestDigest})
        ),
        lines AS (
          INSERT INTO purchase_receipt_lines (receipt_id, position, product_id, quantity, unit_cost_minor, average_cost_after_minor)
          SELECT ${receipt.id}::uuid, position::int, id, quantity, unit_cost_minor, average_cost_minor FROM received
        ),
        counted AS (
          UPDATE purchase_order_lines SET quantity_received = purchase_order_lines.quantity_received + received.quantity
          FROM received
          WHERE purchase_order_lines.purchase_order_id = ${receipt.purchaseOrderId}
            AND purchase_order_lines.product_id = received.id
        )
        SELECT id FROM received`.execute(db);
      return rows.map((row) => row.id);
    },
  };
}

export const createPurchasingRepository = repository(purchasingStatements);
export type PurchasingRepository = ReturnType<typeof createPurchasingRepository>;

export type PurchaseOrderRow = NonNullable<Awaited<ReturnType<PurchasingRepository['find']>>>;
export type PurchaseOrderLineRow = Awaited<ReturnType<PurchasingRepository['lines']>>[number];
type TransitionRow = Awaited<ReturnType<PurchasingRepository['transitions']>>[number];
type ReceiptRow = Awaited<ReturnType<PurchasingRepository['receipts']>>[number];
type ReceiptLineRow = Awaited<ReturnType<PurchasingRepository['receiptLines']>>[number];

const personOf = (id: string | null, name: string | null) =>
  id === null ? null : { id, name: name ?? '' };

export function toPurchaseOrderSummary(row: PurchaseOrderRow): PurchaseOrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    supplier: { id: row.supplier_id, slug: row.supplier_slug, name: row.supplier_name },
    currency: row.currency,
    expectedOn: row.expected_on,
    note: row.note,
    lineCount: row.line_count,
    totalMinor: Number(row.total_minor),
    origin: row.origin,
    createdBy: personOf(row.created_by, row.created_by_name),
    createdAt: row.created_at.toISOString(),
    escalation: {
      dueAt: row.acknowledgement_due_at?.toISOString() ?? null,
      resentAt: row.resent_at === null ? null : new Date(row.resent_at).toISOString(),
      merchantToldAt: row.merchant_told_at === null ? null : new Date(row.merchant_told_at).toISOString(),
    },
  };
}

export function toPurchaseOrderLine(row: PurchaseOrderLineRow): PurchaseOrderLine {
  return {
    position: row.position,
    product: { id: row.product_id, sku: row.sku, name: row.name },
    quantity: row.quantity,
    quantityReceived: row.quantity_received,
    quantityConfirmed: row.quantity_confirmed,
    costMinor: row.unit_cost_minor,
    supplierSku: row.supplier_sku,
    amountMinor: row.quantity * row.unit_cost_minor,
  };
}

export function toTransition(row: TransitionRow): PurchaseOrderTransition {
  return {
    from: row.from_status,
    to: row.to_status,
    by: personOf(row.actor_id, row.actor_name),
    at: row.created_at.toISOString(),
    note: row.note,
  };
}

export function toReceipt(row: ReceiptRow, lines: ReceiptLineRow[]): PurchaseReceipt {
  return {
    id: row.id,
    purchaseOrder: { id: row.purchase_order_id, number: row.number },
    statusAfter: row.status_after,
    by: { id: row.received_by, name: row.received_by_name },
    at: row.received_at.toISOString(),
    note: row.note,
    overReceipt: row.over_receipt,
    lines: lines
      .filter((line) => line.receipt_id === row.id)
      .map((line) => ({
        product: { id: line.product_id, sku: line.sku, name: line.name },
        quantity: line.quantity,
        costMinor: line.unit_cost_minor,
        averageCostAfterMinor: line.average_cost_after_minor,
      })),
  };
}
