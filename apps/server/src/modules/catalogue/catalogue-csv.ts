import { Readable } from 'node:stream';
import {
  barcodeProblem,
  CATALOGUE_CSV_COLUMNS,
  CSV_LIST_SEPARATOR,
  MAX_IMPORT_ROWS,
  MAX_PRICE_MINOR,
  MAX_STOCK,
  minorToDecimal,
  parseMoney,
  productDescriptionSchema,
  productNameSchema,
  REQUIRED_CSV_COLUMNS,
  skuSchema,
  type CatalogueCsvColumn,
  type ImportError,
  type ImportRow,
} from '@myb/contracts';
import { CsvError, parse } from 'csv-parse';
import { z } from 'zod';
import type { CsvColumn } from '../../http/csv';
import type { ExportRow } from './catalogue-csv.repository';

/**
 * Reading a catalogue CSV and deciding, row by row, what importing it would do: no I/O here, so the
 * dry run and the apply (which runs it again on the rows as locked) decide alike.
 */

/** A row of the file: the line it starts on, and its cells by column (a column the file lacks is absent). */
export interface CsvRecord {
  line: number;
  cells: Partial<Record<CatalogueCsvColumn, string>>;
}

export interface ParsedCsv {
  columns: CatalogueCsvColumn[];
  records: CsvRecord[];
  /** Errors of the file as a whole or of a row's shape (wrong number of cells). */
  errors: ImportError[];
}

/** The export's columns, in `CATALOGUE_CSV_COLUMNS` order: what the import reads back unchanged. */
export function exportColumns(currency: string): CsvColumn<ExportRow>[] {
  const cells: Record<CatalogueCsvColumn, CsvColumn<ExportRow>['cell']> = {
    sku: (row) => row.sku,
    barcode: (row) => row.barcode ?? '',
    name: (row) => row.name,
    description: (row) => row.description,
    category: (row) => row.category,
    price: (row) => minorToDecimal(row.price_minor, currency),
    currency: () => currency,
    tax_rate: (row) => row.tax_rate ?? '',
    stock: (row) => row.stock,
    suppliers: (row) => row.suppliers,
    archived: (row) => (row.archived ? 'yes' : 'no'),
  };
  return CATALOGUE_CSV_COLUMNS.map((header) => ({ header, cell: cells[header] }));
}

const fileError = (line: number, message: string, column: string | null = null): ImportError => ({ line, column, message });

/**
 * Comma or semicolon (what spreadsheets write where the decimal mark is a comma), read from the
 * header row: its names hold neither, so whichever it has more of separates its cells.
 */
function delimiterOf(text: string): ',' | ';' {
  const header = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const count = (character: string) => header.split(character).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** The text in pieces, so that a large file is parsed a piece at a time and other requests run between. */
function* pieces(text: string, size = 64 * 1024) {
  for (let start = 0; start < text.length; start += size) {
    yield text.slice(start, start + size);
  }
}

const LINE_BREAK = /\n/g;

const QUOTE_IN_CELL =
  'A double quote (") is in the middle of a cell: put the whole cell in double quotes and write each quote inside it twice ("").';
/** What a person does about what csv-parse found; the other codes are of options, which are ours. */
const CSV_ERRORS: Partial<Record<CsvError['code'], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'A double quote (") opens a cell on this line and is never closed: add the closing quote or remove the opening one.',
  INVALID_OPENING_QUOTE: QUOTE_IN_CELL,
  CSV_INVALID_CLOSING_QUOTE: QUOTE_IN_CELL,
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: QUOTE_IN_CELL,
};
const csvErrorMessage = (error: CsvError) =>
  CSV_ERRORS[error.code] ?? 'This line is not valid CSV: check its quotes and separators, or save the file again from a spreadsheet as CSV.';

/**
 * Parses the file with csv-parse: a header row naming the columns (in any order, any case), a byte
 * order mark tolerated, comma or semicolon separators, quoted cells over several lines. Line numbers
 * are the file's, the header being line 1; blank lines and rows of empty cells are skipped. Stops at
 * the first line that is not CSV, or past `MAX_IMPORT_ROWS` rows.
 */
