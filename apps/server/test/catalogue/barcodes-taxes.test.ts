import { randomUUID } from 'node:crypto';
import type { CatalogueImportResult, Category, ManagedProduct, ShopSettings, TaxRate } from '@myb/contracts';
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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const unique = () => randomUUID().slice(0, 8).toUpperCase();

function client(testApp: TestApp) {
  const inject = (method: Method, url: string, as?: SignedInUser, payload?: object | string) =>
    testApp.app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: {
        ...(as ? { cookie: as.cookie } : {}),
        ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}),
      },
    });
  return {
    inject,
    newProduct: (shop: ShopFixture, fields: object = {}) =>
      inject('POST', `/merchants/${shop.slug}/products`, shop.owner, {
        sku: `P-${unique()}`,
        name: 'Oat milk (1 l)',
        priceMinor: 199,
        stock: 0,
        ...fields,
      }),
    byCode: (shop: ShopFixture, code: string, as: SignedInUser = shop.owner) =>
      inject('GET', `/merchants/${shop.slug}/products/by-code/${encodeURIComponent(code)}`, as),
    newRate: async (shop: ShopFixture, name: string, ratePpm: number) =>
      (
        await inject('POST', `/merchants/${shop.slug}/tax-rates`, shop.owner, { name, ratePpm })
      ).json<TaxRate>(),
    rates: async (shop: ShopFixture, as: SignedInUser = shop.owner) =>
      (await inject('GET', `/merchants/${shop.slug}/tax-rates`, as)).json<{ taxRates: TaxRate[] }>().taxRates,
    managed: async (shop: ShopFixture, sku: string) =>
      (await inject('GET', `/merchants/${shop.slug}/catalogue`, shop.owner))
        .json<{ products: ManagedProduct[] }>()
        .products.find((product) => product.sku === sku),
    importCsv: (shop: ShopFixture, csv: string, dryRun = false) =>
      inject('POST', `/merchants/${shop.slug}/catalogue/imports`, shop.owner, {
        importId: randomUUID(),
        dryRun,
        csv,
      }),
  };
}

