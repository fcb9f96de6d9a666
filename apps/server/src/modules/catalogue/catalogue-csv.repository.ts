import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { repository } from '../../db/repository';
import { movementsInsert } from '../stock/stock.repository';
import type { NewProduct, ProductChange, SnapshotProduct } from './catalogue-csv';

/** A product as the export writes it: its category's and suppliers' slugs rather than their ids. */
export interface ExportRow {
  sku: string;
  barcode: string | null;
  name: string;
  description: string;
  category: string | null;
  price_minor: number;
  /** The name of the product's own tax rate; null when its category's applies. */
  tax_rate: string | null;
  stock: number;
  /** Their slugs, the preferred supplier's first. */
  suppliers: string;
  archived: boolean;
}

/** What an applied import recorded, for a retry to answer with. */
export interface AppliedImport {
  merchant_id: string;
  created: number;
  updated: number;
  unchanged: number;
}

/** An `import` movement for each row of `source` (`merchant_id, id, stock, stock_before`) whose stock changed. */
const importMovements = (source: string, importId: string, actorId: string) =>
  movementsInsert(
    'import',
    sql`SELECT merchant_id, id AS product_id, stock - stock_before AS quantity, ${importId}::uuid AS document_id,
      ${actorId}::uuid AS actor_id, NULL::text AS reason, NULL::text AS note, stock AS balance_after,
      'import:' || ${importId}::text || ':' || id AS idempotency_key
    FROM ${sql.table(source)} WHERE stock <> stock_before`,
  );