export async function readCatalogueCsv(input: string): Promise<ParsedCsv> {
  // One line ending for the parser and the line count: CRLF and lone CR become LF (inside cells too).
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const result: ParsedCsv = { columns: [], records: [], errors: [] };
  if (text.trim() === '') {
    result.errors.push(fileError(1, `The file is empty: its first row must name the columns (${CATALOGUE_CSV_COLUMNS.join(', ')}).`));
    return result;
  }
  /** The line the last record parsed ends on (the parser runs ahead of the loop below). */
  let lastLine = 0;
  const parser = parse({
    delimiter: delimiterOf(text),
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    on_record: (record, context) => {
      lastLine = context.lines;
      return record;
    },
  });
  Readable.from(pieces(text)).pipe(parser);
  let header: (CatalogueCsvColumn | undefined)[] | undefined;
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      // `lines` is where the record ends; it starts as many line breaks earlier as it holds.
      const line = info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(LINE_BREAK)?.length ?? 0);
      if (header === undefined) {
        header = readHeader(record, line, result);
        if (result.errors.length > 0) {
          break;
        }
        continue;
      }
      if (record.every((cell) => cell.trim() === '')) {
        continue;
      }
      if (result.records.length >= MAX_IMPORT_ROWS) {
        result.errors.push(
          fileError(line, `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows, the most one import takes: split it into several files.`),
        );
        break;
      }
      if (record.length !== header.length) {
        result.errors.push(
          fileError(
            line,
            `This row has ${record.length} cells where the header has ${header.length}: a separator is missing or extra, or a cell holding one is not in double quotes.`,
          ),
        );
        result.records.push({ line, cells: {} });
        continue;
      }
      const cells: CsvRecord['cells'] = {};
      header.forEach((column, index) => {
        if (column !== undefined) {
          cells[column] = record[index];
        }
      });
      result.records.push({ line, cells });
    }
  } catch (error) {
    if (!(error instanceof CsvError)) {
      throw error;
    }
    // A quote never closed is found at the end of the file: the record it opened starts after the last one parsed.
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' || typeof error.lines !== 'number' ? lastLine + 1 : error.lines;
    result.errors.push(fileError(line, csvErrorMessage(error)));
  } finally {
    parser.destroy();
  }
  if (header !== undefined && result.errors.length === 0 && result.records.length === 0) {
    result.errors.push(fileError(2, 'The file has no rows under its header: add a row per product.'));
  }
  return result;
}

function readHeader(record: string[], line: number, result: ParsedCsv): (CatalogueCsvColumn | undefined)[] {
  const known = new Set<string>(CATALOGUE_CSV_COLUMNS);
  const header = record.map((cell) => cell.trim().toLowerCase());
  const columns = header.map((name) => (known.has(name) ? (name as CatalogueCsvColumn) : undefined));
  const unknown = header.filter((name) => !known.has(name));
  const listed = `The columns are ${CATALOGUE_CSV_COLUMNS.join(', ')}`;
  if (unknown.length > 0) {
    const names = unknown.map((name) => (name === '' ? 'an unnamed column' : `"${name}"`)).join(', ');
    result.errors.push(fileError(line, `The header names ${names}, which the import does not read. ${listed} (the export writes them all): rename or remove ${unknown.length === 1 ? 'it' : 'them'}.`));
  }
  const twice = [...new Set(header.filter((name, index) => known.has(name) && header.indexOf(name) !== index))];
  for (const name of twice) {
    result.errors.push(fileError(line, `The column "${name}" is in the header twice: keep one.`, name));
  }
  for (const name of REQUIRED_CSV_COLUMNS.filter((column) => !header.includes(column))) {
    result.errors.push(
      fileError(line, `The header has no "${name}" column, which every import needs (sku, name and price). ${listed}; the first row must name them.`, name),
    );
  }
  result.columns = columns.filter((column) => column !== undefined);
  return columns;
}

// ---- deciding what each row does

export interface SnapshotProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  price_minor: number;
  stock: number;
  category_id: string | null;
  barcode: string | null;
  tax_rate_id: string | null;
  archived: boolean;
  /** The preferred supplier's first. */
  supplier_ids: string[];
}

