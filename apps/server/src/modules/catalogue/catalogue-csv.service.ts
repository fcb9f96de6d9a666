import {
  catalogueImportSchema,
  type CatalogueImport,
  type CatalogueImportResult,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, DomainError } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import { barcodesOfFile, planImport, readCatalogueCsv, type CatalogueSnapshot, type ImportPlan, type ParsedCsv } from './catalogue-csv';
import type { CatalogueCsvRepository, ExportRow } from './catalogue-csv.repository';

/** Products read per page of an export: one page is in memory at a time, whatever the catalogue's size. */
export const EXPORT_PAGE_SIZE = 1000;
/** Rows per statement of an apply: a few statements for a large file, each well under PostgreSQL's limits. */
const APPLY_CHUNK_ROWS = 2000;

function chunks<Item>(items: Item[], size = APPLY_CHUNK_ROWS): Item[][] {
  const out: Item[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

function resultOf(importId: string, dryRun: boolean, plan: ImportPlan): CatalogueImportResult {
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const row of plan.rows) {
    counts[row.outcome] += 1;
  }
  return { importId, dryRun, alreadyApplied: false, counts, rows: plan.rows, errors: plan.errors };
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

export function createCatalogueCsvService(db: Kysely<Database>, { csv }: { csv: CatalogueCsvRepository }) {
  async function snapshotOf(repository: CatalogueCsvRepository, shop: ShopCaller['shop'], parsed: ParsedCsv, lock: boolean): Promise<CatalogueSnapshot> {
    const skus = [...new Set(parsed.records.map((record) => record.cells.sku?.trim() ?? '').filter((sku) => sku !== ''))];
    const barcodes = [...new Set([...barcodesOfFile(parsed).values()].filter((code) => code !== null))];
    const [categories, suppliers, taxRates, products, owners] = [
      await repository.categories(shop.id),
      await repository.suppliers(shop.id),
      await repository.taxRates(shop.id),
      await repository.productsBySku(shop.id, skus, lock),
      await repository.productsByBarcode(shop.id, barcodes),
    ];
    return {
      currency: shop.currency,
      categories,
      suppliers,
      taxRates,
      products: new Map(products.map((product) => [product.sku, product])),
      barcodeOwners: new Map(owners.map((owner) => [owner.barcode, owner])),
    };
  }

  return {
    /** The shop's products a page at a time, by SKU (keyset: each page starts after the last SKU of the one before). */
    async *exportPages({ shop }: ShopCaller): AsyncGenerator<ExportRow[]> {
      let after: string | null = null;
      for (;;) {
        const page = await csv.exportPage(shop.id, after, EXPORT_PAGE_SIZE);
        if (page.length > 0) {
          yield page;
        }
        if (page.length < EXPORT_PAGE_SIZE) {
          return;
        }
        after = page.at(-1)!.sku;
      }
    },

    /**
     * A dry run says what each row would do, changing nothing. An apply checks every row again against
     * the products as they are then, locked, and applies all of them in one transaction, or, if any
     * row has an error, none (422 with the same report). A row's stock is the quantity on hand when
     * the apply runs: its difference to the locked row's stock is recorded as an `import` movement,
     * so a sale between the dry run and the apply is counted in that difference, not added to it. An
     * apply sent again with the same import id changes nothing and says it was applied.
     */
    async importCatalogue({ shop, actor }: ShopCaller, input: CatalogueImport): Promise<CatalogueImportResult> {
      const { importId, dryRun, csv: text } = catalogueImportSchema.parse(input);
      const parsed = await readCatalogueCsv(text);
      if (dryRun) {
        return resultOf(importId, true, planImport(parsed, await snapshotOf(csv, shop, parsed, false)));
      }
      return db.transaction().execute(async (trx) => {
        const repository = csv.within(trx);
        const earlier = await repository.claimImport(importId, shop.id, actor.userId);
        if (earlier) {
          if (earlier.merchant_id !== shop.id) {
            throw conflict('This import id was already used for another import: make a new one for this file.', [
              { path: 'body.importId', message: 'Already used.' },
            ]);
          }
          return {
            importId,
            dryRun: false,
            alreadyApplied: true,
            counts: { create: earlier.created, update: earlier.updated, unchanged: earlier.unchanged, error: 0 },
            rows: [],
            errors: [],
          };
        }
        const plan = planImport(parsed, await snapshotOf(repository, shop, parsed, true));
        const result = resultOf(importId, false, plan);
        if (plan.errors.length > 0) {
          const rows = result.counts.error;
          throw new DomainError(
            422,
            rows > 0
              ? `${plural(rows, 'row has', 'rows have')} errors: nothing was imported. Correct ${rows === 1 ? 'it' : 'them'} in the file and import it again.`
              : `The file cannot be imported: ${plan.errors[0]!.message}`,
            undefined,
            result,
          );
        }
        for (const changes of chunks(plan.changes.filter((change) => change.barcode !== undefined))) {
          await repository.releaseBarcodes(shop.id, changes.map((change) => change.id));
        }
        for (const products of chunks(plan.creates)) {
          await repository.insertProducts(shop.id, products, importId, actor.userId);
        }
        for (const changes of chunks(plan.changes)) {
          await repository.updateProducts(shop.id, changes, importId, actor.userId);
        }
        const links = [
          ...plan.creates.filter((product) => product.supplier_ids.length > 0),
          ...plan.changes.filter((change) => change.supplier_ids !== undefined),
        ] as { sku: string; supplier_ids: string[] }[];
        for (const products of chunks(links)) {
          await repository.replaceSuppliers(shop.id, products);
        }
        await repository.recordCounts(importId, {
          created: result.counts.create,
          updated: result.counts.update,
          unchanged: result.counts.unchanged,
        });
        return result;
      });
    },
  };
}
export type CatalogueCsvService = ReturnType<typeof createCatalogueCsvService>;
