import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oncePerTestRun, serviceUrl, testRunDir } from '@myb/testing';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp, type AppOptions } from '../src/app';
import { openDatabase, type DatabaseHandle } from '../src/db/database';
import type { Database } from '../src/db/schema';
import { migrate } from '../src/db/migrate';
import { createAccessRepository } from '../src/modules/access/access.repository';
import { createAuthService } from '../src/modules/auth/auth.service';
import { hashPassword } from '../src/modules/auth/password';
import { SESSION_COOKIE } from '../src/modules/auth/session-cookie';
import { createSessionsRepository } from '../src/modules/auth/sessions.repository';
import { createUsersRepository, toUser } from '../src/modules/auth/users.repository';
import { startEventPipeline } from '../src/modules/events/pipeline';
import { createStockRepository, movementsInsert } from '../src/modules/stock/stock.repository';

export type Engine = 'pglite' | 'postgres';

/** The engines a suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function engines(): Engine[] {
  return serviceUrl('postgres') ? ['pglite', 'postgres'] : ['pglite'];
}

let migratedPglite: Promise<Blob> | undefined;

/**
 * An empty PGlite database with every migration applied, as its archive: made once per test run (once
 * per process outside one). Each PGlite test database starts from a copy, which takes a fraction of
 * the time of PGlite's initdb and the migrations it replaces.
 */
function migratedPgliteArchive(): Promise<Blob> {
  migratedPglite ??= (async () => {
    const make = async () => {
      const database = await openDatabase({ kind: 'pglite' });
      try {
        await migrate(database);
        return await database.dumpDataDir!();
      } finally {
        await database.close();
      }
    };
    const runDir = testRunDir();
    if (runDir === undefined) {
      return make();
    }
    const file = join(runDir, 'pglite-migrated.tar');
    await oncePerTestRun('pglite-migrated', async () =>
      writeFile(file, Buffer.from(await (await make()).arrayBuffer())),
    );
    return openAsBlob(file);
  })();
  return migratedPglite;
}