/** Statements of the catalogue's CSV export and import: each works on the database or in a transaction. */
function catalogueCsvStatements(db: Kysely<Database>) {
  return {
    /** The page of the shop's products after SKU `after` (from the first when null), by SKU. */
    exportPage: (merchantId: string, after: string | null, limit: number) =>
      db
        .selectFrom('products as p')
        .leftJoin('categories as c', 'c.id', 'p.category_id')
        .leftJoin('tax_rates as t', 't.id', 'p.tax_rate_id')
        .select([
          'p.sku',
          'p.barcode',
          'p.name',
          'p.description',
          'c.slug as category',
          'p.price_minor',
          't.name as tax_rate',
          'p.stock',
          sql<boolean>`p.archived_at IS NOT NULL`.as('archived'),
          sql<string>`coalesce((SELECT string_agg(s.slug, ';' ORDER BY ps.preferred DESC, s.slug) FROM product_suppliers ps
            JOIN suppliers s ON s.id = ps.supplier_id WHERE ps.product_id = p.id), '')`.as('suppliers'),
        ])
        .where('p.merchant_id', '=', merchantId)
        .$if(after !== null, (query) => query.where('p.sku', '>', after!))
        .orderBy('p.sku')
        .limit(limit)
        .execute() as Promise<ExportRow[]>,

    categories: (merchantId: string) =>
      db.selectFrom('categories').select(['id', 'slug', 'name']).where('merchant_id', '=', merchantId).execute(),
    taxRates: (merchantId: string) =>
      db
        .selectFrom('tax_rates')
        .select(['id', 'name', sql<boolean>`archived_at IS NOT NULL`.as('archived')])
        .where('merchant_id', '=', merchantId)
        .execute(),
    suppliers: (merchantId: string) =>
      db
        .selectFrom('suppliers')
        .select(['id', 'slug', 'name', sql<boolean>`archived_at IS NOT NULL`.as('archived')])
        .where('merchant_id', '=', merchantId)
        .execute(),

    /**
     * The shop's products with these SKUs and their suppliers' ids, the preferred one's first; with `lock`, each row locked (in id
     * order, as orders lock them) until the transaction ends, so no sale changes a stock the apply
     * computes a difference from.
     */
    productsBySku: async (merchantId: string, skus: string[], lock: boolean): Promise<SnapshotProduct[]> =>
      (
        await sql<SnapshotProduct>`
          SELECT p.id, p.sku, p.name, p.description, p.price_minor, p.stock, p.category_id, p.barcode, p.tax_rate_id,
            p.archived_at IS NOT NULL AS archived,
            coalesce((SELECT json_agg(ps.supplier_id ORDER BY ps.preferred DESC, ps.supplier_id) FROM product_suppliers ps
              WHERE ps.product_id = p.id), '[]') AS supplier_ids
          FROM products p
          WHERE p.merchant_id = ${merchantId} AND p.sku IN (SELECT jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb))
          ORDER BY p.id
          ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(db)
      ).rows,

    /** The shop's products that have one of these barcodes (through the barcodes' index). */
    productsByBarcode: (merchantId: string, barcodes: string[]) =>
      barcodes.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('products')
            .select(['id', 'sku', 'name', 'barcode'])
            .where('merchant_id', '=', merchantId)
            .where('barcode', 'in', barcodes)
            .execute() as Promise<{ id: string; sku: string; name: string; barcode: string }[]>,

    /**
     * Takes their barcode off the products whose barcode the import changes, before any product is
     * written: a code may move from one product to another in one file, and each is unique at every row.
     */
    releaseBarcodes: async (merchantId: string, productIds: string[]) => {
      if (productIds.length > 0) {
        await db.updateTable('products').set({ barcode: null }).where('merchant_id', '=', merchantId).where('id', 'in', productIds).execute();
      }
    },

    /**
     * Records the import as applied, unless an import with its id was applied before: then nothing
     * is written and that one is returned. Of two applies of one id at once, the second waits here
     * for the first to commit, and then finds it.
     */
    claimImport: async (importId: string, merchantId: string, actorId: string): Promise<AppliedImport | undefined> => {
      const inserted = await db
        .insertInto('catalogue_imports')
        .values({ id: importId, merchant_id: merchantId, actor_id: actorId, created: 0, updated: 0, unchanged: 0 })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        return undefined;
      }
      return db
        .selectFrom('catalogue_imports')
        .select(['merchant_id', 'created', 'updated', 'unchanged'])
        .where('id', '=', importId)
        .executeTakeFirstOrThrow();
    },
    recordCounts: (importId: string, counts: { created: number; updated: number; unchanged: number }) =>
      db.updateTable('catalogue_imports').set(counts).where('id', '=', importId).execute(),

    /** Inserts new products, and for each one's stock an `import` movement: one statement. */
    insertProducts: async (merchantId: string, products: NewProduct[], importId: string, actorId: string) => {
      await sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(products)}::jsonb)
            AS r(sku text, name text, description text, price_minor bigint, category_id uuid, stock int, archived boolean,
              barcode text, tax_rate_id uuid)
        ),
        product AS (
          INSERT INTO products (merchant_id, sku, name, description, price_minor, stock, category_id, archived_at, archived_by,
            barcode, tax_rate_id)
          SELECT ${merchantId}::uuid, sku, name, description, price_minor, stock, category_id,
            CASE WHEN archived THEN now() END, CASE WHEN archived THEN ${actorId}::uuid END, barcode, tax_rate_id
          FROM input
          RETURNING merchant_id, id, stock, 0 AS stock_before
        ),
        moved AS (${importMovements('product', importId, actorId)})
        SELECT count(*) FROM product`.execute(db);
    },

    /**
     * Changes existing products, each field only where the change names it, and the stock to the
     * quantity given with the difference to the stock of the locked row as an `import` movement: one
     * statement. The version goes up where a form field changed (`bump`); archiving keeps who and when.
     */
    updateProducts: async (merchantId: string, changes: ProductChange[], importId: string, actorId: string) => {
      // A null is a value to write (no category, no barcode, the category's rate): `set_*` says a column changes.
      const rows = changes.map(({ supplier_ids: _suppliers, sku: _sku, category_id, barcode, tax_rate_id, ...change }) => ({
        ...change,
        set_category: category_id !== undefined,
        category_id: category_id ?? null,
        set_barcode: barcode !== undefined,
        barcode: barcode ?? null,
        set_tax_rate: tax_rate_id !== undefined,
        tax_rate_id: tax_rate_id ?? null,
      }));
      await sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS r(id uuid, name text, description text, price_minor bigint, set_category boolean, category_id uuid,
              set_barcode boolean, barcode text, set_tax_rate boolean, tax_rate_id uuid, stock int, archived boolean, bump boolean)
        ),
        locked AS (
          SELECT p.id, p.stock FROM products p JOIN input ON input.id = p.id
          WHERE p.merchant_id = ${merchantId} ORDER BY p.id FOR UPDATE OF p
        ),
        updated AS (
          UPDATE products p SET
            name = coalesce(input.name, p.name),
            description = coalesce(input.description, p.description),
            price_minor = coalesce(input.price_minor, p.price_minor),
            category_id = CASE WHEN input.set_category THEN input.category_id ELSE p.category_id END,
            barcode = CASE WHEN input.set_barcode THEN input.barcode ELSE p.barcode END,
            tax_rate_id = CASE WHEN input.set_tax_rate THEN input.tax_rate_id ELSE p.tax_rate_id END,
            stock = coalesce(input.stock, locked.stock),
            version = p.version + CASE WHEN input.bump THEN 1 ELSE 0 END,
            archived_at = CASE WHEN input.archived IS NULL THEN p.archived_at
              WHEN input.archived THEN coalesce(p.archived_at, now()) END,
            archived_by = CASE WHEN input.archived IS NULL THEN p.archived_by
              WHEN input.archived THEN CASE WHEN p.archived_at IS NULL THEN ${actorId}::uuid ELSE p.archived_by END END
          FROM input JOIN locked ON locked.id = input.id
          WHERE p.id = input.id
          RETURNING p.merchant_id, p.id, p.stock, locked.stock AS stock_before
        ),
        moved AS (${importMovements('updated', importId, actorId)})
        SELECT count(*) FROM updated`.execute(db);
    },

    /**
     * Makes the suppliers of the shop's products with these SKUs the ones given, the first of each
     * preferred: those that stay keep their terms, those left out go, new ones start with no terms.
     * The preference is taken off the others before it is given, so no product has two at any moment.
     */
    replaceSuppliers: async (merchantId: string, products: { sku: string; supplier_ids: string[] }[]) => {
      const skus = JSON.stringify(products.map((product) => product.sku));
      const links = JSON.stringify(
        products.flatMap((product) => product.supplier_ids.map((supplier_id, index) => ({ sku: product.sku, supplier_id, first: index === 0 }))),
      );
      const listed = sql`SELECT * FROM jsonb_to_recordset(${links}::jsonb) AS r(sku text, supplier_id uuid, first boolean)`;
      await sql`
        DELETE FROM product_suppliers ps USING products p
        WHERE ps.product_id = p.id AND p.merchant_id = ${merchantId}
          AND p.sku IN (SELECT jsonb_array_elements_text(${skus}::jsonb))
          AND NOT EXISTS (SELECT 1 FROM (${listed}) AS r WHERE r.sku = p.sku AND r.supplier_id = ps.supplier_id)`.execute(db);
      await sql`
        UPDATE product_suppliers ps SET preferred = false FROM products p
        WHERE ps.product_id = p.id AND ps.preferred AND p.merchant_id = ${merchantId}
          AND p.sku IN (SELECT jsonb_array_elements_text(${skus}::jsonb))
          AND NOT EXISTS (SELECT 1 FROM (${listed}) AS r WHERE r.sku = p.sku AND r.supplier_id = ps.supplier_id AND r.first)`.execute(db);
      await sql`
        INSERT INTO product_suppliers (product_id, supplier_id, preferred)
        SELECT p.id, r.supplier_id, r.first FROM (${listed}) AS r
        JOIN products p ON p.merchant_id = ${merchantId} AND p.sku = r.sku
        ON CONFLICT (product_id, supplier_id) DO UPDATE SET preferred = excluded.preferred`.execute(db);
    },
  };
}
export const createCatalogueCsvRepository = repository(catalogueCsvStatements);
export type CatalogueCsvRepository = ReturnType<typeof createCatalogueCsvRepository>;
