import { hasServices } from '@myb/testing';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import type { Database } from '../../src/db/schema';
import { createCatalogueRepository } from '../../src/modules/catalogue/catalogue.repository';
import { createEventsRepository } from '../../src/modules/events/events.repository';
import { createOrdersRepository, placeOrdersStatement } from '../../src/modules/orders/orders.repository';
import { createSalesListRepository } from '../../src/modules/sales/sales.repository';
import { createTestDatabase } from '../helper';

/**
 * The server runs its hot statements as named ones, so after five runs PostgreSQL may keep one
 * generic plan for each, made without the parameters' values. Those plans must find rows by key,
 * whatever the size of the catalogue and of the order history: `force_generic_plan` asks for them
 * at once, on a shop of a thousand products and twenty thousand orders.
 */
describe.skipIf(!hasServices('statement plans', 'postgres'))(
  'generic plans of the hot statements on PostgreSQL',
  () => {
    let database: DatabaseHandle & { url?: string };
    let client: pg.Client;

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`
      WITH owner AS (INSERT INTO users (email, name) VALUES ('plan@example.com', 'Plan') RETURNING id),
      shop AS (INSERT INTO merchants (slug, name, owner_id) SELECT 'plan-shop', 'Plan shop', id FROM owner RETURNING id),
      products AS (
        INSERT INTO products (merchant_id, sku, name, price_minor, stock)
        SELECT shop.id, 'SKU-' || n, 'Product ' || n, 100, 1000 FROM shop, generate_series(1, 1000) AS n RETURNING id
      ),
      suppliers AS (
        INSERT INTO suppliers (merchant_id, slug, name, emails)
        SELECT shop.id, 'supplier-' || n, 'Supplier ' || n, ARRAY['supplier-' || n || '@example.com'] FROM shop, generate_series(1, 4) AS n
        RETURNING id
      )
      INSERT INTO product_suppliers (product_id, supplier_id)
      SELECT products.id, (SELECT id FROM suppliers ORDER BY id LIMIT 1 OFFSET abs(hashtext(products.id::text)) % 4) FROM products`);
      await client.query(`
      WITH placed AS (
        INSERT INTO orders (merchant_id, customer_id, number, prices_include_tax, tax_minor, total_minor)
        SELECT merchants.id, merchants.owner_id, 'PLAN-' || n, true, 0, 200 FROM merchants, generate_series(1, 20000) AS n RETURNING id, number
      )
      INSERT INTO order_items (order_id, product_id, sku, name, unit_price_minor, quantity, amount_minor, tax_minor, net_minor)
      SELECT placed.id, p.id, p.sku, p.name, 100, 1, 100, 0, 100 FROM placed
      CROSS JOIN LATERAL (SELECT split_part(placed.number, '-', 2)::int AS n) AS serial
      JOIN products p ON p.sku IN ('SKU-' || (serial.n % 1000 + 1), 'SKU-' || ((serial.n + 500) % 1000 + 1))`);
      await client.query(`
      INSERT INTO sessions (token_hash, user_id, expires_at, user_agent)
      SELECT 'session-' || n, users.id, now() + interval '1 day', 'plan' FROM users, generate_series(1, 5000) AS n`);
      await client.query('ANALYZE');
      await client.query('SET plan_cache_mode = force_generic_plan');
    });
    afterAll(async () => {
      await client?.end();
      await database?.close();
    });

    /** The plan PostgreSQL keeps for the compiled statement as a named one, for its parameters. */
    async function genericPlan(name: string, { sql, parameters }: CompiledQuery): Promise<string> {
      await client.query(`PREPARE ${name} AS ${sql}`);
      const literal = (value: unknown) =>
        client.escapeLiteral(
          Array.isArray(value)
            ? `{${(value as (string | number | boolean | null)[]).map((item) => (item === null ? 'NULL' : String(item))).join(',')}}`
            : String(value),
        );
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN EXECUTE ${name}(${parameters.map(literal).join(', ')})`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }

    it('places orders by looking each line up by key, never scanning the catalogue', async () => {
      const productIds = (
        await client.query<{ id: string }>('SELECT id FROM products ORDER BY sku LIMIT 6')
      ).rows.map((row) => row.id);
      const statement = placeOrdersStatement(
        [0, 2, 4].map((first) => ({
          sessionTokenHash: 'no-such-session',
          merchantSlug: 'plan-shop',
          numberPrefix: 'PLAN-',
          pricesIncludeTax: true,
          taxRounding: 'line' as const,
          taxMinor: 0,
          totalMinor: 2,
          lines: productIds.slice(first, first + 2).map((productId) => ({
            productId,
            quantity: 1,
            unitPriceMinor: 1,
            taxRate: null,
            amountMinor: 1,
            taxMinor: 0,
            netMinor: 1,
          })),
        })),
      ).compile(database.db);
      const plan = await genericPlan('place_order', statement);
      expect(plan).toMatch(/Index Scan using products_pkey on products/);
      expect(plan).not.toMatch(/Seq Scan on products/);
    });

    /** Runs `work` on a Kysely of its own, and returns the compiled form of the first statement it ran. */
    async function compiledBy(work: (db: Kysely<Database>) => Promise<void>): Promise<CompiledQuery> {
      const compiled: CompiledQuery[] = [];
      const logged = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
        log: (event) => {
          compiled.push(event.query);
        },
      });
      try {
        await work(logged);
      } finally {
        await logged.destroy();
      }
      return compiled[0]!;
    }

    it('reads an order to dispatch, its lines and their suppliers by key', async () => {
      // The read is built inside the repository: its compiled form is taken from Kysely's log.
      const orderId = (await client.query<{ id: string }>('SELECT id FROM orders LIMIT 1')).rows[0]!.id;
      const read = await compiledBy(async (db) => {
        const view = await createOrdersRepository(db).dispatchView('plan-shop', orderId, {
          kind: 'session',
          tokenHash: 'no-such-session',
        });
        expect(view.order?.id).toBe(orderId);
      });
      const plan = await genericPlan('dispatch_view', read);
      expect(plan).toMatch(/Index Scan using orders_pkey on orders/);
      expect(plan).toMatch(/on order_items_pkey/);
      expect(plan).toMatch(/using product_suppliers_pkey on product_suppliers/);
      expect(plan).not.toMatch(/Seq Scan on (orders|order_items|products|product_suppliers)\b/);
    });

    it('closes the orders of several dispatches by key', async () => {
      const { rows } = await client.query<{ id: string; merchant_id: string }>(
        "SELECT id, merchant_id FROM orders WHERE status = 'open' LIMIT 3",
      );
      const closings = rows.map((row) => ({ merchantId: row.merchant_id, orderId: row.id, at: new Date() }));
      const close = await compiledBy(async (db) => {
        const { keys } = await createEventsRepository(db).write([], {
          guard: createOrdersRepository(db).closeIfOpen(closings),
        });
        expect(keys.sort()).toEqual(rows.map((row) => row.id).sort());
      });
      const plan = await genericPlan('close_orders', close);
      expect(plan).toMatch(/Index Scan using orders_pkey on orders/);
      expect(plan).not.toMatch(/Seq Scan on orders\b/);
    });

    it("finds a big shop's order by its number without the prefix through the numbers' index, not by reading every order", async () => {
      const merchantId = (
        await client.query<{ id: string }>("SELECT id FROM merchants WHERE slug = 'plan-shop'")
      ).rows[0]!.id;
      // The shop's orders here are numbered PLAN-n; one is numbered as the server numbers them.
      await client.query("UPDATE orders SET number = 'P-12345' WHERE number = 'PLAN-12345'");
      const search = await compiledBy(async (db) => {
        const rows = await createOrdersRepository(db).list({ merchantId, number: '12345', limit: 50 });
        expect(rows.map((row) => row.number)).toEqual(['P-12345']);
      });
      const plan = await genericPlan('order_search', search);
      expect(plan).toMatch(/orders_number_key/);
      expect(plan).not.toMatch(/Seq Scan on orders\b/);
    });

    it('finds the product a scanner read through the barcodes’ index and the lowered SKUs’ one', async () => {
      await client.query("UPDATE products SET barcode = '4006381333931' WHERE sku = 'SKU-7'");
      const merchantId = (
        await client.query<{ id: string }>("SELECT id FROM merchants WHERE slug = 'plan-shop'")
      ).rows[0]!.id;
      const find = await compiledBy(async (db) => {
        expect(
          (await createCatalogueRepository(db).findProductByCode(merchantId, '4006381333931'))?.sku,
        ).toBe('SKU-7');
      });
      const plan = await genericPlan('product_by_code', find);
      expect(plan).toMatch(/products_barcode_idx/);
      expect(plan).toMatch(/products_sku_lower_idx/);
      expect(plan).not.toMatch(/Seq Scan on products\b/);
    });

    it('cancels an order and gives its stock back by key', async () => {
      const { rows } = await client.query<{ id: string; merchant_id: string; owner_id: string }>(
        "SELECT orders.id, orders.merchant_id, merchants.owner_id FROM orders JOIN merchants ON merchants.id = orders.merchant_id WHERE status = 'open' LIMIT 1",
      );
      const [order] = rows;
      const cancel = await compiledBy(async (db) => {
        const by = { userId: order!.owner_id, as: 'shop' as const, reason: 'Plan' };
        expect(
          await createOrdersRepository(db).cancelIfOpen(order!.id, { merchantId: order!.merchant_id }, by),
        ).toBe(true);
      });
      const plan = await genericPlan('cancel_order', cancel);
      expect(plan).toMatch(/Index Scan using orders_pkey on orders/);
      expect(plan).toMatch(/products_pkey/);
      expect(plan).not.toMatch(/Seq Scan on (orders|order_items|products)\b/);
    });

    it("reads a page of a big shop's sales, deep in its history, from both channels' (merchant, created_at) indexes", async () => {
      await client.query(`
      WITH register AS (
        INSERT INTO registers (merchant_id, name, receipt_prefix) SELECT id, 'Counter', 'R1' FROM merchants WHERE slug = 'plan-shop'
        RETURNING id, merchant_id
      ),
      shift AS (
        INSERT INTO register_shifts (merchant_id, register_id, opened_by, opening_float_minor, idempotency_key)
        SELECT register.merchant_id, register.id, merchants.owner_id, 0, 'plan-shift' FROM register JOIN merchants ON merchants.id = register.merchant_id
        RETURNING id, register_id, merchant_id, opened_by
      )
      INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency, prices_include_tax,
        gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest, created_at)
      SELECT gen_random_uuid(), shift.merchant_id, shift.register_id, shift.id, 'R1-' || lpad(n::text, 6, '0'), shift.opened_by, 'EUR',
        true, 100, 0, 0, 100, 0, 'plan', now() - n * interval '1 minute'
      FROM shift, generate_series(1, 20000) AS n`);
      await client.query('ANALYZE register_sales');
      const { rows } = await client.query<{ merchant_id: string; at: string; id: string }>(
        `SELECT merchant_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, id
        FROM register_sales WHERE receipt_number = 'R1-010000'`,
      );
      const [{ merchant_id: merchantId, at, id }] = rows as [(typeof rows)[number]];
      const page = await compiledBy(async (db) => {
        expect(await createSalesListRepository(db).page({ merchantId, before: { at, id }, limit: 51 })).toHaveLength(51);
      });
      const plan = await genericPlan('sales_page', page);
      expect(plan).toMatch(/orders_merchant_id_created_at_idx on orders/);
      expect(plan).toMatch(/register_sales_merchant_idx on register_sales/);
      // Each branch reads its page off the index from the cursor on, in order, and the two are merged:
      // no history is read, then sorted (only the page's own entries are, once named).
      expect(plan.match(/Index Cond: \(\(merchant_id = \$\d+\) AND \(ROW\(created_at, id\) < ROW\(/g)).toHaveLength(2);
      expect(plan).toMatch(/Merge Append/);
      expect(plan).not.toMatch(/Incremental Sort|Seq Scan on (orders|register_sales)\b|Bitmap Heap Scan on (orders|register_sales)/);
    });
  },
);