/** A fresh, migrated database of its own: in memory for PGlite, a new database on the PostgreSQL server. */
export async function createTestDatabase(engine: Engine): Promise<DatabaseHandle & { url?: string }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', loadDataDir: await migratedPgliteArchive() });
    // A copy of one migrated database, it would share that database's deployment (and so its receipts
    // queue) with every other copy: each test database is a deployment of its own, as a real one is.
    await sql`UPDATE deployment SET id = gen_random_uuid()`.execute(database.db);
    return database;
  }
  const adminUrl = serviceUrl('postgres');
  if (!adminUrl) {
    throw new Error('DATABASE_URL is not set');
  }
  const name = `myb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 20 });
  await migrate(database);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** The application on `database`, as the tests build it; its events wait in the outbox unless `events` is given. */
async function appOn(database: DatabaseHandle, options: Partial<AppOptions>): Promise<FastifyInstance> {
  return buildApp({
    database,
    mailDir: null,
    secureCookies: false,
    events: await startEventPipeline({ database, logger: pino({ enabled: false }), broker: null }),
    brokerDescription: 'none (test)',
    validateReplies: true,
    // Silent but for errors: a 500 in a test prints its cause.
    logger: pino({ level: 'error' }),
    ...options,
  });
}

/**
 * The application on a database of its own; `close` drops both. Its events wait in the outbox (a
 * pipeline without a broker) unless `events` is given.
 */
export async function buildTestApp(engine: Engine, options: Partial<AppOptions> = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const app = await appOn(database, options);
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A second server process, as it were, on the test app's database: for what two processes must share. */
export function buildAnotherInstance(testApp: TestApp, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return appOn(testApp.database, options);
}

export interface SignedInUser {
  id: string;
  email: string;
  cookie: string;
}

let userCounter = 0;

/** Every fixture user's password. */
export const FIXTURE_PASSWORD = 'correct horse battery';
/**
 * Its hash, made once per test process: scrypt costs some 0.2 s of CPU a hash, and fixtures make
 * thousands of users. Signing up itself is tested through the API (test/auth).
 */
let fixturePasswordHash: Promise<string> | undefined;

/**
 * A new user with `roles`, written as signing up writes one (with the fixture password), and a
 * session started for it as signing in starts one; returns its session cookie.
 */
export async function signUpUser(
  testApp: TestApp,
  roles: { admin?: boolean; merchant?: boolean } = {},
): Promise<SignedInUser> {
  userCounter += 1;
  const email = `user${userCounter}-${randomBytes(3).toString('hex')}@example.com`;
  const { db } = testApp.database;
  fixturePasswordHash ??= hashPassword(FIXTURE_PASSWORD);
  const row = await createUsersRepository(db).insert({
    email,
    name: `User ${userCounter}`,
    passwordHash: await fixturePasswordHash,
    isAdmin: roles.admin ?? false,
    isMerchant: roles.merchant ?? false,
  });
  const auth = createAuthService(createUsersRepository(db), createSessionsRepository(db), createAccessRepository(db));
  const { token } = await auth.startSession(toUser(row), { userAgent: 'test fixture' });
  return { id: row.id, email, cookie: `${SESSION_COOKIE}=${token}` };
}

export interface ShopFixture {
  owner: SignedInUser;
  slug: string;
  supplierIds: string[];
  productIds: string[];
}

/**
 * A shop built through the API: `suppliers` suppliers (each with two e-mail addresses) and
 * `products` products with `stock` each, product i supplied by supplier i mod n.
 */
export async function createShop(
  testApp: TestApp,
  options: { slug?: string; suppliers?: number; products?: number; stock?: number; supplierEmails?: (i: number) => string[] } = {},
): Promise<ShopFixture> {
  const owner = await signUpUser(testApp, { merchant: true });
  const slug = options.slug ?? `shop-${randomBytes(4).toString('hex')}`;
  const call = async <T>(method: 'POST', url: string, payload: object): Promise<T> => {
    const response = await testApp.app.inject({ method, url, payload, headers: { cookie: owner.cookie } });
    if (response.statusCode !== 201) {
      throw new Error(`${method} ${url} failed: ${response.statusCode} ${response.body}`);
    }
    return response.json<T>();
  };
  await call('POST', '/api/v1/merchants', { name: `Shop ${slug}`, slug });
  const supplierIds: string[] = [];
  for (let i = 0; i < (options.suppliers ?? 2); i += 1) {
    const emails = options.supplierEmails?.(i) ?? [`a${i}@supplier${i}.example`, `b${i}@supplier${i}.example`];
    const supplier = await call<{ id: string }>('POST', `/api/v1/merchants/${slug}/suppliers`, {
      name: `Supplier ${i}`,
      slug: `supplier-${i}`,
      emails,
    });
    supplierIds.push(supplier.id);
  }
  const productIds: string[] = [];
  for (let i = 0; i < (options.products ?? 3); i += 1) {
    const product = await call<{ id: string }>('POST', `/api/v1/merchants/${slug}/products`, {
      sku: `SKU-${i}`,
      name: `Product ${i}`,
      priceMinor: 100 * (i + 1),
      stock: options.stock ?? 10,
      supplierIds: supplierIds.length > 0 ? [supplierIds[i % supplierIds.length]] : [],
    });
    productIds.push(product.id);
  }
  return { owner, slug, supplierIds, productIds };
}

/** Fails, naming them, if any product's stock is not the sum of its movements (`npm run stock:check`'s check). */
export async function expectStockBalanced(testApp: TestApp): Promise<void> {
  const unbalanced = await createStockRepository(testApp.database.db).unbalanced();
  if (unbalanced.length > 0) {
    throw new Error(`stock differs from the sum of its movements: ${JSON.stringify(unbalanced)}`);
  }
}

/** `testApp.close()` for a suite that changes stock: checks the ledger first (`expectStockBalanced`). */
export async function closeCheckingStock(testApp: TestApp | undefined): Promise<void> {
  if (!testApp) {
    return;
  }
  try {
    await expectStockBalanced(testApp);
  } finally {
    await testApp.close();
  }
}

/**
 * Adds `change` to a product's stock as a correction would, with its movement, on `db` (a transaction
 * if given): for tests that set the scene in SQL without breaking the ledger.
 */
export async function postStockChange(db: Kysely<Database>, productId: string, change: number): Promise<void> {
  await sql`
    WITH adjusted AS (UPDATE products SET stock = stock + ${change}::int WHERE id = ${productId} RETURNING *),
    moved AS (${movementsInsert(
      'adjustment',
      sql`SELECT merchant_id, id AS product_id, ${change}::int AS quantity, NULL::uuid AS document_id, NULL::uuid AS actor_id,
        'correction'::text AS reason, NULL::text AS note, stock AS balance_after, 'test:' || gen_random_uuid() AS idempotency_key
      FROM adjusted`,
    )})
    SELECT 1`.execute(db);
}

/** Brings each product's stock to `stock` by `postStockChange` of the difference. */
export async function setStock(testApp: TestApp, productIds: string[], stock: number): Promise<void> {
  const rows = await testApp.database.db.selectFrom('products').select(['id', 'stock']).where('id', 'in', productIds).execute();
  for (const row of rows) {
    if (row.stock !== stock) {
      await postStockChange(testApp.database.db, row.id, stock - row.stock);
    }
  }
}
