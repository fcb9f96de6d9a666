import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SHOP_TOPIC_ROUTES,
  SHOP_TOPICS,
  type LiveChange,
  type Role,
  type ShopRole,
  type ShopTopic,
} from '@myb/contracts';
import { createMailer } from '@myb/mail';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heardBy } from '../../src/modules/live/live-viewer';
import {
  buildAnotherInstance,
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

interface Heard {
  type: string;
  id: string;
  change: LiveChange | null;
}

/** A browser's stream: every event it hears, in order, and a way to wait for the one wanted. */
interface Stream {
  heard: Heard[];
  next(wanted: (event: Heard) => boolean, what: string): Promise<Heard>;
  close(): void;
}

/** Opens `/live` as a browser would (EventSource, reconnecting with Last-Event-ID), with `as`'s cookie. */
function openStream(
  base: string,
  as: SignedInUser,
  { shop, lastEventId }: { shop?: string; lastEventId?: string } = {},
) {
  const heard: Heard[] = [];
  const waiting: { wanted: (event: Heard) => boolean; resolve: (event: Heard) => void }[] = [];
  const url = `${base}/api/v1/live${shop ? `?shop=${shop}` : ''}`;
  let first = true;
  const source = new EventSource(url, {
    fetch: (input, init) => {
      const headers = { ...init?.headers, cookie: as.cookie } as Record<string, string>;
      if (first && lastEventId !== undefined) {
        headers['last-event-id'] = lastEventId;
      }
      first = false;
      return fetch(input, { ...init, headers });
    },
  });
  const hear = (type: string) => (event: MessageEvent) => {
    const one: Heard = {
      type,
      id: event.lastEventId,
      change: type === 'change' ? (JSON.parse(event.data as string) as LiveChange) : null,
    };
    heard.push(one);
    for (const wait of [...waiting]) {
      if (wait.wanted(one)) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(one);
      }
    }
  };
  for (const type of ['ready', 'change', 'reset']) {
    source.addEventListener(type, hear(type));
  }
  const stream: Stream = {
    heard,
    next: (wanted, what) =>
      new Promise((resolve, reject) => {
        const found = heard.find(wanted);
        if (found) {
          resolve(found);
          return;
        }
        const timer = setTimeout(
          () => reject(new Error(`no event: ${what}; heard ${JSON.stringify(heard)}`)),
          10_000,
        );
        waiting.push({ wanted, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      }),
    close: () => source.close(),
  };
  return stream;
}

const shopHeard = (topic: ShopTopic) => (event: Heard) => event.change?.shop.includes(topic) ?? false;

describe.each(engines())('live streams on %s', (engine: Engine) => {
  let testApp: TestApp;
  let base: string;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let manager: SignedInUser;
  let customer: SignedInUser;
  let supplierPerson: SignedInUser;
  const streams: Stream[] = [];
  const open = (as: SignedInUser, options: { shop?: string; lastEventId?: string } = {}) => {
    const stream = openStream(base, as, options);
    streams.push(stream);
    return stream;
  };
  const call = (method: 'GET' | 'POST', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const adjust = async (of: ShopFixture, change: number) => {
    const response = await call(
      'POST',
      `/merchants/${of.slug}/products/${of.productIds[0]}/stock-adjustments`,
      of.owner,
      {
        change,
        reason: 'correction',
      },
    );
    expect(response.statusCode, response.body).toBe(201);
  };
  const ready = (stream: Stream) => stream.next((event) => event.type === 'ready', 'ready');

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    base = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    [shop, otherShop] = await Promise.all([
      createShop(testApp, { suppliers: 1 }),
      createShop(testApp, { suppliers: 1 }),
    ]);
    [cashier, manager, customer, supplierPerson] = await Promise.all([
      signUpUser(testApp),
      signUpUser(testApp),
      signUpUser(testApp),
      signUpUser(testApp),
    ]);
    for (const [person, role] of [
      [cashier, 'cashier'],
      [manager, 'manager'],
    ] as const) {
      const added = await call('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
        email: person.email,
        role,
      });
      expect(added.statusCode, added.body).toBe(200);
    }
    await testApp.database.db
      .insertInto('supplier_members')
      .values({ supplier_id: shop.supplierIds[0]!, user_id: supplierPerson.id })
      .execute();
    // What setting the scene changed is told before any stream opens, so each test hears its own.
    await testApp.app.liveFeed.flush();
  });
  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await closeCheckingStock(testApp);
  });

  it("tells the shop's staff what changed, each only the topics whose routes they may read, and nothing of another shop", async () => {
    const owner = open(shop.owner, { shop: shop.slug });
    const atCashier = open(cashier, { shop: shop.slug });
    const other = open(otherShop.owner, { shop: otherShop.slug });
    await Promise.all([ready(owner), ready(atCashier), ready(other)]);

    await adjust(shop, -1);
    const ownerHeard = await owner.next(shopHeard('stock'), "the owner hears of the shop's stock");
    expect(ownerHeard.change).toEqual({
      shop: ['catalogue', 'dashboard', 'stock'],
      supplier: [],
      personal: [],
      deployment: [],
    });
    // The cashier may read the catalogue (its stock) but not the movements or the dashboard.
    const cashierHeard = await atCashier.next(shopHeard('catalogue'), 'the cashier hears of the catalogue');
    expect(cashierHeard.change).toEqual({ shop: ['catalogue'], supplier: [], personal: [], deployment: [] });

    // What each heard is what each may read: the topic's route answers them 200, or 403.
    for (const topic of ['catalogue', 'dashboard', 'stock'] as const) {
      const path = SHOP_TOPIC_ROUTES[topic].path.replace(':merchantSlug', shop.slug);
      const readByCashier = (await call('GET', path, cashier)).statusCode;
      expect(readByCashier, topic).toBe(cashierHeard.change!.shop.includes(topic) ? 200 : 403);
      expect((await call('GET', path, shop.owner)).statusCode, topic).toBe(200);
    }

    // The other shop hears of its own change, and of nothing before it.
    await adjust(otherShop, 1);
    await other.next(shopHeard('stock'), "the other owner hears of their own shop's stock");
    expect(other.heard.filter((event) => event.type === 'change')).toHaveLength(1);
  });

  it("tells a customer of their own order, the shop of a new order, and a supplier's people of their messages", async () => {
    const mine = open(customer);
    const theirs = open(otherShop.owner);
    const owner = open(shop.owner, { shop: shop.slug });
    const supplier = open(supplierPerson);
    await Promise.all([ready(mine), ready(theirs), ready(owner), ready(supplier)]);

    const placed = await call('POST', '/orders', customer, {
      merchantSlug: shop.slug,
      items: [{ productId: shop.productIds[0], quantity: 1 }],
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(
      (await mine.next((event) => event.change?.personal.includes('myOrders') ?? false, 'my orders')).change,
    ).toEqual({ shop: [], supplier: [], personal: ['myOrders'], deployment: [] });
    await owner.next(shopHeard('orders'), 'the shop hears of the order');

    const dispatched = await call(
      'POST',
      `/merchants/${shop.slug}/orders/${placed.json<{ id: string }>().id}/dispatch`,
      shop.owner,
    );
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(
      (
        await supplier.next(
          (event) => event.change?.supplier.includes('supplierMessages') ?? false,
          'supplier messages',
        )
      ).change,
    ).toEqual({ shop: [], supplier: ['supplierMessages'], personal: [], deployment: [] });

    // Another person's stream heard nothing of it: counted once the supplier had heard.
    await adjust(otherShop, 1);
    expect(theirs.heard.filter((event) => event.type === 'change')).toEqual([]);
  });

  it("tells each role of every shop topic exactly when the topic's route answers them", async () => {
    const people: [ShopRole, SignedInUser][] = [
      ['owner', shop.owner],
      ['manager', manager],
      ['cashier', cashier],
    ];
    const shopId = (
      await testApp.database.db
        .selectFrom('merchants')
        .select('id')
        .where('slug', '=', shop.slug)
        .executeTakeFirstOrThrow()
    ).id;
    const mismatches: string[] = [];
    for (const topic of SHOP_TOPICS) {
      const path = SHOP_TOPIC_ROUTES[topic].path.replace(':merchantSlug', shop.slug);
      for (const [role, person] of people) {
        const status = (await call('GET', path, person)).statusCode;
        const heard = heardBy(
          { userId: person.id, roles: [], shop: { id: shopId, role }, supplierIds: new Set() },
          [{ id: 1, merchant_id: shopId, supplier_id: null, user_id: null, topic }],
        );
        const hears = heard?.shop.includes(topic) ?? false;
        if (hears !== (status === 200)) {
          mismatches.push(
            `${role} ${hears ? 'hears' : 'does not hear'} ${topic}, whose route answers ${status}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('tells a browser that reconnects what it missed since its Last-Event-ID, or to read everything again', async () => {
    const first = open(shop.owner, { shop: shop.slug });
    const { id } = await ready(first);
    first.close();
    await adjust(shop, 2);
    await testApp.app.liveFeed.flush();

    const again = open(shop.owner, { shop: shop.slug, lastEventId: id });
    const missed = await again.next(shopHeard('stock'), 'what was missed');
    expect(Number(missed.id)).toBeGreaterThan(Number(id));
    expect(again.heard.map((event) => event.type)).toEqual(['change']);

    // Changes older than those kept: the browser reads everything again.
    const oldest = await testApp.database.db
      .selectFrom('live_changes')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    await testApp.database.db.deleteFrom('live_changes').where('id', '<', Number(oldest.id)).execute();
    const stale = open(shop.owner, { shop: shop.slug, lastEventId: '0' });
    await stale.next((event) => event.type === 'reset', 'reset');
  });

  it('refuses a stream with a sentence: no sign-in, another shop, an unknown shop, a bad Last-Event-ID', async () => {
    const get = (headers: Record<string, string>, query = '') =>
      fetch(`${base}/api/v1/live${query}`, { headers });
    const answers = await Promise.all([
      get({}),
      get({ cookie: cashier.cookie }, `?shop=${otherShop.slug}`),
      get({ cookie: shop.owner.cookie }, `?shop=no-such-${randomUUID().slice(0, 8)}`),
      get({ cookie: shop.owner.cookie, 'last-event-id': 'yesterday' }, `?shop=${shop.slug}`),
      get({ cookie: shop.owner.cookie }, `?shop=${'x'.repeat(101)}`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([401, 403, 404, 400, 400]);
    for (const answer of answers) {
      const body = (await answer.json()) as { message: string };
      expect(body.message).toMatch(/^[A-Z].+\.$/);
    }
  });

  it('tells those who may read the mail folder, and nobody else, when a message lands in it', async () => {
    const mailDir = await mkdtemp(join(tmpdir(), 'myb-live-mail-'));
    const withFolder = await buildAnotherInstance(testApp, { mailDir });
    try {
      const folderBase = await withFolder.listen({ port: 0, host: '127.0.0.1' });
      const owner = openStream(folderBase, shop.owner, { shop: shop.slug });
      const atCashier = openStream(folderBase, cashier, { shop: shop.slug });
      streams.push(owner, atCashier);
      await Promise.all([ready(owner), ready(atCashier)]);

      // Written as the agents write mail: a hidden temporary file, renamed when complete.
      const mailer = createMailer({ kind: 'folder', dir: mailDir, from: 'agent@supplier.example' });
      await mailer.send({
        to: 'ann@supplier.example',
        subject: 'Order A-1',
        text: 'Two crates',
        html: '<p>Two crates</p>',
        messageId: `<${randomUUID()}@test>`,
        headers: {},
      });
      mailer.close();
      const ownerHeard = await owner.next(
        (event) => event.change?.deployment.includes('mail') ?? false,
        'the owner hears of the new mail',
      );
      expect(ownerHeard.change).toEqual({ shop: [], supplier: [], personal: [], deployment: ['mail'] });
      const mail = await withFolder.inject({
        method: 'GET',
        url: '/api/v1/mail',
        headers: { cookie: shop.owner.cookie },
      });
      expect(
        mail.json<{ messages: { subject: string }[] }>().messages.map((message) => message.subject),
      ).toEqual(['Order A-1']);

      // The cashier, who may not read the folder, heard nothing of it: counted once a later change reached them.
      await adjust(shop, -1);
      await atCashier.next(shopHeard('catalogue'), 'the cashier hears of the later stock change');
      expect(atCashier.heard.filter((event) => event.change?.deployment.length)).toEqual([]);

      // Who hears the folder is who may read it: its route answers them 200, or 403.
      const admin = await signUpUser(testApp, { admin: true });
      for (const person of [shop.owner, admin, cashier, customer, supplierPerson]) {
        const status = (
          await withFolder.inject({ method: 'GET', url: '/api/v1/mail', headers: { cookie: person.cookie } })
        ).statusCode;
        const { roles } = (
          await withFolder.inject({
            method: 'GET',
            url: '/api/v1/auth/session',
            headers: { cookie: person.cookie },
          })
        ).json<{ user: { roles: Role[] } }>().user;
        const heard = heardBy({ userId: person.id, roles, shop: null, supplierIds: new Set() }, [
          { id: 1, merchant_id: null, supplier_id: null, user_id: null, topic: 'mail' },
        ]);
        expect(heard !== null, `${person.email}: the mail folder answers ${status}`).toBe(status === 200);
      }
    } finally {
      await withFolder.close();
      await rm(mailDir, { recursive: true, force: true });
    }
  });

  it.runIf(engine === 'postgres')(
    'tells a stream on one server process what another process wrote',
    async () => {
      const second = await buildAnotherInstance(testApp);
      try {
        const secondBase = await second.listen({ port: 0, host: '127.0.0.1' });
        const onSecond = openStream(secondBase, shop.owner, { shop: shop.slug });
        try {
          await ready(onSecond);
          await adjust(shop, -1); // through the first process
          await onSecond.next(shopHeard('stock'), 'the second process hears of it');
        } finally {
          onSecond.close();
        }
      } finally {
        await second.close();
      }
    },
  );
});
