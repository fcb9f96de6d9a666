import { hasServices } from '@myb/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database';
import { placeOrderStatement } from '../src/modules/orders/orders.repository';
import { createTestDatabase } from './helper';

/**
 * The server runs the order's statement as a named one, so after five runs PostgreSQL may keep one
 * generic plan for it, made without the parameters' values. That plan must find the lines' products
 * by key, whatever the size of the catalogue: `force_generic_plan` asks for it at once.
 */
describe.skipIf(!hasServices('order plan', 'postgres'))(
  "the order statement's generic plan on PostgreSQL",
  () => {
    let database: DatabaseHandle & { url?: string };
    let client: pg.Client;
    const PRODUCTS = 1000;

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`
      WITH owner AS (
        INSERT INTO users (email, name) VALUES ('plan@example.com', 'Plan') RETURNING id
      ), shop AS (
        INSERT INTO merchants (slug, name, owner_id) SELECT 'plan-shop', 'Plan shop', id FROM owner RETURNING id
      )
      INSERT INTO products (merchant_id, sku, name, price_minor, stock)
      SELECT shop.id, 'SKU-' || n, 'Product ' || n, 100, 1000 FROM shop, generate_series(1, ${PRODUCTS}) AS n`);
      await client.query('ANALYZE');
    });
    afterAll(async () => {
      await client?.end();
      await database?.close();
    });

    it('looks each line up by key, never scanning the catalogue', async () => {
      const productIds = (
        await client.query<{ id: string }>('SELECT id FROM products ORDER BY sku LIMIT 2')
      ).rows.map((row) => row.id);
      const { sql, parameters } = placeOrderStatement({
        sessionTokenHash: 'no-such-session',
        merchantSlug: 'plan-shop',
        numberPrefix: 'PLAN-',
        lines: productIds.map((productId) => ({ productId, quantity: 1 })),
      }).compile(database.db);
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE place_order AS ${sql}`);
      const literal = (value: unknown) =>
        client.escapeLiteral(Array.isArray(value) ? `{${value.join(',')}}` : String(value));
      const plan = (
        await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE place_order(${parameters.map(literal).join(', ')})`,
        )
      ).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index Scan using products_pkey on products/);
      expect(plan).not.toMatch(/Seq Scan on products/);
    });
  },
);
