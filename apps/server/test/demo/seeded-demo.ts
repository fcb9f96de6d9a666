import { afterAll, beforeAll, expect } from 'vitest';
import { seedDemoData, type DemoAccount } from '../../src/demo/seed';
import { buildTestApp, closeCheckingStock, type Engine, type TestApp } from '../helper';

export const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1' };

/**
 * An app on `engine` with the demo seeded once for the describe block it is called in, as `npm start`
 * seeds it, and closed after it with the stock ledger checked; `get` reads a route as someone signed in
 * (Bob, Green Grocer's owner, unless told).
 */
export function seededDemo(engine: Engine) {
  let testApp: TestApp;
  let accounts: DemoAccount[];
  const cookies = new Map<string, Promise<string>>();

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    const seeded = await seedDemoData(testApp.database.db);
    expect(seeded).not.toBeNull();
    accounts = seeded!;
  }, 60_000);
  afterAll(() => closeCheckingStock(testApp));

  async function signIn({ email, password }: { email: string; password: string }): Promise<string> {
    const signedIn = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    return `myb_session=${signedIn.cookies.find((each) => each.name === 'myb_session')!.value}`;
  }

  /** The session cookie of someone signed in once for the block. */
  function cookieOf(as: { email: string; password: string } = BOB): Promise<string> {
    if (!cookies.has(as.email)) {
      cookies.set(as.email, signIn(as));
    }
    return cookies.get(as.email)!;
  }

  return {
    app: () => testApp,
    accounts: () => accounts,
    cookieOf,
    get: async <Body>(url: string, as: { email: string; password: string } = BOB): Promise<Body> => {
      const cookie = await cookieOf(as);
      const response = await testApp.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Body>();
    },
  };
}
