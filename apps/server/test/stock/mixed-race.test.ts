import { randomUUID } from 'node:crypto';
import type { StockCount } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  expectStockBalanced,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

/**
 * The ledger under everything at once: 200 operations fired together — orders, orders cancelled as
 * soon as placed, adjustments (some sent twice with one key), and a count applied in the middle by
 * three people pressing Apply — in rounds. After each round: no stock below zero, every product's
 * movements sum to its stock and each step's balance follows from the one before, and every
 * document moved stock exactly once.
 */
const ROUNDS = 3;
const OPERATIONS = 200;

describe.each(engines())('the stock ledger under 200 mixed operations at once on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let customers: SignedInUser[];

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { suppliers: 1, products: 6, stock: 40 });
    customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
  });
  afterAll(() => closeCheckingStock(testApp));

  const call = (method: 'GET' | 'POST', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });

  it('never goes below zero, never moves a document twice, and keeps every balance the sum of its movements', async () => {
    const tally: Record<string, number> = {};
    const note = (what: string) => {
      tally[what] = (tally[what] ?? 0) + 1;
    };
    const placed: { id: string; lines: Map<string, number> }[] = [];
    const cancelled: string[] = [];
    const adjustmentAnswers = new Map<string, number[]>();

    for (let round = 0; round < ROUNDS; round += 1) {
      const started = await call('POST', `/merchants/${shop.slug}/stock-counts`, shop.owner, {
        idempotencyKey: randomUUID(),
        name: `Round ${round}`,
      });
      expect(started.statusCode, started.body).toBe(201);
      const count = started.json<StockCount>();
      // The shelves hold a little more or less than the ledger says.
      for (const [index, line] of count.lineItems.entries()) {
        const entered = await call(
          'POST',
          `/merchants/${shop.slug}/stock-counts/${count.id}/entries`,
          shop.owner,
          {
            productId: line.product.id,
            mode: 'set',
            quantity: line.expected + (index % 3) - 1 + 4,
            idempotencyKey: randomUUID(),
          },
        );
        expect(entered.statusCode, entered.body).toBe(201);
      }

      const product = (i: number) => shop.productIds[(i * 7 + round) % shop.productIds.length]!;
      const operations: (() => Promise<void>)[] = [];
      for (let i = 0; operations.length < OPERATIONS; i += 1) {
        const customer = customers[i % customers.length]!;
        if (i === OPERATIONS / 2) {
          for (let press = 0; press < 3; press += 1) {
            operations.push(async () => {
              const applied = await call(
                'POST',
                `/merchants/${shop.slug}/stock-counts/${count.id}/apply`,
                shop.owner,
              );
              expect([200, 409], applied.body).toContain(applied.statusCode);
              note(`count apply ${applied.statusCode}`);
            });
          }
        } else if (i % 4 === 0 || i % 4 === 1) {
          operations.push(async () => {
            const lines = new Map([
              [product(i), 1 + (i % 3)],
              [product(i + 1), 1],
            ]);
            const response = await call('POST', '/orders', customer, {
              merchantSlug: shop.slug,
              items: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
            });
            expect([201, 409], response.body).toContain(response.statusCode);
            note(`order ${response.statusCode}`);
            if (response.statusCode !== 201) {
              return;
            }
            const { id } = response.json<{ id: string }>();
            placed.push({ id, lines });
            if (i % 4 === 1) {
              const cancel = await call('POST', `/orders/${id}/cancel`, customer, {
                reason: 'changed my mind',
              });
              expect(cancel.statusCode, cancel.body).toBe(200);
              note('cancel 200');
              cancelled.push(id);
            }
          });
        } else {
          const change = i % 4 === 2 ? 1 + (i % 5) : -(1 + (i % 2));
          const body = { change, reason: change > 0 ? 'found' : 'lost', idempotencyKey: randomUUID() };
          // Every fifth adjustment is sent twice at once, as a retry would.
          const sends = i % 5 === 0 ? 2 : 1;
          for (let send = 0; send < sends; send += 1) {
            operations.push(async () => {
              const response = await call(
                'POST',
                `/merchants/${shop.slug}/products/${product(i)}/stock-adjustments`,
                shop.owner,
                body,
              );
              expect([201, 409], response.body).toContain(response.statusCode);
              note(`adjustment ${response.statusCode}`);
              adjustmentAnswers.set(body.idempotencyKey, [
                ...(adjustmentAnswers.get(body.idempotencyKey) ?? []),
                response.statusCode,
              ]);
            });
          }
        }
      }
      await Promise.all(operations.map((operation) => operation()));
      expect(tally['count apply 200'], 'one apply per round').toBe(round + 1);
      await expectStockBalanced(testApp);
    }

    const db = testApp.database.db;
    const stocks = await db
      .selectFrom('products')
      .select(['id', 'stock'])
      .where(
        'merchant_id',
        '=',
        (
          await db
            .selectFrom('merchants')
            .select('id')
            .where('slug', '=', shop.slug)
            .executeTakeFirstOrThrow()
        ).id,
      )
      .execute();
    expect(stocks.filter((row) => row.stock < 0)).toEqual([]);

    // Read down each product's history: each balance is the one before plus its quantity.
    const movements = await db
      .selectFrom('stock_movements')
      .select(['product_id', 'type', 'document_id', 'quantity', 'balance_after'])
      .where('product_id', 'in', shop.productIds)
      .orderBy('position')
      .execute();
    const last = new Map<string, number>();
    for (const movement of movements) {
      expect(movement.balance_after, `${movement.type} of ${movement.product_id}`).toBe(
        (last.get(movement.product_id) ?? 0) + movement.quantity,
      );
      last.set(movement.product_id, movement.balance_after);
    }

    // Every order's lines moved once, every cancellation's once, every count's product at most once.
    const moved = (type: string, documentId: string) =>
      movements.filter((movement) => movement.type === type && movement.document_id === documentId);
    for (const order of placed) {
      expect(
        moved('order', order.id)
          .map((movement) => [movement.product_id, -movement.quantity])
          .sort(),
      ).toEqual([...order.lines].sort());
      expect(moved('cancellation', order.id)).toHaveLength(
        cancelled.includes(order.id) ? order.lines.size : 0,
      );
    }
    const countMoves = movements.filter((movement) => movement.type === 'count');
    expect(new Set(countMoves.map((movement) => `${movement.document_id}:${movement.product_id}`)).size).toBe(
      countMoves.length,
    );
    // An adjustment accepted at least once, however often it was sent, is one movement; one never accepted, none.
    const adjustmentKeys = await db
      .selectFrom('stock_movements')
      .select('idempotency_key')
      .where('type', '=', 'adjustment')
      .where('product_id', 'in', shop.productIds)
      .execute();
    const recorded = adjustmentKeys.map((row) => row.idempotency_key.split(':').at(-1)!).sort();
    const accepted = [...adjustmentAnswers]
      .filter(([, answers]) => answers.includes(201))
      .map(([key]) => key)
      .sort();
    expect(recorded).toEqual(accepted);
    console.log(
      `${engine}: ${ROUNDS} rounds of ${OPERATIONS} operations`,
      tally,
      `${movements.length} movements`,
    );
  }, 240_000);
});
