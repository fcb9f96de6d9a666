import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredRecords } from '../../src/modules/auth/expired-records';
import { buildTestApp, engines, signUpUser, type SignedInUser, type TestApp } from '../helper';

const hash = () => randomBytes(16).toString('hex');
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

describe.each(engines())('sweeping expired records (%s)', (engine) => {
  let testApp: TestApp;
  let user: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    user = await signUpUser(testApp);
    const { db } = testApp.database;
    await db
      .insertInto('sessions')
      .values([
        { token_hash: hash(), user_id: user.id, expires_at: ago(1000) },
        { token_hash: hash(), user_id: user.id, expires_at: ago(86_400_000) },
      ])
      .execute();
    await db
      .insertInto('password_resets')
      .values([
        { token_hash: hash(), user_id: user.id, expires_at: ago(1000) },
        { token_hash: hash(), user_id: user.id, expires_at: ahead(3_600_000) },
      ])
      .execute();
    const flow = { provider_id: 'google', code_verifier: 'v', nonce: 'n', next_path: '/' };
    await db
      .insertInto('sign_in_flows')
      .values([
        { ...flow, state_hash: hash(), expires_at: ago(1000) },
        { ...flow, state_hash: hash(), expires_at: ahead(600_000) },
      ])
      .execute();
  });

  afterAll(() => testApp?.close());

  it('deletes what has expired and keeps what has not; the signed-in user stays signed in', async () => {
    const { db } = testApp.database;
    expect(await sweepExpiredRecords(db)).toEqual({ sessions: 2, passwordResets: 1, signInFlows: 1 });
    expect(await db.selectFrom('sessions').select('user_id').execute()).toHaveLength(1);
    expect(await db.selectFrom('password_resets').select('user_id').execute()).toHaveLength(1);
    expect(await db.selectFrom('sign_in_flows').select('state_hash').execute()).toHaveLength(1);
    const me = await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie: user.cookie } });
    expect(me.statusCode).toBe(200);
    expect(await sweepExpiredRecords(db)).toEqual({ sessions: 0, passwordResets: 0, signInFlows: 0 });
  });
});
