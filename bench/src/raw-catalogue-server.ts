/**
 * The raw limit for catalogue reads: bare Fastify, one named node-postgres query per request, no schema,
 * no logging, answering with the same JSON the product's routes do. Run as a child process.
 */
import Fastify from 'fastify';
import pg from 'pg';

const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), types });

const SELECT = `SELECT p.id, p.sku, p.name, p.description, p.price_minor, m.currency, p.stock, p.category_id
  FROM products p JOIN merchants m ON m.id = p.merchant_id WHERE m.slug = $1`;

// Named statements, parsed once per connection, as the product runs its hot statements.
const LIST = `${SELECT} ORDER BY p.name, p.sku`;
const ONE = `${SELECT} AND p.id = $2`;

const toProduct = (row: Record<string, unknown>) => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  priceMinor: row.price_minor,
  currency: row.currency,
  stock: row.stock,
  categoryId: row.category_id,
});

const app = Fastify({ logger: false });

app.get<{ Params: { slug: string } }>('/merchants/:slug/products', async (request) => {
  const { rows } = await pool.query<Record<string, unknown>>({ name: 'list', text: LIST, values: [request.params.slug] });
  return { products: rows.map(toProduct) };
});

app.get<{ Params: { slug: string; id: string } }>('/merchants/:slug/products/:id', async (request, reply) => {
  const { rows } = await pool.query<Record<string, unknown>>({ name: 'one', text: ONE, values: [request.params.slug, request.params.id] });
  return rows[0] ? toProduct(rows[0]) : reply.status(404).send({ error: 'not found' });
});

app.get('/health', () => ({ status: 'ok' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.once('SIGTERM', () => {
  void app.close().then(() => pool.end()).then(() => process.exit(0));
});
