import type { MailMessage, MessageLogEntry, Order } from '@myb/contracts';
import {
  createScratchDatabase,
  serviceUrl,
  startServer,
  waitFor,
  type RunningServer,
  type ScratchDatabase,
} from '@myb/testing';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start`'s mode as a user meets it: the real server (PGlite, the embedded broker, the demo agents
 * inside it, e-mail into the mail folder), changed through its API while it runs.
 */

async function api<T>(
  baseUrl: string,
  path: string,
  init: { method?: string; cookie?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('myb_session='));
  if (!response.ok || !cookie) {
    throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  }
  return cookie.split(';')[0]!;
}

/** The demo's people: Alice runs the shop `acme`, Carol orders, Ada (admin) reads the mail folder. */
async function demoPeople(baseUrl: string) {
  return {
    alice: await signIn(baseUrl, 'alice@acme.example', 'alice-demo-1'),
    carol: await signIn(baseUrl, 'carol@example.com', 'carol-demo-1'),
    ada: await signIn(baseUrl, 'admin@meetyourbusiness.local', 'admin-demo-1'),
  };
}
type People = Awaited<ReturnType<typeof demoPeople>>;

async function orderAndDispatch(baseUrl: string, people: People, productId: string): Promise<Order> {
  const placed = await api<Order>(baseUrl, '/orders', {
    method: 'POST',
    cookie: people.carol,
    body: { merchantSlug: 'acme', items: [{ productId, quantity: 1 }] },
  });
  return api<Order>(baseUrl, `/merchants/acme/orders/${placed.id}/dispatch`, {
    method: 'POST',
    cookie: people.alice,
  });
}

/** What the server said besides its request lines, for a failure's message. */
const said = (server: RunningServer) =>
  server
    .output()
    .split('\n')
    .filter(
      (line) => !line.includes('"msg":"request completed"') && !line.includes('"msg":"incoming request"'),
    )
    .slice(-60)
    .join('\n');

const postgres = serviceUrl('postgres');

// The embedded broker and the demo agents, on PGlite (`npm start`) and on PostgreSQL, whose notices
// travel over the listener's own connection instead of PGlite's in-process ones.
describe.each(postgres ? ['PGlite', 'PostgreSQL'] : ['PGlite'])(
  'the demo agents follow the suppliers while the server runs (embedded broker, %s)',
  (engine) => {
    let server: RunningServer;
    let people: People;
    let database: ScratchDatabase | undefined;

    beforeAll(async () => {
      database = engine === 'PostgreSQL' ? await createScratchDatabase(postgres!) : undefined;
      server = await startServer('agents-follow', database ? { DATABASE_URL: database.url } : {});
      people = await demoPeople(server.url);
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await database?.drop();
    });

    const mailTo = async (address: string) =>
      (await api<{ messages: MailMessage[] }>(server.url, '/mail', { cookie: people.ada })).messages.filter(
        (mail) => mail.to.some((to) => to.includes(address)),
      );
    const orderPage = (id: string) =>
      api<Order>(server.url, `/merchants/acme/orders/${id}`, { cookie: people.alice });

    it("e-mails a supplier added after the start, follows its changed address, and stops a removed supplier's agent", async () => {
      const supplier = await api<{ id: string }>(server.url, '/merchants/acme/suppliers', {
        method: 'POST',
        cookie: people.alice,
        body: { name: 'Late Supplies', slug: 'late-supplies', emails: ['first@late.example'] },
      });
      const product = await api<{ id: string }>(server.url, '/merchants/acme/products', {
        method: 'POST',
        cookie: people.alice,
        body: { sku: 'LATE-1', name: 'Late widget', priceMinor: 250, stock: 100, supplierIds: [supplier.id] },
      });

      const first = await orderAndDispatch(server.url, people, product.id);
      const [mail] = await waitFor(
        async () => {
          const found = await mailTo('first@late.example');
          return found.length > 0 ? found : undefined;
        },
        () => `an e-mail to the new supplier\n${said(server)}`,
      );
      expect(mail?.text).toContain(first.number);
      await waitFor(
        async () => ((await orderPage(first.id)).deliveries[0]?.stage === 'emailed' ? true : undefined),
        "the order page's delivery e-mailed",
      );

      // A changed address is used from the next message on.
      await api(server.url, `/merchants/acme/suppliers/${supplier.id}`, {
        method: 'PATCH',
        cookie: people.alice,
        body: { emails: ['second@late.example'] },
      });
      const second = await orderAndDispatch(server.url, people, product.id);
      const [changed] = await waitFor(
        async () => {
          const found = await mailTo('second@late.example');
          return found.length > 0 ? found : undefined;
        },
        () => `an e-mail to the changed address\n${said(server)}`,
      );
      expect(changed?.text).toContain(second.number);
      expect(await mailTo('first@late.example')).toHaveLength(1);

      // A supplier removed while the server runs: its agent stops.
      const passing = await api<{ id: string }>(server.url, '/merchants/acme/suppliers', {
        method: 'POST',
        cookie: people.alice,
        body: { name: 'Passing Trade', slug: 'passing-trade', emails: ['hello@passing.example'] },
      });
      await waitFor(
        () =>
          /"agent":"acme\.passing-trade"[^\n]*supplier agent starts/.test(server.output()) ? true : undefined,
        () => `the new supplier's agent starting\n${said(server)}`,
      );
      await api(server.url, `/merchants/acme/suppliers/${passing.id}`, {
        method: 'DELETE',
        cookie: people.alice,
      });
      await waitFor(
        () => (/"agent":"acme\.passing-trade"[^\n]*its agent stops/.test(server.output()) ? true : undefined),
        () => `the removed supplier's agent stopping\n${said(server)}`,
      );
    }, 120_000);
  },
);

