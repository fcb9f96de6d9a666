import { z } from 'zod';
import { id } from '../fields';
import { defineRoute } from '../route';
import { merchantParams } from './merchants';

/**
 * The catalogue as a spreadsheet: exported as CSV, edited, imported back. The export's columns are
 * the ones the import reads, so a file exported and imported unchanged changes nothing.
 */

/** The columns of the catalogue's CSV, in the export's order. */
export const CATALOGUE_CSV_COLUMNS = [
  'sku',
  'barcode',
  'name',
  'description',
  'category',
  'price',
  'currency',
  'tax_rate',
  'stock',
  'suppliers',
  'archived',
] as const;
export type CatalogueCsvColumn = (typeof CATALOGUE_CSV_COLUMNS)[number];
/** Columns an import needs; any other may be left out, and what it holds is then left as it is. */
export const REQUIRED_CSV_COLUMNS: readonly CatalogueCsvColumn[] = ['sku', 'name', 'price'];
/** Suppliers in one cell are separated by this (a slug or a name each). */
export const CSV_LIST_SEPARATOR = ';';

/** Rows one import takes at most: a larger catalogue is imported in several files. */
export const MAX_IMPORT_ROWS = 50_000;
/** The largest body of an import request (the CSV text inside JSON); every other route keeps the server's 256 KB. */
export const IMPORT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export const catalogueImportSchema = z.object({
  /**
   * Made once by the client for one file: an apply sent again with it (a retry after a lost answer)
   * changes nothing and answers that it was applied.
   */
  importId: z.uuid({ error: 'The import id is a UUID, made once for each file imported.' }),
  /** true: check every row and say what would happen, changing nothing; false: apply all rows, or none. */
  dryRun: z.boolean({ error: 'Say whether this is a dry run: dryRun true or false.' }),
  /** The file's text: UTF-8, a header row, comma- or semicolon-separated. */
  csv: z.string({ error: 'Send the CSV file as text in "csv".' }),
});
export type CatalogueImport = z.input<typeof catalogueImportSchema>;

export const IMPORT_OUTCOMES = ['create', 'update', 'unchanged', 'error'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export const importRowSchema = z.object({
  /** The line of the file the row starts on (the header is line 1). */
  line: z.int(),
  sku: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  /** The columns whose value the row changes. */
  changes: z.array(z.enum(CATALOGUE_CSV_COLUMNS)),
  /** The stock before and after, when the row changes it (`from` is null for a new product). */
  stock: z.object({ from: z.int().nullable(), to: z.int() }).nullable(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importErrorSchema = z.object({
  line: z.int(),
  /** The column at fault, when it is one column's. */
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const catalogueImportResultSchema = z.object({
  importId: id,
  dryRun: z.boolean(),
  /** This import was applied before: nothing changed now, and `counts` are those of then (`rows` is empty). */
  alreadyApplied: z.boolean(),
  counts: z.object({ create: z.int(), update: z.int(), unchanged: z.int(), error: z.int() }),
  rows: z.array(importRowSchema),
  errors: z.array(importErrorSchema),
});
export type CatalogueImportResult = z.infer<typeof catalogueImportResultSchema>;

/** An apply refused because rows have errors (422): the same report as a dry run's, and nothing changed. */
export const catalogueImportRefusedSchema = catalogueImportResultSchema.extend({
  statusCode: z.literal(422),
  error: z.string(),
  message: z.string(),
});
export type CatalogueImportRefused = z.infer<typeof catalogueImportRefusedSchema>;

const tags = ['catalogue'];

export const catalogueCsvRoutes = {
  exportCatalogue: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/catalogue/export',
    summary: 'The catalogue as a CSV file (the columns an import reads)',
    description: `Columns: ${CATALOGUE_CSV_COLUMNS.join(', ')}. Prices in major units ("12.50"); the tax rate by its name (blank: the category's); suppliers as slugs separated by "${CSV_LIST_SEPARATOR}", the preferred supplier's first; archived yes or no. UTF-8 with a byte order mark, sorted by SKU.`,
    tags,
    permission: 'readCatalogue',
    params: merchantParams,
    responses: { 200: z.string() },
  }),
  importCatalogue: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/catalogue/imports',
    summary: 'Import the catalogue from CSV: a dry run that reports every row, then all rows or none',
    description: `Rows are matched to products by SKU (updated) or created. At most ${MAX_IMPORT_ROWS} rows and a body of ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB. A row's stock is the quantity on hand when the import is applied: the difference to the stock then is recorded as an import movement. The first supplier a row lists is the product's preferred one; suppliers that stay keep their terms. An apply with any error is refused with 422 and the same report, changing nothing.`,
    tags,
    permission: 'catalogue',
    params: merchantParams,
    body: catalogueImportSchema,
    responses: { 200: catalogueImportResultSchema, 422: catalogueImportRefusedSchema },
  }),
};
