import { randomUUID } from 'node:crypto';
import type { Category, ManagedProduct, Order, Product, ShopSettings, TaxRate } from '@myb/contracts';
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

type Method = 'GET' | 'POST' | 'PATCH';
const unique = () => randomUUID().slice(0, 8).toUpperCase();

describe.each(engines())('online orders carry tax per rate on %s', (engine: Engine) => {
  let testApp: TestApp;
  let customer: SignedInUser;

  const inject = (method: Method, url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: { cookie: as.cookie } });

  async function created<T>(method: Method, url: string, as: SignedInUser, payload: object): Promise<T> {
    const response = await inject(method, url, as, payload);
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json<T>();
  }

  const newRate = (shop: ShopFixture, name: string, ratePpm: number) =>
    created<TaxRate>('POST', `/merchants/${shop.slug}/tax-rates`, shop.owner, { name, ratePpm });
  const newProduct = (shop: ShopFixture, name: string, priceMinor: number, fields: object = {}) =>
    created<ManagedProduct>('POST', `/merchants/${shop.slug}/products`, shop.owner, {
      sku: `T-${unique()}`,
      name,
      priceMinor,
      stock: 100,
      ...fields,
    });
  async function setTax(
    shop: ShopFixture,
    change: Partial<Pick<ShopSettings, 'pricesIncludeTax' | 'taxRounding'>>,
  ) {
    const { version } = (
      await inject('GET', `/merchants/${shop.slug}/settings`, shop.owner)
    ).json<ShopSettings>();
    await created('PATCH', `/merchants/${shop.slug}`, shop.owner, { version, ...change });
  }
  const place = (shop: ShopFixture, items: { productId: string; quantity: number }[]) =>
    created<Order>('POST', '/orders', customer, { merchantSlug: shop.slug, items });

  /** The order as its customer and as its shop read it: the same figures as the reply that placed it. */
  async function readBack(shop: ShopFixture, order: Order) {
    const mine = (await inject('GET', `/orders/${order.id}`, customer)).json<Order>();
    const theirs = (
      await inject('GET', `/merchants/${shop.slug}/orders/${order.id}`, shop.owner)
    ).json<Order>();
    for (const read of [mine, theirs]) {
      expect(read).toMatchObject({
        pricesIncludeTax: order.pricesIncludeTax,
        taxMinor: order.taxMinor,
        totalMinor: order.totalMinor,
        taxes: order.taxes,
        items: order.items,
      });
    }
  }

  /** The order's tax per rate adds its lines up, and all rates together are its tax and its total. */
  function addsUp(order: Order) {
    for (const entry of order.taxes) {
      const lines = order.items.filter((item) => (item.taxRate?.id ?? null) === (entry.taxRate?.id ?? null));
      expect(entry.taxMinor).toBe(lines.reduce((sum, line) => sum + line.taxMinor, 0));
      expect(entry.netMinor).toBe(lines.reduce((sum, line) => sum + line.netMinor, 0));
      expect(entry.grossMinor).toBe(entry.netMinor + entry.taxMinor);
    }
    expect(order.taxes.reduce((sum, entry) => sum + entry.taxMinor, 0)).toBe(order.taxMinor);
    expect(order.taxes.reduce((sum, entry) => sum + entry.grossMinor, 0)).toBe(order.totalMinor);
  }

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    customer = await signUpUser(testApp);
  });
  afterAll(() => closeCheckingStock(testApp));

  describe('in a shop whose prices exclude tax, at 20 % and 5.5 %', () => {
    let shop: ShopFixture;
    let standard: TaxRate;
    let reduced: TaxRate;
    let wine: ManagedProduct;
    let bread: ManagedProduct;
    let cheese: ManagedProduct;

    beforeAll(async () => {
      shop = await createShop(testApp, { suppliers: 1, products: 0 });
      standard = await newRate(shop, 'Standard', 200_000);
      reduced = await newRate(shop, 'Reduced', 55_000);
      // Bread takes its category's rate; wine and cheese have their own.
      const bakery = await created<Category>('POST', `/merchants/${shop.slug}/categories`, shop.owner, {
        name: 'Bakery',
      });
      await created('PATCH', `/merchants/${shop.slug}/categories/${bakery.id}`, shop.owner, {
        taxRateId: reduced.id,
      });
      wine = await newProduct(shop, 'Wine', 199, { taxRateId: standard.id });
      bread = await newProduct(shop, 'Bread', 333, { categoryId: bakery.id });
      cheese = await newProduct(shop, 'Cheese', 1001, { taxRateId: standard.id });
      await setTax(shop, { pricesIncludeTax: false, taxRounding: 'line' });
    });

    const items = () => [
      { productId: wine.id, quantity: 3 },
      { productId: bread.id, quantity: 1 },
      { productId: cheese.id, quantity: 1 },
    ];

    it('shows each product with the rate it sells at in the public catalogue', async () => {
      const { products } = (await inject('GET', `/merchants/${shop.slug}/products`, customer)).json<{
        products: Product[];
      }>();
      const rateOf = (id: string) => products.find((product) => product.id === id)?.taxRate;
      expect(rateOf(wine.id)).toEqual({ id: standard.id, name: 'Standard', ratePpm: 200_000 });
      expect(rateOf(bread.id)).toEqual({ id: reduced.id, name: 'Reduced', ratePpm: 55_000 });
    });

    it('charges net plus tax rounded on each line', async () => {
      const order = await place(shop, items());
      // Wine 3 × 1.99 = 5.97, tax 1.194 → 1.19; bread 3.33, tax 0.183 → 0.18; cheese 10.01, tax 2.002 → 2.00.
      expect(order).toMatchObject({
        pricesIncludeTax: false,
        taxMinor: 119 + 18 + 200,
        totalMinor: 597 + 333 + 1001 + 337,
      });
      expect(order.items.find((item) => item.productId === wine.id)).toMatchObject({
        unitPriceMinor: 199,
        quantity: 3,
        amountMinor: 597,
        taxRate: { id: standard.id, name: 'Standard', ratePpm: 200_000 },
        taxMinor: 119,
        netMinor: 597,
      });
      expect(order.taxes).toEqual([
        {
          taxRate: { id: reduced.id, name: 'Reduced', ratePpm: 55_000 },
          netMinor: 333,
          taxMinor: 18,
          grossMinor: 351,
        },
        {
          taxRate: { id: standard.id, name: 'Standard', ratePpm: 200_000 },
          netMinor: 1598,
          taxMinor: 319,
          grossMinor: 1917,
        },
      ]);
      addsUp(order);
      await readBack(shop, order);
    });

    it('charges net plus tax rounded once per rate on its total when the shop says so', async () => {
      await setTax(shop, { taxRounding: 'total' });
      const order = await place(shop, items());
      // At 20 %: (5.97 + 10.01) × 0.2 = 3.196 → 3.20, shared over its lines; at 5.5 %: 0.183 → 0.18.
      expect(order).toMatchObject({
        pricesIncludeTax: false,
        taxMinor: 320 + 18,
        totalMinor: 597 + 333 + 1001 + 338,
      });
      expect(order.taxes.map((entry) => entry.taxMinor)).toEqual([18, 320]);
      addsUp(order);
      await readBack(shop, order);
      await setTax(shop, { taxRounding: 'line' });
    });

    it('keeps the rate as sold when the rate changes afterwards', async () => {
      const order = await place(shop, [{ productId: cheese.id, quantity: 1 }]);
      await created('PATCH', `/merchants/${shop.slug}/tax-rates/${standard.id}`, shop.owner, {
        name: 'Standard (old)',
      });
      const read = (await inject('GET', `/orders/${order.id}`, customer)).json<Order>();
      expect(read.items[0]!.taxRate).toEqual({ id: standard.id, name: 'Standard', ratePpm: 200_000 });
      expect(read.totalMinor).toBe(1201);
    });
  });

  describe('in a shop whose prices include tax', () => {
    it('charges the shelf price and records the tax inside it', async () => {
      const shop = await createShop(testApp, { suppliers: 1, products: 0 });
      const standard = await newRate(shop, 'Standard', 200_000);
      const reduced = await newRate(shop, 'Reduced', 55_000);
      const coat = await newProduct(shop, 'Coat', 1200, { taxRateId: standard.id });
      const book = await newProduct(shop, 'Book', 999, { taxRateId: reduced.id });
      const order = await place(shop, [
        { productId: coat.id, quantity: 2 },
        { productId: book.id, quantity: 1 },
      ]);
      // 24.00 holds 4.00 of tax at 20 %; 9.99 holds 0.5208… → 0.52 at 5.5 %.
      expect(order).toMatchObject({ pricesIncludeTax: true, taxMinor: 400 + 52, totalMinor: 2400 + 999 });
      expect(order.items.find((item) => item.productId === coat.id)).toMatchObject({
        amountMinor: 2400,
        taxMinor: 400,
        netMinor: 2000,
      });
      addsUp(order);
      await readBack(shop, order);
    });
  });

  describe('a product without a rate', () => {
    it('is ordered with tax 0, under either setting', async () => {
      const shop = await createShop(testApp, { suppliers: 1, products: 0 });
      const plain = await newProduct(shop, 'Plain', 500);
      for (const pricesIncludeTax of [true, false]) {
        await setTax(shop, { pricesIncludeTax });
        const order = await place(shop, [{ productId: plain.id, quantity: 2 }]);
        expect(order).toMatchObject({ pricesIncludeTax, taxMinor: 0, totalMinor: 1000 });
        expect(order.items[0]).toMatchObject({
          taxRate: null,
          taxMinor: 0,
          netMinor: 1000,
          amountMinor: 1000,
        });
        expect(order.taxes).toEqual([{ taxRate: null, netMinor: 1000, taxMinor: 0, grossMinor: 1000 }]);
        await readBack(shop, order);
      }
    });
  });

  describe.runIf(engine === 'postgres')('prices changing while orders are placed', () => {
    it('records every order at the price and rate its own lines say, never a mix', async () => {
      const shop = await createShop(testApp, { suppliers: 1, products: 0 });
      const rate = await newRate(shop, 'Standard', 200_000);
      await setTax(shop, { pricesIncludeTax: false });
      let product = await newProduct(shop, 'Kettle', 1000, { taxRateId: rate.id });
      const orders = Array.from({ length: 24 }, () =>
        inject('POST', '/orders', customer, {
          merchantSlug: shop.slug,
          items: [{ productId: product.id, quantity: 1 }],
        }),
      );
      for (let step = 1; step <= 8; step += 1) {
        product = await created<ManagedProduct>(
          'PATCH',
          `/merchants/${shop.slug}/products/${product.id}`,
          shop.owner,
          { version: product.version, priceMinor: 1000 + step * 111 },
        );
      }
      const placed = await Promise.all(orders);
      for (const response of placed) {
        if (response.statusCode === 409) {
          expect(response.json<{ message: string }>().message).toMatch(/changing its prices/);
          continue;
        }
        expect(response.statusCode, response.body).toBe(201);
        const order = response.json<Order>();
        const [line] = order.items;
        const tax = Math.round((line!.unitPriceMinor * 200_000) / 1_000_000);
        expect(line).toMatchObject({ amountMinor: line!.unitPriceMinor, taxMinor: tax });
        expect(order.totalMinor).toBe(line!.unitPriceMinor + tax);
        await readBack(shop, order);
      }
      expect(placed.filter((response) => response.statusCode === 201).length).toBeGreaterThan(0);
    });
  });

  describe('an order placed before orders carried tax', () => {
    it('says it was recorded without tax, its total as it was charged', async () => {
      const shop = await createShop(testApp, { suppliers: 1, products: 0 });
      const rate = await newRate(shop, 'Standard', 200_000);
      const product = await newProduct(shop, 'Lamp', 2500, { taxRateId: rate.id });
      await setTax(shop, { pricesIncludeTax: false });
      const order = await place(shop, [{ productId: product.id, quantity: 1 }]);
      // What migration 0028 leaves on an order it found: no settings, no tax, lines at their amount.
      await testApp.database.db
        .updateTable('orders')
        .set({ prices_include_tax: null, tax_minor: 0, total_minor: 2500 })
        .where('id', '=', order.id)
        .execute();
      await testApp.database.db
        .updateTable('order_items')
        .set({ tax_rate_id: null, tax_rate_name: null, tax_rate_ppm: null, tax_minor: 0, net_minor: 2500 })
        .where('order_id', '=', order.id)
        .execute();
      const read = (await inject('GET', `/orders/${order.id}`, customer)).json<Order>();
      expect(read).toMatchObject({ pricesIncludeTax: null, taxMinor: 0, totalMinor: 2500 });
      expect(read.taxes).toEqual([{ taxRate: null, netMinor: 2500, taxMinor: 0, grossMinor: 2500 }]);
    });
  });
});