/**
 * What an import is checked against: the shop's categories, suppliers and tax rates, its products
 * named by the file's SKUs, and those that have one of the file's barcodes.
 */
export interface CatalogueSnapshot {
  currency: string;
  categories: { id: string; slug: string; name: string }[];
  suppliers: { id: string; slug: string; name: string; archived: boolean }[];
  taxRates: { id: string; name: string; archived: boolean }[];
  products: Map<string, SnapshotProduct>;
  barcodeOwners: Map<string, { id: string; sku: string; name: string }>;
}

export interface NewProduct {
  sku: string;
  name: string;
  description: string;
  price_minor: number;
  category_id: string | null;
  barcode: string | null;
  tax_rate_id: string | null;
  stock: number;
  archived: boolean;
  supplier_ids: string[];
}

/** A change of an existing product; a field left out (undefined) stays as it is. */
export interface ProductChange {
  id: string;
  sku: string;
  name?: string;
  description?: string;
  price_minor?: number;
  category_id?: string | null;
  barcode?: string | null;
  tax_rate_id?: string | null;
  /** The stock on hand to record: the difference to the stock when applied is an `import` movement. */
  stock?: number;
  archived?: boolean;
  /** The first is preferred. */
  supplier_ids?: string[];
  /** A field of the product's form changes, so its version goes up as a form's save would. */
  bump: boolean;
}

export interface ImportPlan {
  rows: ImportRow[];
  errors: ImportError[];
  creates: NewProduct[];
  changes: ProductChange[];
}

