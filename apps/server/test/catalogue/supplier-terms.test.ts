import { randomUUID } from 'node:crypto';
import type { ManagedProduct, ProductSupplier } from '@myb/contracts';
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

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Terms with nothing unknown, as a supplier's price list gives them. */
const FULL_TERMS = {
  supplierSku: 'BC-M10-50',
  costMinor: 690,
  packSize: 10,
  minOrderQuantity: 20,
  leadTimeDays: 3,
  preferred: true,
};
/** What a supplier tied without terms has. */
const NO_TERMS = { supplierSku: null, costMinor: null, packSize: 1, minOrderQuantity: 1, leadTimeDays: null };

function client(testApp: TestApp) {
  const inject = (method: Method, url: string, as?: SignedInUser, payload?: object | string) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: as ? { cookie: as.cookie } : {} });
  return {
    inject,
    setTerms: (
      shop: ShopFixture,
      productId: string,
      supplierId: string,
      body: object,
      as: SignedInUser = shop.owner,
    ) => inject('PUT', `/merchants/${shop.slug}/products/${productId}/suppliers/${supplierId}`, as, body),
    managed: async (shop: ShopFixture, productId: string, as: SignedInUser = shop.owner) =>
      (await inject('GET', `/merchants/${shop.slug}/catalogue/${productId}`, as)).json<ManagedProduct>(),
    newProduct: async (shop: ShopFixture, supplierIds: string[]) => {
      const response = await inject('POST', `/merchants/${shop.slug}/products`, shop.owner, {
        sku: `T-${randomUUID().slice(0, 8)}`,
        name: 'Bolts 10mm',
        priceMinor: 1250,
        stock: 0,
        supplierIds,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<ManagedProduct>();
    },
    edit: (shop: ShopFixture, product: ManagedProduct, body: object) =>
      inject('PATCH', `/merchants/${shop.slug}/products/${product.id}`, shop.owner, {
        ...body,
        version: product.version,
      }),
    newSupplier: async (shop: ShopFixture, name: string) =>
      (
        await inject('POST', `/merchants/${shop.slug}/suppliers`, shop.owner, {
          name,
          emails: ['orders@example.com'],
        })
      ).json<{ id: string; slug: string }>(),
  };
}

/** Each supplier's id and whether it is preferred, in the order the product lists them. */
const preferences = (product: ManagedProduct) =>
  product.suppliers!.map((tie) => [tie.supplierId, tie.preferred]);
const tieOf = (product: ManagedProduct, supplierId: string) =>
  product.suppliers!.find((tie) => tie.supplierId === supplierId);

describe.each(engines())("a product's terms with each of its suppliers on %s", (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let api: ReturnType<typeof client>;
  let s0: string, s1: string, s2: string;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { suppliers: 3 });
    otherShop = await createShop(testApp);
    cashier = await signUpUser(testApp);
    api = client(testApp);
    [s0, s1, s2] = shop.supplierIds as [string, string, string];
    const staffed = await api.inject('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
      email: cashier.email,
      role: 'cashier',
    });
    expect(staffed.statusCode, staffed.body).toBe(200);
  });
  afterAll(() => closeCheckingStock(testApp));

  it('are set and read back; a supplier tied by them is a backup, and only that changes the version', async () => {
    const created = await api.newProduct(shop, [s0]);
    expect(created.suppliers).toEqual([{ supplierId: s0, ...NO_TERMS, preferred: true }]);

    const set = await api.setTerms(shop, created.id, s0, FULL_TERMS);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<ManagedProduct>()).toMatchObject({
      version: 1,
      supplierIds: [s0],
      suppliers: [{ supplierId: s0, ...FULL_TERMS }],
    });
    expect((await api.managed(shop, created.id)).suppliers).toEqual([{ supplierId: s0, ...FULL_TERMS }]);
    const listed = (await api.inject('GET', `/merchants/${shop.slug}/catalogue`, shop.owner)).json<{
      products: ManagedProduct[];
    }>();
    expect(listed.products.find((product) => product.id === created.id)!.suppliers).toEqual([
      { supplierId: s0, ...FULL_TERMS },
    ]);

    // A supplier the product did not have: tied, as a backup; the form's list of suppliers changed, so its version did.
    const backup = await api.setTerms(shop, created.id, s1, {
      supplierSku: 'SUP1-77',
      costMinor: 720,
      packSize: 5,
      minOrderQuantity: 5,
      preferred: false,
    });
    expect(backup.statusCode, backup.body).toBe(200);
    const tied = backup.json<ManagedProduct>();
    expect(tied.version).toBe(2);
    expect([...tied.supplierIds].sort()).toEqual([s0, s1].sort());
    expect(tied.suppliers).toEqual([
      { supplierId: s0, ...FULL_TERMS },
      {
        supplierId: s1,
        supplierSku: 'SUP1-77',
        costMinor: 720,
        packSize: 5,
        minOrderQuantity: 5,
        leadTimeDays: null,
        preferred: false,
      },
    ]);

    // All the terms are sent each time: what is left out is unknown; an empty SKU is none.
    const cleared = await api.setTerms(shop, created.id, s1, {
      supplierSku: '  ',
      packSize: 2,
      minOrderQuantity: 4,
      preferred: false,
    });
    expect(tieOf(cleared.json(), s1)).toEqual({
      supplierId: s1,
      ...NO_TERMS,
      packSize: 2,
      minOrderQuantity: 4,
      preferred: false,
    });
    expect(cleared.json<ManagedProduct>().version).toBe(2);

    // A cashier reads the catalogue: who supplies it, not what it costs, nor what it cost on average.
    expect((await api.managed(shop, created.id)).averageCostMinor).toBeNull();
    await testApp.database.db.updateTable('products').set({ average_cost_minor: 705 }).where('id', '=', created.id).execute();
    expect((await api.managed(shop, created.id)).averageCostMinor).toBe(705);
    const seenByCashier = await api.managed(shop, created.id, cashier);
    expect(seenByCashier.suppliers).toBeNull();
    expect(seenByCashier.averageCostMinor).toBeNull();
    expect([...seenByCashier.supplierIds].sort()).toEqual([s0, s1].sort());
    expect((await api.setTerms(shop, created.id, s0, FULL_TERMS, cashier)).statusCode).toBe(403);
  });

  it("are kept by the product's form for the suppliers that stay; the first listed is preferred when the preferred one goes", async () => {
    let product = await api.newProduct(shop, [s1, s0]);
    expect(preferences(product)).toEqual([
      [s1, true],
      [s0, false],
    ]);
    await api.setTerms(shop, product.id, s0, { ...FULL_TERMS, preferred: false });
    product = await api.managed(shop, product.id);

    // The same suppliers in another order: nothing moves.
    const reordered = await api.edit(shop, product, { supplierIds: [s0, s1] });
    expect(reordered.statusCode, reordered.body).toBe(200);
    product = reordered.json<ManagedProduct>();
    expect(preferences(product)).toEqual([
      [s1, true],
      [s0, false],
    ]);
    expect(tieOf(product, s0)).toEqual({ supplierId: s0, ...FULL_TERMS, preferred: false });

    // The preferred supplier taken off: the first listed takes its place, with the terms it had.
    const dropped = await api.edit(shop, product, { supplierIds: [s0, s2] });
    product = dropped.json<ManagedProduct>();
    expect(preferences(product)).toEqual([
      [s0, true],
      [s2, false],
    ]);
    expect(tieOf(product, s0)).toEqual({ supplierId: s0, ...FULL_TERMS, preferred: true });
    expect(tieOf(product, s2)).toEqual({ supplierId: s2, ...NO_TERMS, preferred: false });

    const none = await api.edit(shop, product, { supplierIds: [] });
    expect(none.json<ManagedProduct>().suppliers).toEqual([]);
    // The first supplier a product gets is its preferred one, whatever was sent.
    const first = await api.setTerms(shop, product.id, s2, {
      packSize: 1,
      minOrderQuantity: 1,
      preferred: false,
    });
    expect(preferences(first.json())).toEqual([[s2, true]]);
  });

  it('move the preference from the supplier that had it, and never away from all', async () => {
    const product = await api.newProduct(shop, [s0, s1, s2]);
    const moved = await api.setTerms(shop, product.id, s2, {
      packSize: 1,
      minOrderQuantity: 1,
      preferred: true,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<ManagedProduct>().suppliers![0]).toMatchObject({ supplierId: s2, preferred: true });
    expect(moved.json<ManagedProduct>().suppliers!.filter((tie) => tie.preferred)).toHaveLength(1);
    expect(moved.json<ManagedProduct>().version).toBe(1);

    const demoted = await api.setTerms(shop, product.id, s2, {
      packSize: 1,
      minOrderQuantity: 1,
      preferred: false,
    });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.json()).toMatchObject({
      message:
        'Supplier 2 is the preferred supplier of Bolts 10mm: make another of its suppliers preferred instead, and Supplier 2 becomes a backup.',
      issues: [{ path: 'body.preferred' }],
    });
    expect(tieOf(await api.managed(shop, product.id), s2)).toMatchObject({ preferred: true });
  });

  it('refuse what is not a term, each with a sentence, and change nothing', async () => {
    const product = await api.newProduct(shop, [s0]);
    const refusals: [object, string, string][] = [
      [{ ...FULL_TERMS, packSize: 0 }, 'body.packSize', 'Pack size must be 1 or more.'],
      [{ ...FULL_TERMS, minOrderQuantity: -5 }, 'body.minOrderQuantity', 'Minimum order must be 1 or more.'],
      [{ ...FULL_TERMS, costMinor: -1 }, 'body.costMinor', 'Cost must be 0 or more.'],
      [{ ...FULL_TERMS, leadTimeDays: 400 }, 'body.leadTimeDays', 'The lead time is at most 365 days.'],
      [
        { ...FULL_TERMS, leadTimeDays: -1 },
        'body.leadTimeDays',
        'The lead time cannot be negative: 0 is the same day.',
      ],
      [{ ...FULL_TERMS, packSize: '10' }, 'body.packSize', 'Pack size must be a number.'],
      [{ ...FULL_TERMS, packSize: 2.5 }, 'body.packSize', 'Pack size must be a whole number.'],
      [{ ...FULL_TERMS, costMinor: 4.2 }, 'body.costMinor', 'Cost must be a whole number.'],
      [{ ...FULL_TERMS, costMinor: '4.20' }, 'body.costMinor', 'Cost must be a number.'],
      [{ ...FULL_TERMS, preferred: 'yes' }, 'body.preferred', 'Preferred must be true or false.'],
      [{ ...FULL_TERMS, supplierSku: 42 }, 'body.supplierSku', "The supplier's SKU must be text."],
      [
        { ...FULL_TERMS, supplierSku: 'X'.repeat(65) },
        'body.supplierSku',
        "The supplier's SKU is too long: 64 characters at most.",
      ],
      [{ costMinor: 690, preferred: true }, 'body.packSize', 'Pack size is required.'],
    ];
    for (const [body, path, message] of refusals) {
      const response = await api.setTerms(shop, product.id, s0, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().issues, JSON.stringify(body)).toContainEqual({ path, message });
    }
    expect(await api.managed(shop, product.id)).toEqual(product);
  });

  it("answer for another shop's product or supplier exactly as for one that does not exist", async () => {
    const product = await api.newProduct(shop, [s0]);
    const theirs = await api.managed(otherShop, otherShop.productIds[0]!);
    // [their id, an id that is nowhere] as the product, then as the supplier.
    const pairs: [string, [string, string], [string, string]][] = [
      ['product', [otherShop.productIds[0]!, s0], [randomUUID(), s0]],
      ['supplier', [product.id, otherShop.supplierIds[0]!], [product.id, randomUUID()]],
    ];
    for (const [what, theirId, nowhere] of pairs) {
      const foreign = await api.setTerms(shop, ...theirId, FULL_TERMS);
      const missing = await api.setTerms(shop, ...nowhere, FULL_TERMS);
      expect(foreign.statusCode, what).toBe(404);
      expect(foreign.json(), what).toEqual(missing.json());
      expect(foreign.json().message).toBe(what === 'product' ? 'Product not found.' : 'Supplier not found.');
    }
    expect(await api.managed(otherShop, otherShop.productIds[0]!)).toEqual(theirs);
    expect((await api.managed(shop, product.id)).supplierIds).toEqual([s0]);
  });

  it('refuse an archived supplier, tied or not', async () => {
    const archived = await api.newSupplier(shop, 'Gone Ltd');
    const product = await api.newProduct(shop, [s0, archived.id]);
    await api.inject('PUT', `/merchants/${shop.slug}/suppliers/${archived.id}/archived`, shop.owner);
    const other = await api.newProduct(shop, [s0]);
    for (const productId of [product.id, other.id]) {
      const refused = await api.setTerms(shop, productId, archived.id, { ...FULL_TERMS, preferred: false });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toBe(
        'Gone Ltd is archived: restore it under Suppliers to set its terms.',
      );
    }
    expect((await api.managed(shop, other.id)).supplierIds).toEqual([s0]);
  });

  it('of a deleted supplier go with it, and its products prefer their next supplier', async () => {
    const leaving = await api.newSupplier(shop, 'Aardvark Supplies');
    const product = await api.newProduct(shop, [leaving.id, s2, s1]);
    expect(preferences(product)[0]).toEqual([leaving.id, true]);
    const deleted = await api.inject('DELETE', `/merchants/${shop.slug}/suppliers/${leaving.id}`, shop.owner);
    expect(deleted.statusCode, deleted.body).toBe(204);
    // The next by name: Supplier 1 before Supplier 2.
    expect(preferences(await api.managed(shop, product.id))).toEqual([
      [s1, true],
      [s2, false],
    ]);
  });

  it("go through the catalogue's CSV: the export lists the preferred supplier first, an import keeps the terms of those that stay", async () => {
    const product = await api.newProduct(shop, [s1, s0]);
    await api.setTerms(shop, product.id, s0, { ...FULL_TERMS, preferred: false });
    await api.setTerms(shop, product.id, s1, { ...FULL_TERMS, supplierSku: 'S1-BOLT' });
    const exported = (await api.inject('GET', `/merchants/${shop.slug}/catalogue/export`, shop.owner)).body;
    const row = exported.split('\r\n').find((line) => line.startsWith(`${product.sku},`))!;
    expect(row).toContain(',supplier-1;supplier-0,');

    const apply = async (suppliers: string) => {
      const response = await api.inject('POST', `/merchants/${shop.slug}/catalogue/imports`, shop.owner, {
        importId: randomUUID(),
        dryRun: false,
        csv: ['sku,name,price,suppliers', `${product.sku},Bolts 10mm,12.50,${suppliers}`].join('\n'),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ rows: { outcome: string; changes: string[] }[] }>().rows[0];
    };
    // Listed the other way round: the first is preferred now; a change of preference alone keeps the version.
    expect(await apply('supplier-0;supplier-1')).toMatchObject({ outcome: 'update', changes: ['suppliers'] });
    let now = await api.managed(shop, product.id);
    expect(preferences(now)).toEqual([
      [s0, true],
      [s1, false],
    ]);
    expect(now.version).toBe(product.version);
    expect(tieOf(now, s1)).toEqual({
      supplierId: s1,
      ...FULL_TERMS,
      supplierSku: 'S1-BOLT',
      preferred: false,
    });
    expect(await apply('supplier-0;supplier-1')).toMatchObject({ outcome: 'unchanged' });

    // One supplier dropped and one added: the one that stays keeps its terms.
    expect(await apply('supplier-1;supplier-2')).toMatchObject({ outcome: 'update', changes: ['suppliers'] });
    now = await api.managed(shop, product.id);
    expect(now.suppliers).toEqual([
      { supplierId: s1, ...FULL_TERMS, supplierSku: 'S1-BOLT', preferred: true },
      { supplierId: s2, ...NO_TERMS, preferred: false },
    ]);
    expect(now.version).toBe(product.version + 1);
  });

  it("keep their amounts when the shop's currency changes, like its prices", async () => {
    const fresh = await createShop(testApp, { suppliers: 1, products: 1 });
    const productId = fresh.productIds[0]!;
    const supplierId = fresh.supplierIds[0]!;
    const setCurrency = (version: number, currency: string) =>
      api.inject('PATCH', `/merchants/${fresh.slug}`, fresh.owner, { version, currency });
    await api.setTerms(fresh, productId, supplierId, { ...FULL_TERMS, costMinor: 450 });
    const refused = await setCurrency(1, 'JPY');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe(
      'JPY has no amounts as small as €4.50 (the cost of Product 0 from Supplier 0): round the costs to whole JPY first.',
    );
    await api.setTerms(fresh, productId, supplierId, { ...FULL_TERMS, costMinor: 400 });
    expect((await setCurrency(1, 'JPY')).statusCode).toBe(200);
    expect(tieOf(await api.managed(fresh, productId), supplierId)!.costMinor).toBe(4);
    expect((await setCurrency(2, 'EUR')).statusCode).toBe(200);
    expect(tieOf(await api.managed(fresh, productId), supplierId)!.costMinor).toBe(400);
  });

  it.runIf(engine === 'postgres')(
    'leave exactly one preferred supplier when many are made preferred at once',
    async () => {
      const suppliers = [
        s0,
        s1,
        s2,
        ...(await Promise.all([1, 2, 3].map((i) => api.newSupplier(shop, `Racer ${i}`)))).map((s) => s.id),
      ];
      for (let round = 0; round < 5; round += 1) {
        // Half the suppliers tied already, half tied by the race itself.
        const product = await api.newProduct(shop, suppliers.slice(0, 3));
        const responses = await Promise.all(
          suppliers.flatMap((supplierId, i) =>
            [0, 1].map(() =>
              api.setTerms(shop, product.id, supplierId, {
                packSize: 1 + i,
                minOrderQuantity: 1,
                preferred: true,
              }),
            ),
          ),
        );
        expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 200));
        const rows = await testApp.database.db
          .selectFrom('product_suppliers')
          .select(['supplier_id', 'preferred', 'pack_size'])
          .where('product_id', '=', product.id)
          .execute();
        expect(rows).toHaveLength(suppliers.length);
        expect(rows.filter((row) => row.preferred)).toHaveLength(1);
        const after = await api.managed(shop, product.id);
        // The three suppliers tied by the race each added one to the version, once.
        expect(after.version).toBe(product.version + 3);
        expect(after.suppliers!.map((tie: ProductSupplier) => tie.packSize).sort((a, b) => a - b)).toEqual(
          suppliers.map((_, i) => 1 + i),
        );
      }
    },
  );
});