describe.each(engines())('barcodes, tax rates and the shop tax settings on %s', (engine: Engine) => {
  let testApp: TestApp;
  let api: ReturnType<typeof client>;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    api = client(testApp);
    shop = await createShop(testApp, { suppliers: 1 });
    otherShop = await createShop(testApp, { suppliers: 1 });
    cashier = await signUpUser(testApp);
    const added = await api.inject('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
      email: cashier.email,
      role: 'cashier',
    });
    expect(added.statusCode).toBe(200);
  });
  afterAll(() => closeCheckingStock(testApp));

  describe('barcodes', () => {
    it('refuses a GS1 code whose check digit is wrong, naming the digit it should be', async () => {
      const response = await api.newProduct(shop, { barcode: '4006381333932' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        message:
          'The check digit of 4006381333932 should be 1: check the number against the one printed under the bars.',
        issues: [{ path: 'body.barcode' }],
      });
      for (const code of ['036000291453', '96385071']) {
        expect((await api.newProduct(shop, { barcode: code })).json().message).toMatch(
          /^The check digit of \d+ should be \d:/,
        );
      }
    });

    it('keeps EAN-13, UPC-A, EAN-8 and Code 128 text; an empty barcode is none', async () => {
      for (const code of ['4006381333931', '036000291452', '96385074', 'SHELF-0042']) {
        const created = await api.newProduct(shop, { barcode: ` ${code} ` });
        expect(created.statusCode, created.body).toBe(201);
        expect(created.json<ManagedProduct>().barcode).toBe(code);
      }
      const none = await api.newProduct(shop, { barcode: '' });
      expect(none.json<ManagedProduct>()).toMatchObject({ barcode: null, taxRateId: null });
    });

    it('is unique in a shop (409 naming the product that has it), and two shops may share one', async () => {
      const code = '5901234123457';
      const first = (await api.newProduct(shop, { name: 'Rye bread', barcode: code })).json<ManagedProduct>();
      const twice = await api.newProduct(shop, { barcode: code });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({
        message: `Barcode ${code} is already used by Rye bread (SKU ${first.sku}): a scanner must find one product by it.`,
        issues: [{ path: 'body.barcode', message: 'Already on Rye bread.' }],
      });
      // Given to another product by a change, the same.
      const other = (await api.newProduct(shop)).json<ManagedProduct>();
      const moved = await api.inject('PATCH', `/merchants/${shop.slug}/products/${other.id}`, shop.owner, {
        barcode: code,
        version: 1,
      });
      expect(moved.statusCode).toBe(409);
      // Its own barcode sent back is no conflict.
      const kept = await api.inject('PATCH', `/merchants/${shop.slug}/products/${first.id}`, shop.owner, {
        barcode: code,
        version: 1,
      });
      expect(kept.statusCode).toBe(200);
      expect((await api.newProduct(otherShop, { barcode: code })).statusCode).toBe(201);
    });

    it('finds a product on sale by its barcode, else by its SKU in any case; an archived one, or another shop’s, is not found', async () => {
      const sku = `Mug-${unique()}`;
      const mug = (
        await api.newProduct(shop, { sku, name: 'Mug', barcode: '4012345678901' })
      ).json<ManagedProduct>();
      // Whoever has the SKU equal to another product's barcode, the barcode wins.
      await api.newProduct(shop, { sku: '4012345678901', name: 'Not the mug' });

      const byBarcode = await api.byCode(shop, '4012345678901', cashier);
      expect(byBarcode.statusCode).toBe(200);
      expect(byBarcode.json<ManagedProduct>()).toMatchObject({
        id: mug.id,
        name: 'Mug',
        barcode: '4012345678901',
      });
      expect((await api.byCode(shop, sku)).json<ManagedProduct>().id).toBe(mug.id);
      expect((await api.byCode(shop, sku.toUpperCase())).json<ManagedProduct>().id).toBe(mug.id);

      const unknown = await api.byCode(shop, '0000000000000');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toBe(
        'No product of this shop has the barcode or SKU "0000000000000" (archived products are not sold): check the code, or give it to a product in the catalogue.',
      );
      await api.inject('PUT', `/merchants/${shop.slug}/products/${mug.id}/archived`, shop.owner);
      expect((await api.byCode(shop, '4012345678901')).json().id).not.toBe(mug.id);
      expect((await api.byCode(shop, sku)).statusCode).toBe(404);

      // Another shop's code answers as a code no shop has.
      const theirs = (await api.newProduct(otherShop, { barcode: '4000000000006' })).json<ManagedProduct>();
      const other = await api.byCode(shop, '4000000000006');
      const nowhere = await api.byCode(shop, '4000000000013');
      expect(other.statusCode).toBe(404);
      expect(other.json().message).toBe(nowhere.json().message.replace('4000000000013', '4000000000006'));
      expect((await api.byCode(otherShop, '4000000000006', otherShop.owner)).json().id).toBe(theirs.id);
      // A customer is not staff.
      expect((await api.byCode(shop, sku, await signUpUser(testApp))).statusCode).toBe(403);
    });

    it("is found whole by the shop's product search", async () => {
      const code = '4003994155486';
      await api.newProduct(shop, { name: 'Scanned pasta', barcode: code });
      const search = async (q: string) =>
        (await api.inject('GET', `/merchants/${shop.slug}/products?q=${encodeURIComponent(q)}`)).json<{
          products: { name: string }[];
        }>().products;
      expect((await search(code)).map((product) => product.name)).toEqual(['Scanned pasta']);
      expect(await search(code.slice(0, 8))).toEqual([]);
    });
  });

  describe('tax rates', () => {
    it('are added, renamed, re-rated, archived and restored by the owner, and listed to the staff', async () => {
      const own = await createShop(testApp, { suppliers: 0, products: 0 });
      const created = await api.inject('POST', `/merchants/${own.slug}/tax-rates`, own.owner, {
        name: ' Standard ',
        ratePpm: 200_000,
      });
      expect(created.statusCode).toBe(201);
      const standard = created.json<TaxRate>();
      expect(standard).toMatchObject({ name: 'Standard', ratePpm: 200_000, archivedAt: null });

      const twice = await api.inject('POST', `/merchants/${own.slug}/tax-rates`, own.owner, {
        name: 'STANDARD',
        ratePpm: 100_000,
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().message).toBe(
        'This shop already has a tax rate named "Standard" (20 %): choose another name.',
      );

      const patch = (body: object) =>
        api.inject('PATCH', `/merchants/${own.slug}/tax-rates/${standard.id}`, own.owner, body);
      expect((await patch({ name: 'Standard rate', ratePpm: 210_000 })).json()).toMatchObject({
        name: 'Standard rate',
        ratePpm: 210_000,
      });
      const archived = (await patch({ archived: true })).json<TaxRate>();
      expect(archived.archivedAt).not.toBeNull();
      // Its name is free again while it is archived; restoring it then is refused, naming the other.
      await api.newRate(own, 'Standard rate', 200_000);
      const restore = await patch({ archived: false });
      expect(restore.statusCode).toBe(409);
      expect((await patch({ archived: false, name: 'Old standard rate' })).json()).toMatchObject({
        name: 'Old standard rate',
        archivedAt: null,
      });

      expect((await api.rates(own)).map((rate) => rate.name)).toEqual(['Old standard rate', 'Standard rate']);
      expect((await patch({})).statusCode).toBe(400);

      // A cashier reads the rates (the register charges them) and changes none of them.
      const ownCashier = await signUpUser(testApp);
      await api.inject('POST', `/merchants/${own.slug}/staff`, own.owner, {
        email: ownCashier.email,
        role: 'cashier',
      });
      expect(await api.rates(own, ownCashier)).toHaveLength(2);
      const refused = await api.inject('POST', `/merchants/${own.slug}/tax-rates`, ownCashier, {
        name: 'Cashier',
        ratePpm: 1,
      });
      expect(refused.statusCode).toBe(403);
    });

    it('refuses what is no rate, each with a sentence', async () => {
      const post = (body: object | string) =>
        api.inject('POST', `/merchants/${shop.slug}/tax-rates`, shop.owner, body);
      const cases: [object | string, RegExp][] = [
        [{ name: 'Huge', ratePpm: 1_000_001 }, /The rate is at most 100 %/],
        [{ name: 'Negative', ratePpm: -1 }, /The rate cannot be below 0 %/],
        [{ name: 'Float', ratePpm: 5.5 }, /whole number of parts per million/],
        [{ name: 'Big', ratePpm: 1e300 }, /./],
        [{ name: '', ratePpm: 1 }, /Name is required/],
        [{ name: 'Two\nlines', ratePpm: 1 }, /Name must fit on one line/],
        ['{"name":"N\\u0000UL","ratePpm":1}', /control characters/],
        [{ ratePpm: 1 }, /Name is required/],
      ];
      for (const [body, message] of cases) {
        const response = await post(body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().message, JSON.stringify(body)).toMatch(message);
        expect(response.json().message).toMatch(/\.$/);
      }
      const nul = await api.newProduct(shop, { barcode: 'AB\u0000C' });
      expect(nul.statusCode).toBe(400);
      expect(nul.json().message).toMatch(/control characters/);
      const codeWithNul = await api.inject(
        'GET',
        `/merchants/${shop.slug}/products/by-code/A%00B`,
        shop.owner,
      );
      expect(codeWithNul.statusCode).toBe(400);
      const unknownRate = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/tax-rates/${randomUUID()}`,
        shop.owner,
        { name: 'X' },
      );
      expect(unknownRate.statusCode).toBe(404);
      expect(unknownRate.json().message).toBe('Tax rate not found.');
    });

    it("is given to a product only if it is the shop's and in use (400 naming the field); an archived rate stays where it is", async () => {
      const reduced = await api.newRate(shop, `Reduced ${unique()}`, 55_000);
      const theirs = await api.newRate(otherShop, `Theirs ${unique()}`, 100_000);
      const product = (await api.newProduct(shop, { taxRateId: reduced.id })).json<ManagedProduct>();
      expect(product.taxRateId).toBe(reduced.id);

      for (const taxRateId of [theirs.id, randomUUID()]) {
        const refused = await api.newProduct(shop, { taxRateId });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({
          message: "Unknown tax rate: choose one of this shop's tax rates.",
          issues: [{ path: 'body.taxRateId', message: 'Not a tax rate of this shop.' }],
        });
      }

      await api.inject('PATCH', `/merchants/${shop.slug}/tax-rates/${reduced.id}`, shop.owner, {
        archived: true,
      });
      const archived = await api.newProduct(shop, { taxRateId: reduced.id });
      expect(archived.statusCode).toBe(400);
      expect(archived.json()).toMatchObject({
        message: `The tax rate ${reduced.name} is archived: restore it under Settings → Taxes to choose it again.`,
        issues: [{ path: 'body.taxRateId' }],
      });
      // The product that has it keeps it through a change, and may drop it for its category's.
      const renamed = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/products/${product.id}`,
        shop.owner,
        {
          name: 'Renamed',
          taxRateId: reduced.id,
          version: product.version,
        },
      );
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json<ManagedProduct>().taxRateId).toBe(reduced.id);
      const dropped = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/products/${product.id}`,
        shop.owner,
        {
          taxRateId: null,
          version: renamed.json<ManagedProduct>().version,
        },
      );
      expect(dropped.json<ManagedProduct>().taxRateId).toBeNull();
    });

    it("is a category's default, changed with its name; the category list carries it", async () => {
      const standard = await api.newRate(shop, `Standard ${unique()}`, 200_000);
      const category = (
        await api.inject('POST', `/merchants/${shop.slug}/categories`, shop.owner, { name: 'Drinks' })
      ).json<Category>();
      expect(category.taxRateId).toBeNull();
      const patch = (categoryId: string, body: object, as = shop.owner) =>
        api.inject('PATCH', `/merchants/${shop.slug}/categories/${categoryId}`, as, body);

      const set = await patch(category.id, { taxRateId: standard.id });
      expect(set.statusCode).toBe(200);
      expect(set.json<Category>()).toMatchObject({
        id: category.id,
        slug: 'drinks',
        name: 'Drinks',
        taxRateId: standard.id,
      });
      expect((await patch(category.id, { name: 'Cold drinks' })).json<Category>()).toMatchObject({
        slug: 'drinks',
        name: 'Cold drinks',
        taxRateId: standard.id,
      });
      const listed = (await api.inject('GET', `/merchants/${shop.slug}/categories`)).json<{
        categories: Category[];
      }>().categories;
      expect(listed.find((one) => one.id === category.id)?.taxRateId).toBe(standard.id);

      const theirs = await api.newRate(otherShop, `Theirs ${unique()}`, 1);
      expect((await patch(category.id, { taxRateId: theirs.id })).json().issues).toEqual([
        { path: 'body.taxRateId', message: 'Not a tax rate of this shop.' },
      ]);
      expect((await patch(category.id, {})).statusCode).toBe(400);
      expect((await patch(category.id, { name: 'Mine' }, cashier)).statusCode).toBe(403);
      const theirCategory = (
        await api.inject('POST', `/merchants/${otherShop.slug}/categories`, otherShop.owner, {
          name: 'Theirs',
        })
      ).json<Category>();
      const other = await patch(theirCategory.id, { name: 'Mine' });
      const nowhere = await patch(randomUUID(), { name: 'Mine' });
      expect([other.statusCode, other.json().message]).toEqual([404, 'Category not found.']);
      expect(nowhere.json().message).toBe(other.json().message);
      expect((await patch(category.id, { taxRateId: null })).json<Category>().taxRateId).toBeNull();
    });
  });

  describe("the shop's tax settings", () => {
    it('say whether prices include tax and how tax is rounded, and go back and forth', async () => {
      const own = await createShop(testApp, { suppliers: 0, products: 0 });
      const settings = async () =>
        (await api.inject('GET', `/merchants/${own.slug}/settings`, own.owner)).json<ShopSettings>();
      expect(await settings()).toMatchObject({ pricesIncludeTax: true, taxRounding: 'line', version: 1 });
      const changed = await api.inject('PATCH', `/merchants/${own.slug}`, own.owner, {
        version: 1,
        pricesIncludeTax: false,
        taxRounding: 'total',
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json<ShopSettings>()).toMatchObject({
        pricesIncludeTax: false,
        taxRounding: 'total',
        version: 2,
      });
      expect(await settings()).toMatchObject({ pricesIncludeTax: false, taxRounding: 'total' });
      const back = await api.inject('PATCH', `/merchants/${own.slug}`, own.owner, {
        version: 2,
        pricesIncludeTax: true,
      });
      expect(back.json<ShopSettings>()).toMatchObject({
        pricesIncludeTax: true,
        taxRounding: 'total',
        version: 3,
      });

      const stale = await api.inject('PATCH', `/merchants/${own.slug}`, own.owner, {
        version: 1,
        pricesIncludeTax: false,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().issues).toEqual([
        { path: 'body.pricesIncludeTax', message: 'Now Prices include tax.' },
      ]);
      const wrong = await api.inject('PATCH', `/merchants/${own.slug}`, own.owner, {
        version: 3,
        taxRounding: 'bankers',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().message).toBe('Choose how tax is rounded: line or total.');
      const notBoolean = await api.inject('PATCH', `/merchants/${own.slug}`, own.owner, {
        version: 3,
        pricesIncludeTax: 'yes',
      });
      expect(notBoolean.json().message).toBe('Say whether prices include tax: true or false.');
    });
  });

  describe('the catalogue CSV', () => {
    it('imports barcodes and tax rates by name, with row errors like the other columns', async () => {
      const own = await createShop(testApp, { suppliers: 1, products: 2 });
      const standard = await api.newRate(own, 'Standard', 200_000);
      const old = await api.newRate(own, 'Old', 100_000);
      await api.inject('PATCH', `/merchants/${own.slug}/tax-rates/${old.id}`, own.owner, { archived: true });
      const header = 'sku,barcode,name,price,tax_rate';
      const dry = await api.importCsv(
        own,
        [
          header,
          'NEW-1,4006381333931,Lentils,2.10,standard',
          'NEW-2,4006381333931,Beans,2.20,',
          'NEW-3,4006381333932,Peas,2.30,',
          'NEW-4,4.00638E+12,Rice,2.40,',
          'NEW-5,,Oats,2.50,Reduced',
          'NEW-6,,Barley,2.60,Old',
        ].join('\n'),
        true,
      );
      expect(dry.statusCode).toBe(200);
      expect(dry.json<CatalogueImportResult>().errors).toEqual([
        {
          line: 3,
          column: 'barcode',
          message: expect.stringMatching(/^Barcode 4006381333931 is already on line 2: /),
        },
        {
          line: 4,
          column: 'barcode',
          message: expect.stringMatching(/^The check digit of 4006381333932 should be 1:/),
        },
        {
          line: 5,
          column: 'barcode',
          message: expect.stringMatching(
            /^Barcode 4\.00638E\+12 was turned into a number by the spreadsheet/,
          ),
        },
        {
          line: 6,
          column: 'tax_rate',
          message: expect.stringMatching(
            /^Unknown tax rate "Reduced": use the name of one of this shop's tax rates/,
          ),
        },
        { line: 7, column: 'tax_rate', message: expect.stringMatching(/^The tax rate Old is archived/) },
      ]);

      const applied = await api.importCsv(
        own,
        [header, 'NEW-1,4006381333931,Lentils,2.10,standard', 'SKU-0,96385074,Product 0,1.00,'].join('\n'),
      );
      expect(applied.statusCode).toBe(200);
      expect(
        applied.json<CatalogueImportResult>().rows.map((row) => [row.sku, row.outcome, row.changes]),
      ).toEqual([
        ['NEW-1', 'create', ['barcode', 'name', 'price', 'tax_rate']],
        ['SKU-0', 'update', ['barcode']],
      ]);
      expect(await api.managed(own, 'NEW-1')).toMatchObject({
        barcode: '4006381333931',
        taxRateId: standard.id,
      });

      // A code kept by a product the file does not change is refused; moved in the same file, it goes.
      const kept = await api.importCsv(
        own,
        ['sku,barcode,name,price', 'SKU-1,96385074,Product 1,2.00'].join('\n'),
        true,
      );
      expect(kept.json<CatalogueImportResult>().errors).toEqual([
        {
          line: 2,
          column: 'barcode',
          message: expect.stringMatching(/^Barcode 96385074 is already used by Product 0 \(SKU SKU-0\)/),
        },
      ]);
      const swapped = await api.importCsv(
        own,
        [
          'sku,barcode,name,price',
          'SKU-1,96385074,Product 1,2.00',
          'SKU-0,4006381333931,Product 0,1.00',
          'NEW-1,,Lentils,2.10',
        ].join('\n'),
      );
      expect(swapped.statusCode, swapped.body).toBe(200);
      expect((await api.managed(own, 'SKU-1'))?.barcode).toBe('96385074');
      expect((await api.managed(own, 'SKU-0'))?.barcode).toBe('4006381333931');
      expect((await api.managed(own, 'NEW-1'))?.barcode).toBeNull();

      // A file without the columns leaves both as they are; the export writes them, and reads back unchanged.
      await api.importCsv(own, ['sku,name,price', 'SKU-0,Product 0 renamed,1.00'].join('\n'));
      expect(await api.managed(own, 'SKU-0')).toMatchObject({
        name: 'Product 0 renamed',
        barcode: '4006381333931',
      });
      const exported = (await api.inject('GET', `/merchants/${own.slug}/catalogue/export`, own.owner)).body;
      expect(exported).toContain('NEW-1,,Lentils,,,2.10,EUR,Standard,0,,no');
      const again = (
        await api.importCsv(own, exported.replace(/^\uFEFF/, ''), true)
      ).json<CatalogueImportResult>();
      expect(again.counts).toMatchObject({ update: 0, error: 0 });
    });
  });
});
