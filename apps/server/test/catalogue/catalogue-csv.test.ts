import { randomUUID } from 'node:crypto';
import {
  IMPORT_BODY_LIMIT_BYTES,
  MAX_IMPORT_ROWS,
  type CatalogueImportRefused,
  type CatalogueImportResult,
  type ManagedProduct,
} from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
/** The export's columns before barcodes and tax rates: files saved then still import, leaving both as they are. */
const HEADER = 'sku,name,description,category,price,currency,stock,suppliers,archived';

/** A CSV file of these lines under that header. */
const csvOf = (...lines: string[]) => [HEADER, ...lines].join('\r\n');
const unique = () => randomUUID().slice(0, 8).toUpperCase();

function client(testApp: TestApp) {
  const inject = (method: Method, url: string, as?: SignedInUser, payload?: object | string) =>
    testApp.app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: { ...(as ? { cookie: as.cookie } : {}), ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}) },
    });
  const db = testApp.database.db;
  return {
    inject,
    exportCsv: (shop: ShopFixture, as: SignedInUser = shop.owner) => inject('GET', `/merchants/${shop.slug}/catalogue/export`, as),
    importCsv: (shop: ShopFixture, csv: string, options: { dryRun?: boolean; importId?: string; as?: SignedInUser } = {}) =>
      inject('POST', `/merchants/${shop.slug}/catalogue/imports`, options.as ?? shop.owner, {
        importId: options.importId ?? randomUUID(),
        dryRun: options.dryRun ?? true,
        csv,
      }),
    products: async (shop: ShopFixture) =>
      (await inject('GET', `/merchants/${shop.slug}/catalogue`, shop.owner)).json<{ products: ManagedProduct[] }>().products,
    product: async (shop: ShopFixture, sku: string) =>
      (await inject('GET', `/merchants/${shop.slug}/catalogue`, shop.owner))
        .json<{ products: ManagedProduct[] }>()
        .products.find((product) => product.sku === sku),
    counts: async () => ({
      products: Number((await db.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      movements: Number((await db.selectFrom('stock_movements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      links: Number((await db.selectFrom('product_suppliers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    }),
    movementsOf: (productId: string) =>
      db
        .selectFrom('stock_movements')
        .select(['type', 'quantity', 'balance_after', 'idempotency_key', 'document_id'])
        .where('product_id', '=', productId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    category: async (shop: ShopFixture, name: string) =>
      (await inject('POST', `/merchants/${shop.slug}/categories`, shop.owner, { name })).json<{ id: string; slug: string; name: string }>(),
    supplier: async (shop: ShopFixture, name: string, slug: string) =>
      (await inject('POST', `/merchants/${shop.slug}/suppliers`, shop.owner, { name, slug, emails: [`orders@${slug}.example`] })).json<{
        id: string;
      }>(),
  };
}

/** A file's body without its byte order mark, as lines. */
const linesOf = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n').filter((line) => line !== '');

describe.each(engines())('the catalogue as CSV on %s', (engine: Engine) => {
  let testApp: TestApp;
  let api: ReturnType<typeof client>;
  let customer: SignedInUser;
  let cashier: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    api = client(testApp);
    customer = await signUpUser(testApp);
    cashier = await signUpUser(testApp);
  });
  afterAll(() => closeCheckingStock(testApp));

  /** A shop of its own, with suppliers "Supplier 0" and "Supplier 1" (slugs supplier-0, supplier-1) and products SKU-0…SKU-2. */
  const newShop = () => createShop(testApp, { suppliers: 2, products: 3, stock: 10 });

  describe('export', () => {
    it('writes every column the import reads, a page at a time, sorted by SKU, and a cashier may download it', async () => {
      const shop = await newShop();
      const tools = await api.category(shop, 'Hand tools');
      const many = Array.from({ length: 2345 }, (_, i) => `BULK-${String(i).padStart(5, '0')},Bulk ${i},,hand-tools,0.5,EUR,${i % 7},supplier-1,no`);
      expect((await api.importCsv(shop, csvOf(...many), { dryRun: false })).statusCode).toBe(200);
      const first = (await api.products(shop)).find((product) => product.sku === 'SKU-0')!;
      await api.inject('PATCH', `/merchants/${shop.slug}/products/${first.id}`, shop.owner, {
        name: '=HYPERLINK("http://evil.example")',
        description: 'Line one\nline two, with "quotes"',
        categoryId: tools.id,
        supplierIds: shop.supplierIds,
        version: 1,
      });
      await api.inject('PUT', `/merchants/${shop.slug}/products/${first.id}/archived`, shop.owner);

      await staffMember(shop, cashier, 'cashier');
      const response = await api.exportCsv(shop, cashier);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${shop.slug}-catalogue-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
      expect(response.body.startsWith('\uFEFF')).toBe(true);
      const lines = linesOf(response.body);
      expect(lines[0]).toBe('sku,barcode,name,description,category,price,currency,tax_rate,stock,suppliers,archived');
      // The header, 2,345 bulk rows over three pages, and SKU-0 (its description spans two lines) to SKU-2.
      expect(lines.filter((line) => /^(BULK|SKU)-/.test(line))).toHaveLength(2345 + 3);
      expect(lines[1]).toBe('BULK-00000,,Bulk 0,,hand-tools,0.50,EUR,,0,supplier-1,no');
      expect(lines.at(-1)).toBe('SKU-2,,Product 2,,,3.00,EUR,,10,supplier-0,no');
      expect(response.body).toContain('SKU-0,,"\'=HYPERLINK(""http://evil.example"")","Line one\nline two, with ""quotes""",hand-tools,1.00,EUR,,10,supplier-0;supplier-1,yes');
    });

    it('is refused to a customer, and to the staff of another shop', async () => {
      const shop = await newShop();
      const other = await newShop();
      expect((await api.exportCsv(shop, customer)).statusCode).toBe(403);
      expect((await api.exportCsv(shop, other.owner)).statusCode).toBe(403);
      expect((await api.inject('GET', `/merchants/${shop.slug}/catalogue/export`)).statusCode).toBe(401);
    });
  });

  async function staffMember(shop: ShopFixture, person: SignedInUser, role: 'cashier' | 'manager') {
    const response = await api.inject('POST', `/merchants/${shop.slug}/staff`, shop.owner, { email: person.email, role });
    expect(response.statusCode).toBe(200);
  }

  describe('import', () => {
    it('reads its own export back as unchanged, and applying it changes nothing', async () => {
      const shop = await newShop();
      await api.category(shop, 'Fixings');
      // Stored with CRLF, a description comes back with LF: not a change.
      const patched = await api.inject('PATCH', `/merchants/${shop.slug}/products/${shop.productIds[1]}`, shop.owner, {
        description: 'Two lines\r\nof description',
        version: 1,
      });
      expect(patched.statusCode).toBe(200);
      const before = await api.products(shop);
      const beforeCounts = await api.counts();
      const exported = (await api.exportCsv(shop)).body;

      const dryRun = await api.importCsv(shop, exported);
      expect(dryRun.statusCode).toBe(200);
      const report = dryRun.json<CatalogueImportResult>();
      expect(report).toMatchObject({ dryRun: true, alreadyApplied: false, counts: { create: 0, update: 0, unchanged: 3, error: 0 }, errors: [] });
      expect(report.rows.map((row) => [row.line, row.sku, row.outcome])).toEqual([
        [2, 'SKU-0', 'unchanged'],
        [3, 'SKU-1', 'unchanged'],
        // SKU-1's description takes two lines.
        [5, 'SKU-2', 'unchanged'],
      ]);
      const applied = await api.importCsv(shop, exported, { dryRun: false });
      expect(applied.statusCode).toBe(200);
      expect(applied.json<CatalogueImportResult>().counts).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
      expect(await api.products(shop)).toEqual(before);
      expect(await api.counts()).toEqual(beforeCounts);
    });

    it('creates and updates by SKU: stock enters as import movements, the version goes up where a form field changed', async () => {
      const shop = await newShop();
      const fixings = await api.category(shop, 'Fixings');
      const [sku0, sku1, sku2] = ['SKU-0', 'SKU-1', 'SKU-2'] as const;
      const products = await api.products(shop);
      const idOf = (sku: string) => products.find((product) => product.sku === sku)!.id;
      const importId = randomUUID();
      // Semicolons, as a spreadsheet writes them where the decimal mark is a comma; columns in another
      // order, in capitals, some left out; a byte order mark.
      const csv = [
        '\uFEFFSKU;Price;Name;Stock;Category;Suppliers',
        'NEW-1;4,20;Wall plugs;25;Fixings;supplier-0; Supplier 1',
        `${sku0};1.00;Product 0;14;;supplier-0`,
        `${sku1};2.5;Product 1 renamed;;fixings;supplier-1`,
        `${sku2};3;Product 2;10;;supplier-0`,
      ].join('\n');
      // The semicolon inside the suppliers cell: it is quoted in a real file.
      const quoted = csv.replace('supplier-0; Supplier 1', '"supplier-0; Supplier 1"');
      const dryRun = (await api.importCsv(shop, quoted, { importId })).json<CatalogueImportResult>();
      expect(dryRun.errors).toEqual([]);
      expect(dryRun.counts).toEqual({ create: 1, update: 2, unchanged: 1, error: 0 });
      expect(dryRun.rows).toEqual([
        { line: 2, sku: 'NEW-1', outcome: 'create', changes: ['name', 'category', 'price', 'stock', 'suppliers'], stock: { from: null, to: 25 } },
        { line: 3, sku: sku0, outcome: 'update', changes: ['stock'], stock: { from: 10, to: 14 } },
        { line: 4, sku: sku1, outcome: 'update', changes: ['name', 'category', 'price'], stock: null },
        { line: 5, sku: sku2, outcome: 'unchanged', changes: [], stock: null },
      ]);
      // Nothing changed yet.
      expect((await api.product(shop, 'NEW-1'))).toBeUndefined();

      const applied = await api.importCsv(shop, quoted, { importId, dryRun: false });
      expect(applied.statusCode).toBe(200);
      expect(applied.json<CatalogueImportResult>()).toMatchObject({ dryRun: false, alreadyApplied: false, counts: dryRun.counts, rows: dryRun.rows });

      const created = (await api.product(shop, 'NEW-1'))!;
      expect(created).toMatchObject({ name: 'Wall plugs', priceMinor: 420, stock: 25, categoryId: fixings.id, version: 1, archivedAt: null });
      expect([...created.supplierIds].sort()).toEqual([...shop.supplierIds].sort());
      expect(await api.movementsOf(created.id)).toEqual([
        { type: 'import', quantity: 25, balance_after: 25, idempotency_key: `import:${importId}:${created.id}`, document_id: importId },
      ]);
      // A stock change alone is not a form edit: the version stays.
      expect(await api.product(shop, sku0)).toMatchObject({ stock: 14, version: 1, supplierIds: [shop.supplierIds[0]] });
      expect((await api.movementsOf(idOf(sku0))).at(-1)).toEqual({
        type: 'import',
        quantity: 4,
        balance_after: 14,
        idempotency_key: `import:${importId}:${idOf(sku0)}`,
        document_id: importId,
      });
      expect(await api.product(shop, sku1)).toMatchObject({ name: 'Product 1 renamed', priceMinor: 250, stock: 10, categoryId: fixings.id, version: 2 });
      expect((await api.movementsOf(idOf(sku1))).map((movement) => movement.type)).toEqual(['opening']);
      expect(await api.product(shop, sku2)).toMatchObject({ version: 1 });
    });

    it('archives and restores by the archived column, and keeps what columns left out say', async () => {
      const shop = await newShop();
      const archive = await api.importCsv(shop, ['sku,name,price,archived', 'SKU-0,Product 0,1,yes', 'SKU-1,Product 1,2,no', 'NEW-A,Old stock,5,YES'].join('\n'), {
        dryRun: false,
      });
      expect(archive.json<CatalogueImportResult>().counts).toEqual({ create: 1, update: 1, unchanged: 1, error: 0 });
      expect(await api.product(shop, 'SKU-0')).toMatchObject({ archivedAt: expect.any(String), version: 1, stock: 10, supplierIds: [shop.supplierIds[0]] });
      expect(await api.product(shop, 'NEW-A')).toMatchObject({ archivedAt: expect.any(String), stock: 0 });
      const restore = await api.importCsv(shop, ['sku,name,price,archived', 'SKU-0,Product 0,1,no'].join('\n'), { dryRun: false });
      expect(restore.json<CatalogueImportResult>().rows[0]).toMatchObject({ outcome: 'update', changes: ['archived'] });
      expect(await api.product(shop, 'SKU-0')).toMatchObject({ archivedAt: null });
    });

    it('says what is wrong with each row, on its line, and applies nothing while any row is wrong', async () => {
      const shop = await newShop();
      const b = await newShop();
      await api.category(shop, 'Fixings');
      const bCategory = await api.category(b, 'Only in B');
      await api.supplier(b, 'Only B Co', 'only-b');
      const longName = 'x'.repeat(201);
      const csv = csvOf(
        'OK-1,Good row,"A description\non two lines",fixings,1.50,EUR,3,supplier-0,no',
        'BAD-PRICE,Bad price,,,12.505,EUR,1,,no',
        'BAD-CAT,Unknown category,,Garden,1,EUR,1,,no',
        'BAD-SUP,Unknown supplier,,,1,EUR,1,supplier-0;Nobody Ltd,no',
        'OK-1,Twice,,,1,EUR,1,,no',
        'BAD-NUL,Has a \u0000 in it,,,1,EUR,1,,no',
        `BAD-LONG,${longName},,,1,EUR,1,,no`,
        'BAD-NEG,Negative,,,1,EUR,-4,,no',
        'BAD-HUGE,Huge,,,1,EUR,5000000000,,no',
        'BAD-CUR,Dollars,,,1,USD,1,,no',
        'BAD-CELLS,Too few cells,,,1',
        'BAD-ARCH,Archived maybe,,,1,EUR,1,,maybe',
        'bad sku!,Bad SKU,,,1,EUR,1,,no',
        `BAD-B,Other shop's category and supplier,,${bCategory.slug},1,EUR,1,only-b,no`,
        ',No SKU,,,1,EUR,1,,no',
        'BAD-CTRL,Bell,"ring\u0007",,1,EUR,1,,no',
        'BAD-UTF8,Caf\uFFFD cr\uFFFDme,,,1,EUR,1,,no',
      );
      const before = await api.counts();
      const dryRun = await api.importCsv(shop, csv);
      expect(dryRun.statusCode).toBe(200);
      const report = dryRun.json<CatalogueImportResult>();
      // The good row's description spans lines 2 and 3, so the next row is on line 4.
      expect(report.errors.map((error) => [error.line, error.column, error.message])).toEqual([
        [4, 'price', 'Price "12.505" is not an amount in EUR: write it like 12.50, without a currency sign or thousands separator.'],
        [5, 'category', 'Unknown category "Garden": use the slug or name of one of this shop\'s categories, or add it first.'],
        [6, 'suppliers', 'Unknown supplier "Nobody Ltd": use the slug or name of one of this shop\'s suppliers, separated by ";".'],
        [7, 'sku', 'SKU "OK-1" is already on line 2: a product may be in the file once.'],
        [8, 'name', 'Name holds a control character (U+0000), which no text here may hold: remove it.'],
        [9, 'name', 'Name is too long: 200 characters at most.'],
        [10, 'stock', 'Stock "-4" is not a whole number of 0 or more: write the quantity on hand, like 12.'],
        [11, 'stock', 'Stock 5000000000 is more than the most a product may hold, 1,000,000,000.'],
        [12, 'currency', 'This shop sells in EUR, not "USD": convert the price to EUR, or leave the currency blank.'],
        [13, null, 'This row has 5 cells where the header has 9: a separator is missing or extra, or a cell holding one is not in double quotes.'],
        [14, 'archived', 'Archived is "maybe": write yes or no (blank is no).'],
        [15, 'sku', 'SKU may hold only letters, digits, ".", "_" and "-", and starts with a letter or digit.'],
        [16, 'category', `Unknown category "${bCategory.slug}": use the slug or name of one of this shop's categories, or add it first.`],
        [16, 'suppliers', 'Unknown supplier "only-b": use the slug or name of one of this shop\'s suppliers, separated by ";".'],
        [17, 'sku', 'SKU is required.'],
        [18, 'description', 'Description holds a control character (U+0007), which no text here may hold: remove it.'],
        [19, 'name', 'Name holds a character that is not UTF-8 (shown as \uFFFD): save the file as "CSV UTF-8" and choose it again.'],
      ]);
      expect(report.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 16 });
      expect(report.rows[0]).toMatchObject({ line: 2, sku: 'OK-1', outcome: 'create' });

      const applied = await api.importCsv(shop, csv, { dryRun: false });
      expect(applied.statusCode).toBe(422);
      const refused = applied.json<CatalogueImportRefused>();
      expect(refused.message).toBe('16 rows have errors: nothing was imported. Correct them in the file and import it again.');
      expect(refused.errors).toEqual(report.errors);
      expect(refused.rows).toEqual(report.rows);
      expect(await api.counts()).toEqual(before);
      expect(await api.product(shop, 'OK-1')).toBeUndefined();
    });

    it('applies all rows or none: one bad row among good ones changes nothing at all', async () => {
      const shop = await newShop();
      const before = { counts: await api.counts(), products: await api.products(shop) };
      const csv = csvOf(
        'SKU-0,Product 0 renamed,,,9.99,EUR,50,supplier-1,no',
        'NEW-X,New one,,,1,EUR,5,,no',
        'NEW-Y,Bad one,,,free,EUR,5,,no',
      );
      const applied = await api.importCsv(shop, csv, { dryRun: false });
      expect(applied.statusCode).toBe(422);
      expect(applied.json<CatalogueImportRefused>().errors).toEqual([
        { line: 4, column: 'price', message: 'Price "free" is not an amount in EUR: write it like 12.50, without a currency sign or thousands separator.' },
      ]);
      expect(applied.json<CatalogueImportRefused>().message).toBe('1 row has errors: nothing was imported. Correct it in the file and import it again.');
      expect(await api.counts()).toEqual(before.counts);
      expect(await api.products(shop)).toEqual(before.products);
    });

    it('says what is wrong with the file as a whole: header, columns, quotes, emptiness, size', async () => {
      const shop = await newShop();
      const report = async (csv: string) => (await api.importCsv(shop, csv)).json<CatalogueImportResult>().errors;
      expect(await report('')).toEqual([{ line: 1, column: null, message: expect.stringMatching(/^The file is empty: its first row must name the columns/) }]);
      expect(await report('sku,name,price')).toEqual([{ line: 2, column: null, message: 'The file has no rows under its header: add a row per product.' }]);
      expect(await report('sku,name,cost\nA,B,1')).toEqual([
        { line: 1, column: null, message: expect.stringMatching(/^The header names "cost", which the import does not read\. The columns are sku, barcode, name, description/) },
        { line: 1, column: 'price', message: expect.stringMatching(/^The header has no "price" column, which every import needs/) },
      ]);
      expect(await report('SKU-0,Product 0,1\n')).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringMatching(/^The header names "sku-0", "product 0", "1"/) }),
        expect.objectContaining({ line: 1, column: 'sku' }),
        expect.objectContaining({ line: 1, column: 'name' }),
        expect.objectContaining({ line: 1, column: 'price' }),
      ]);
      expect(await report('sku,name,price,name\nA,B,1,C')).toEqual([{ line: 1, column: 'name', message: 'The column "name" is in the header twice: keep one.' }]);
      expect(await report('sku,name,price\nA,B,1\nC,"unclosed,2\nE,F,3\n')).toEqual([
        {
          line: 3,
          column: null,
          message: 'A double quote (") opens a cell on this line and is never closed: add the closing quote or remove the opening one.',
        },
      ]);
      expect(await report('sku,name,price\nA,B "C" D,1\n')).toEqual([
        { line: 2, column: null, message: 'A double quote (") is in the middle of a cell: put the whole cell in double quotes and write each quote inside it twice ("").' },
      ]);
      // Blank lines and rows of empty cells (spreadsheets write them) are skipped; line numbers stay the file's.
      const spaced = (await api.importCsv(shop, 'sku,name,price\n\n,,\nSKU-0,Product 0,1.00\n\nSKU-1,Product 1,x\n')).json<CatalogueImportResult>();
      expect(spaced.rows.map((row) => [row.line, row.outcome])).toEqual([
        [4, 'unchanged'],
        [6, 'error'],
      ]);

      const tooMany = ['sku,name,price', ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `R-${i},Row ${i},1`)].join('\n');
      const big = (await api.importCsv(shop, tooMany)).json<CatalogueImportResult>();
      expect(big.errors).toEqual([
        { line: MAX_IMPORT_ROWS + 2, column: null, message: 'The file has more than 50,000 rows, the most one import takes: split it into several files.' },
      ]);
    });

    it('takes the stock as on hand when applied: a sale between the dry run and the apply is inside the difference', async () => {
      const shop = await newShop();
      const [productId] = shop.productIds;
      const importId = randomUUID();
      const csv = csvOf('SKU-0,Product 0,,,1.00,EUR,15,supplier-0,no');
      const dryRun = (await api.importCsv(shop, csv, { importId })).json<CatalogueImportResult>();
      expect(dryRun.rows[0]!.stock).toEqual({ from: 10, to: 15 });
      const ordered = await api.inject('POST', '/orders', customer, { merchantSlug: shop.slug, items: [{ productId, quantity: 3 }] });
      expect(ordered.statusCode).toBe(201);
      const applied = (await api.importCsv(shop, csv, { importId, dryRun: false })).json<CatalogueImportResult>();
      expect(applied.rows[0]!.stock).toEqual({ from: 7, to: 15 });
      expect(await api.product(shop, 'SKU-0')).toMatchObject({ stock: 15 });
      expect((await api.movementsOf(productId!)).map((movement) => [movement.type, movement.quantity, movement.balance_after])).toEqual([
        ['opening', 10, 10],
        ['order', -3, 7],
        ['import', 8, 15],
      ]);
    });

    it('posts nothing twice when an apply is sent again with the same import id, even after a sale', async () => {
      const shop = await newShop();
      const [productId] = shop.productIds;
      const importId = randomUUID();
      const csv = csvOf('SKU-0,Product 0,,,1.00,EUR,20,supplier-0,no', 'NEW-R,Retried,,,2,EUR,4,,no');
      const first = await api.importCsv(shop, csv, { importId, dryRun: false });
      expect(first.json<CatalogueImportResult>().counts).toEqual({ create: 1, update: 1, unchanged: 0, error: 0 });
      const afterFirst = await api.counts();
      expect((await api.inject('POST', '/orders', customer, { merchantSlug: shop.slug, items: [{ productId, quantity: 2 }] })).statusCode).toBe(201);
      const again = await api.importCsv(shop, csv, { importId, dryRun: false });
      expect(again.statusCode).toBe(200);
      expect(again.json<CatalogueImportResult>()).toEqual({
        importId,
        dryRun: false,
        alreadyApplied: true,
        counts: { create: 1, update: 1, unchanged: 0, error: 0 },
        rows: [],
        errors: [],
      });
      // The sale stays sold: the retry did not set the stock back to 20.
      expect(await api.product(shop, 'SKU-0')).toMatchObject({ stock: 18 });
      expect(await api.counts()).toEqual({ ...afterFirst, movements: afterFirst.movements + 1 });
      // Another shop cannot take the id over.
      const other = await newShop();
      const taken = await api.importCsv(other, csv, { importId, dryRun: false });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().message).toBe('This import id was already used for another import: make a new one for this file.');
    });

    it("treats another shop's SKU as new here, and leaves that shop's product alone", async () => {
      const shop = await newShop();
      const other = await newShop();
      const otherSku = `B-${unique()}`;
      await api.importCsv(other, csvOf(`${otherSku},B's product,,,7,EUR,3,,no`), { dryRun: false });
      const applied = (await api.importCsv(shop, csvOf(`${otherSku},A's product,,,1,EUR,1,,no`), { dryRun: false })).json<CatalogueImportResult>();
      expect(applied.rows[0]).toMatchObject({ outcome: 'create' });
      expect(await api.product(other, otherSku)).toMatchObject({ name: "B's product", priceMinor: 700, stock: 3 });
      expect(await api.product(shop, otherSku)).toMatchObject({ name: "A's product", priceMinor: 100, stock: 1 });
    });

    it('keeps an archived supplier a product already has, and refuses it for one that has not', async () => {
      const shop = await newShop();
      await api.inject('PUT', `/merchants/${shop.slug}/suppliers/${shop.supplierIds[0]}/archived`, shop.owner);
      const report = (
        await api.importCsv(shop, ['sku,name,price,suppliers', 'SKU-0,Product 0,1,supplier-0', 'SKU-1,Product 1,2,supplier-0;supplier-1'].join('\n'))
      ).json<CatalogueImportResult>();
      expect(report.rows.map((row) => row.outcome)).toEqual(['unchanged', 'error']);
      expect(report.errors).toEqual([
        { line: 3, column: 'suppliers', message: 'Supplier 0 is archived: restore it under Suppliers to choose it again, or leave it off this row.' },
      ]);
    });

    it('is refused to a cashier (403) and to nobody signed in (401)', async () => {
      const shop = await newShop();
      const shopCashier = await signUpUser(testApp);
      await staffMember(shop, shopCashier, 'cashier');
      const csv = csvOf('NEW-C,Cashier,,,1,EUR,1,,no');
      const asCashier = await api.importCsv(shop, csv, { as: shopCashier, dryRun: false });
      expect(asCashier.statusCode).toBe(403);
      expect(asCashier.json().message).toBe("a cashier may not change the shop's catalogue");
      const anonymous = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/catalogue/imports`,
        payload: { importId: randomUUID(), dryRun: false, csv },
      });
      expect(anonymous.statusCode).toBe(401);
      expect(await api.product(shop, 'NEW-C')).toBeUndefined();
      // Checked before the body is read: a cashier's broken body is a 403, not a 400 from parsing it.
      const unread = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/catalogue/imports`,
        headers: { cookie: shopCashier.cookie, 'content-type': 'application/json' },
        payload: '{"importId": ',
      });
      expect(unread.statusCode, unread.body).toBe(403);
    });

    it('answers malformed and oversized bodies with a 4xx and a sentence', async () => {
      const shop = await newShop();
      const url = `/merchants/${shop.slug}/catalogue/imports`;
      const cases: [object | string, number, RegExp][] = [
        ['{"importId": ', 400, /^The body is not valid JSON/],
        [{ importId: 'not-a-uuid', dryRun: true, csv: 'x' }, 400, /^The import id is a UUID/],
        [{ importId: randomUUID(), csv: 'x' }, 400, /^Say whether this is a dry run/],
        [{ importId: randomUUID(), dryRun: true }, 400, /^Send the CSV file as text in "csv"/],
        [{ importId: randomUUID(), dryRun: true, csv: 42 }, 400, /^Send the CSV file as text in "csv"/],
      ];
      for (const [payload, status, message] of cases) {
        const response = await api.inject('POST', url, shop.owner, payload);
        expect(response.statusCode, response.body).toBe(status);
        expect(response.json().message).toMatch(message);
      }
      const huge = await api.inject('POST', url, shop.owner, {
        importId: randomUUID(),
        dryRun: true,
        csv: `sku,name,price\n${'A,B,1\n'.repeat(IMPORT_BODY_LIMIT_BYTES / 6 + 1)}`,
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().message).toBe('The request body is larger than the 32 MB limit.');
      // Every other route keeps the server's own limit.
      const elsewhere = await api.inject('POST', `/merchants/${shop.slug}/categories`, shop.owner, { name: 'x'.repeat(300 * 1024) });
      expect(elsewhere.statusCode).toBe(413);
      expect(elsewhere.json().message).toBe('The request body is larger than the 256 KB limit.');
    });
  });
});