const MAX_SUPPLIERS = 50;
/* eslint-disable no-control-regex -- these patterns are there to find control characters */
/** A description may hold tabs and line breaks; no cell may hold any other control character. */
const CONTROL_IN_DESCRIPTION = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROL_IN_CELL = /[\u0000-\u001F\u007F-\u009F]/;
/* eslint-enable no-control-regex */
const COLUMN_LABELS: Record<CatalogueCsvColumn, string> = {
  sku: 'SKU',
  barcode: 'Barcode',
  name: 'Name',
  description: 'Description',
  category: 'Category',
  price: 'Price',
  currency: 'Currency',
  tax_rate: 'Tax rate',
  stock: 'Stock',
  suppliers: 'Suppliers',
  archived: 'Archived',
};
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** The export puts an apostrophe before text a spreadsheet would run as a formula (`spreadsheetSafe`); it comes off again here. */
const unescaped = (text: string) => (/^'[=+\-@\t]/.test(text) ? text.slice(1) : text);

const textFields = z.object({ sku: skuSchema, name: productNameSchema, description: productDescriptionSchema });

/** Finds a category or supplier by its slug, else by its name (any case) when only one has it. */
function lookup<Item extends { slug: string; name: string }>(items: Item[]) {
  const bySlug = new Map(items.map((item) => [item.slug, item]));
  const byName = new Map<string, Item | null>();
  for (const item of items) {
    const key = item.name.trim().toLowerCase();
    byName.set(key, byName.has(key) ? null : item);
  }
  return (text: string): Item | null | undefined => bySlug.get(text) ?? byName.get(text.toLowerCase());
}

/** A rate by its name in any case; of an archived and an in-use rate of one name, the one in use. */
function rateLookup(rates: CatalogueSnapshot['taxRates']) {
  const byName = new Map<string, CatalogueSnapshot['taxRates'][number]>();
  for (const rate of rates) {
    const key = rate.name.trim().toLowerCase();
    const known = byName.get(key);
    if (!known || (known.archived && !rate.archived)) {
      byName.set(key, rate);
    }
  }
  return (text: string) => byName.get(text.trim().toLowerCase());
}

/** Why a barcode cell is refused; a spreadsheet that showed a long number in scientific notation saved it so. */
function barcodeCellProblem(code: string): string | null {
  if (/^\d+(?:[.,]\d+)?E\+\d+$/i.test(code)) {
    return `Barcode ${code} was turned into a number by the spreadsheet: format the column as text, type the code again and save.`;
  }
  return barcodeProblem(code);
}

/** The barcode each SKU of the file is given (null: none), when the file has a barcode column. */
export function barcodesOfFile(parsed: ParsedCsv): Map<string, string | null> {
  const bySku = new Map<string, string | null>();
  if (!parsed.columns.includes('barcode')) {
    return bySku;
  }
  for (const record of parsed.records) {
    const sku = record.cells.sku?.trim() ?? '';
    const code = unescaped(record.cells.barcode?.trim() ?? '');
    if (sku !== '') {
      bySku.set(sku, code === '' ? null : code);
    }
  }
  return bySku;
}

function codePoint(text: string, pattern: RegExp): string {
  const found = pattern.exec(text)![0];
  return `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Decides what each row does against `snapshot`: created (a SKU the shop does not have), updated (a
 * column's value differs), unchanged, or an error with every reason the row has. Only the columns
 * the file has are compared and written; a blank stock leaves the stock as it is (0 for a new product).
 */
export function planImport(parsed: ParsedCsv, snapshot: CatalogueSnapshot): ImportPlan {
  const plan: ImportPlan = { rows: [], errors: [...parsed.errors], creates: [], changes: [] };
  const has = new Set(parsed.columns);
  const category = lookup(snapshot.categories);
  const supplier = lookup(snapshot.suppliers);
  const taxRate = rateLookup(snapshot.taxRates);
  const fileBarcodes = barcodesOfFile(parsed);
  const linesBySku = new Map<string, number>();
  const linesByBarcode = new Map<string, number>();
  const badShape = new Set(parsed.errors.map((error) => error.line));

  for (const record of parsed.records) {
    const errors: ImportError[] = [];
    const fail = (column: CatalogueCsvColumn, message: string) => errors.push({ line: record.line, column, message });
    const cells: Partial<Record<CatalogueCsvColumn, string>> = {};
    for (const column of parsed.columns) {
      const raw = record.cells[column];
      if (raw === undefined) {
        continue;
      }
      const pattern = column === 'description' ? CONTROL_IN_DESCRIPTION : CONTROL_IN_CELL;
      if (pattern.test(raw)) {
        fail(column, `${COLUMN_LABELS[column]} holds a control character (${codePoint(raw, pattern)}), which no text here may hold: remove it.`);
      } else if (raw.includes('\uFFFD')) {
        // What a browser makes of bytes that are not UTF-8: a file saved as Windows-1252 ("CSV" in older spreadsheets).
        fail(column, `${COLUMN_LABELS[column]} holds a character that is not UTF-8 (shown as \uFFFD): save the file as "CSV UTF-8" and choose it again.`);
      } else {
        cells[column] = column === 'description' ? unescaped(raw) : unescaped(raw.trim());
      }
    }
    const sku = cells.sku ?? record.cells.sku?.trim() ?? '';
    if (badShape.has(record.line)) {
      plan.rows.push({ line: record.line, sku, outcome: 'error', changes: [], stock: null });
      continue;
    }

    const texts = textFields.safeParse({ sku: cells.sku ?? '', name: cells.name ?? '', description: cells.description ?? '' });
    for (const issue of texts.success ? [] : texts.error.issues) {
      const column = issue.path[0] as 'sku' | 'name' | 'description';
      // A cell already refused for a control character is not refused again as missing.
      if (!errors.some((error) => error.column === column)) {
        fail(column, issue.message);
      }
    }
    const earlierLine = linesBySku.get(sku);
    if (sku !== '' && earlierLine !== undefined) {
      fail('sku', `SKU "${sku}" is already on line ${earlierLine}: a product may be in the file once.`);
    } else if (sku !== '') {
      linesBySku.set(sku, record.line);
    }

    let priceMinor: number | undefined;
    if (cells.price !== undefined) {
      const parsedPrice = cells.price === '' ? null : parseMoney(cells.price, snapshot.currency);
      if (cells.price === '') {
        fail('price', 'Price is required: write it like 12.50.');
      } else if (parsedPrice === null) {
        const example = minorToDecimal(1250, snapshot.currency);
        fail('price', `Price "${cells.price}" is not an amount in ${snapshot.currency}: write it like ${example}, without a currency sign or thousands separator.`);
      } else if (parsedPrice > MAX_PRICE_MINOR) {
        fail('price', `Price ${cells.price} is above the most a price may be, ${minorToDecimal(MAX_PRICE_MINOR, snapshot.currency)}.`);
      } else {
        priceMinor = parsedPrice;
      }
    }
    if (cells.currency !== undefined && cells.currency !== '' && cells.currency.toUpperCase() !== snapshot.currency) {
      fail('currency', `This shop sells in ${snapshot.currency}, not "${cells.currency}": convert the price to ${snapshot.currency}, or leave the currency blank.`);
    }

    let stock: number | undefined;
    if (cells.stock !== undefined && cells.stock !== '') {
      if (!/^\d+$/.test(cells.stock)) {
        fail('stock', `Stock "${cells.stock}" is not a whole number of 0 or more: write the quantity on hand, like 12.`);
      } else if (Number(cells.stock) > MAX_STOCK) {
        fail('stock', `Stock ${cells.stock} is more than the most a product may hold, ${MAX_STOCK.toLocaleString('en')}.`);
      } else {
        stock = Number(cells.stock);
      }
    }

    let categoryId: string | null | undefined;
    if (cells.category !== undefined) {
      const found = cells.category === '' ? null : category(cells.category);
      if (found === undefined) {
        fail('category', `Unknown category "${cells.category}": use the slug or name of one of this shop's categories, or add it first.`);
      } else if (found === null && cells.category !== '') {
        fail('category', `More than one category is named "${cells.category}": use its slug instead.`);
      } else {
        categoryId = found?.id ?? null;
      }
    }

    const existing = snapshot.products.get(sku);

    let barcode: string | null | undefined;
    if (cells.barcode !== undefined) {
      const problem = cells.barcode === '' ? null : barcodeCellProblem(cells.barcode);
      const earlierLine = linesByBarcode.get(cells.barcode);
      const owner = snapshot.barcodeOwners.get(cells.barcode);
      // The product that has the code now gives it up if the file gives it another (or none).
      const keptByOwner = owner !== undefined && owner.sku !== sku && (!fileBarcodes.has(owner.sku) || fileBarcodes.get(owner.sku) === cells.barcode);
      if (problem) {
        fail('barcode', problem);
      } else if (cells.barcode !== '' && earlierLine !== undefined) {
        fail('barcode', `Barcode ${cells.barcode} is already on line ${earlierLine}: a barcode names one product, so give it to one row only.`);
      } else if (keptByOwner) {
        fail('barcode', `Barcode ${cells.barcode} is already used by ${owner.name} (SKU ${owner.sku}): a barcode names one product, so give it to one only.`);
      } else {
        barcode = cells.barcode === '' ? null : cells.barcode;
      }
      if (cells.barcode !== '' && earlierLine === undefined) {
        linesByBarcode.set(cells.barcode, record.line);
      }
    }

    let taxRateId: string | null | undefined;
    if (cells.tax_rate !== undefined) {
      const found = cells.tax_rate === '' ? null : taxRate(cells.tax_rate);
      if (found === undefined) {
        fail('tax_rate', `Unknown tax rate "${cells.tax_rate}": use the name of one of this shop's tax rates (Settings → Taxes), or leave it blank for the category's.`);
      } else if (found?.archived && existing?.tax_rate_id !== found.id) {
        fail('tax_rate', `The tax rate ${found.name} is archived: restore it under Settings → Taxes to choose it again, or leave the cell blank for the category's.`);
      } else {
        taxRateId = found?.id ?? null;
      }
    }

    let supplierIds: string[] | undefined;
    if (cells.suppliers !== undefined) {
      const names = [...new Set(cells.suppliers.split(CSV_LIST_SEPARATOR).map((part) => part.trim()).filter((part) => part !== ''))];
      const ids: string[] = [];
      for (const text of names) {
        const found = supplier(text);
        if (found === undefined) {
          fail('suppliers', `Unknown supplier "${text}": use the slug or name of one of this shop's suppliers, separated by "${CSV_LIST_SEPARATOR}".`);
        } else if (found === null) {
          fail('suppliers', `More than one supplier is named "${text}": use its slug instead.`);
        } else if (found.archived && !existing?.supplier_ids.includes(found.id)) {
          fail('suppliers', `${found.name} is archived: restore it under Suppliers to choose it again, or leave it off this row.`);
        } else {
          ids.push(found.id);
        }
      }
      if (ids.length > MAX_SUPPLIERS) {
        fail('suppliers', `A product may have ${MAX_SUPPLIERS} suppliers at most; this row names ${ids.length}.`);
      }
      // In the file's order: the first is the preferred supplier.
      supplierIds = [...new Set(ids)];
    }

    let archived: boolean | undefined;
    if (cells.archived !== undefined) {
      const word = cells.archived.toLowerCase();
      if (YES.has(word) || NO.has(word)) {
        archived = YES.has(word);
      } else {
        fail('archived', `Archived is "${cells.archived}": write yes or no (blank is no).`);
      }
    }

    if (errors.length > 0) {
      plan.errors.push(...errors);
      plan.rows.push({ line: record.line, sku, outcome: 'error', changes: [], stock: null });
      continue;
    }
    const productName = texts.data!.name;
    if (!existing) {
      const created: NewProduct = {
        sku,
        name: productName,
        description: cells.description ?? '',
        price_minor: priceMinor!,
        category_id: categoryId ?? null,
        barcode: barcode ?? null,
        tax_rate_id: taxRateId ?? null,
        stock: stock ?? 0,
        archived: archived ?? false,
        supplier_ids: supplierIds ?? [],
      };
      plan.creates.push(created);
      plan.rows.push({
        line: record.line,
        sku,
        outcome: 'create',
        changes: CATALOGUE_CSV_COLUMNS.filter((column) => column !== 'sku' && has.has(column)),
        stock: created.stock === 0 ? null : { from: null, to: created.stock },
      });
      continue;
    }

    const change: ProductChange = { id: existing.id, sku, bump: false };
    const changed: CatalogueCsvColumn[] = [];
    const compare = <Key extends 'name' | 'description' | 'price_minor' | 'category_id' | 'barcode' | 'tax_rate_id'>(
      column: CatalogueCsvColumn,
      key: Key,
      value: ProductChange[Key] | undefined,
    ) => {
      if (value !== undefined && value !== existing[key]) {
        change[key] = value;
        change.bump = true;
        changed.push(column);
      }
    };
    compare('name', 'name', has.has('name') ? productName : undefined);
    // A description stored with CRLF comes back with LF (the parser's one line ending): that is no change.
    compare('description', 'description', cells.description === existing.description.replace(/\r\n?/g, '\n') ? undefined : cells.description);
    compare('category', 'category_id', categoryId);
    compare('price', 'price_minor', priceMinor);
    compare('barcode', 'barcode', barcode);
    compare('tax_rate', 'tax_rate_id', taxRateId);
    if (stock !== undefined && stock !== existing.stock) {
      change.stock = stock;
      changed.push('stock');
    }
    if (supplierIds !== undefined) {
      // Which suppliers is a field of the product's form; which of them is preferred is not.
      const otherSuppliers = [...supplierIds].sort().join() !== [...existing.supplier_ids].sort().join();
      if (otherSuppliers || supplierIds[0] !== existing.supplier_ids[0]) {
        change.supplier_ids = supplierIds;
        change.bump ||= otherSuppliers;
        changed.push('suppliers');
      }
    }
    if (archived !== undefined && archived !== existing.archived) {
      change.archived = archived;
      changed.push('archived');
    }
    if (changed.length > 0) {
      plan.changes.push(change);
    }
    plan.rows.push({
      line: record.line,
      sku,
      outcome: changed.length > 0 ? 'update' : 'unchanged',
      changes: changed.sort((a, b) => CATALOGUE_CSV_COLUMNS.indexOf(a) - CATALOGUE_CSV_COLUMNS.indexOf(b)),
      stock: change.stock === undefined ? null : { from: existing.stock, to: change.stock },
    });
  }
  plan.errors.sort((a, b) => a.line - b.line);
  return plan;
}