describe("a message no device takes (embedded mode, the shop's agents stopped)", () => {
  let server: RunningServer;
  let people: People;

  beforeAll(async () => {
    server = await startServer('not-taken', { DEMO_AGENTS: 'false', NOT_TAKEN_WARNING_SECONDS: '2' });
    people = await demoPeople(server.url);
  }, 120_000);
  afterAll(() => server?.stop());

  it('says so on the order page and in Messages once the threshold has passed', async () => {
    const { products } = await api<{ products: { id: string; sku: string }[] }>(
      server.url,
      '/merchants/acme/catalogue',
      {
        cookie: people.alice,
      },
    );
    // The shop's agent subscribed once (its persistent session keeps what it is sent), then stopped.
    const health = await api<{ broker: string }>(server.url, '/health');
    const brokerUrl = /mqtt:\/\/\S+/.exec(health.broker)![0];
    const agent = await mqtt.connectAsync(brokerUrl, {
      clientId: 'myb-agent-acme-stopped',
      clean: false,
      protocolVersion: 4,
    });
    await agent.subscribeAsync('acme/+', { qos: 1 });
    await agent.endAsync();

    const order = await orderAndDispatch(server.url, people, products[0]!.id);
    const warned = await waitFor(
      async () => {
        const deliveries = (
          await api<Order>(server.url, `/merchants/acme/orders/${order.id}`, { cookie: people.alice })
        ).deliveries;
        return deliveries.length > 0 && deliveries.every((delivery) => delivery.notTaken !== null)
          ? deliveries
          : undefined;
      },
      'the warning on every delivery of the order',
      15_000,
    );
    for (const delivery of warned) {
      expect(delivery.stage).toBe('published');
      expect(delivery.notTaken?.seconds).toBeGreaterThanOrEqual(2);
      expect(delivery.notTaken?.message).toMatch(
        /^No device has taken this message for \d+ seconds?: is the supplier's agent running\?$/,
      );
    }
    const { messages } = await api<{ messages: MessageLogEntry[] }>(
      server.url,
      `/merchants/acme/messages?order=${encodeURIComponent(order.number)}`,
      { cookie: people.alice },
    );
    expect(messages).toHaveLength(warned.length);
    for (const message of messages) {
      expect(message.notTaken?.message).toMatch(/^No device has taken this message for \d+ seconds?/);
    }
  }, 60_000);
});
