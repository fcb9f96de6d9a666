import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD_IS_EMAIL, passwordProblem } from '@myb/contracts';
import { startSmtpServer, type LoopbackSmtpServer } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, engines, signUpUser, type TestApp } from '../helper';

describe('the password policy', () => {
  it('refuses short passwords, the e-mail address and the commonest passwords', () => {
    expect(passwordProblem('short')?.message).toBe('Password is too short: 8 characters at least.');
    expect(passwordProblem('Password1')?.message).toMatch(/too common/);
    expect(passwordProblem('zzzzzzzzzz')?.message).toMatch(/too common/);
    expect(passwordProblem('dana.smith@example.com', 'Dana.Smith@example.com')?.message).toBe(PASSWORD_IS_EMAIL);
    expect(passwordProblem('dana.smith', 'dana.smith@example.com')?.message).toBe(PASSWORD_IS_EMAIL);
    expect(passwordProblem('correct horse battery', 'dana@example.com')).toBeNull();
  });
});

describe.each(engines())('password reset by e-mail on %s', (engine) => {
  let smtp: LoopbackSmtpServer;
  let testApp: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await buildTestApp(engine, {
      publicUrl: 'https://shop.example',
      mail: { kind: 'smtp', url: smtp.url, from: 'MeetYourBusiness <accounts@meetyourbusiness.local>' },
    });
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  const post = (url: string, payload: object, cookie?: string) =>
    testApp.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: cookie ? { cookie } : {} });
  const tokenFrom = (text: string) => {
    const match = /https:\/\/shop\.example\/reset-password\?token=([\w-]+)/.exec(text);
    if (!match) {
      throw new Error(`no reset link in: ${text}`);
    }
    return match[1]!;
  };

  it('refuses a common password or the e-mail address at sign-up, next to the field', async () => {
    const common = await post('/auth/sign-up', { email: 'eve@example.com', name: 'Eve', password: 'password123' });
    expect(common.statusCode).toBe(400);
    expect(common.json().issues).toEqual([{ path: 'body.password', message: expect.stringMatching(/too common/) }]);
    const own = await post('/auth/sign-up', { email: 'eve.long@example.com', name: 'Eve', password: 'eve.long@example.com' });
    expect(own.statusCode).toBe(400);
    expect(own.json().issues[0]).toEqual({ path: 'body.password', message: PASSWORD_IS_EMAIL });
  });

  it('e-mails a single-use link that sets the password and ends every session', async () => {
    const user = await signUpUser(testApp);
    const before = smtp.received.length;
    const asked = await post('/auth/password-reset', { email: user.email.toUpperCase() });
    expect(asked.statusCode).toBe(202);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.envelopeTo).toEqual([user.email]);
    expect(mail!.parsed.subject).toBe('Reset your MeetYourBusiness password');
    const token = tokenFrom(mail!.parsed.text ?? '');

    // The token is kept only as a hash.
    const stored = await testApp.database.db.selectFrom('password_resets').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    const weak = await post('/auth/password-reset/confirm', { token, password: 'qwertyuiop' });
    expect(weak.statusCode).toBe(400);
    const ownAddress = await post('/auth/password-reset/confirm', { token, password: user.email });
    expect(ownAddress.statusCode).toBe(400);
    expect(ownAddress.json().issues[0].path).toBe('body.password');

    const done = await post('/auth/password-reset/confirm', { token, password: 'a brand new secret' });
    expect(done.statusCode).toBe(204);
    expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: user.cookie } })).statusCode).toBe(401);
    expect((await post('/auth/sign-in', { email: user.email, password: 'correct horse battery' })).statusCode).toBe(401);
    expect((await post('/auth/sign-in', { email: user.email, password: 'a brand new secret' })).statusCode).toBe(200);

    const again = await post('/auth/password-reset/confirm', { token, password: 'yet another secret' });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/invalid, already used or expired/);
  });

  it('answers 202 for an unknown address and sends nothing', async () => {
    const before = smtp.received.length;
    const known = await signUpUser(testApp);
    expect((await post('/auth/password-reset', { email: 'nobody-here@example.com' })).statusCode).toBe(202);
    // A later reset for a real account arrives first and alone: nothing was sent for the unknown one.
    expect((await post('/auth/password-reset', { email: known.email })).statusCode).toBe(202);
    const received = await smtp.waitFor(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.slice(before).map((m) => m.envelopeTo[0])).toEqual([known.email]);
    expect((await post('/auth/password-reset', { email: 'not an address' })).statusCode).toBe(400);
  });

  it('refuses an expired token and a made-up one', async () => {
    const user = await signUpUser(testApp);
    const before = smtp.received.length;
    await post('/auth/password-reset', { email: user.email });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const token = tokenFrom(mail!.parsed.text ?? '');
    await testApp.database.db
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    expect((await post('/auth/password-reset/confirm', { token, password: 'a brand new secret' })).statusCode).toBe(400);
    expect((await post('/auth/password-reset/confirm', { token: 'made-up', password: 'a brand new secret' })).statusCode).toBe(400);
    expect((await post('/auth/sign-in', { email: user.email, password: 'correct horse battery' })).statusCode).toBe(200);
  });
});

describe('password reset into the mail folder', () => {
  let dir: string;
  let testApp: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'myb-reset-mail-'));
    testApp = await buildTestApp('pglite', { mailDir: dir, mail: { kind: 'folder', dir, from: 'accounts@meetyourbusiness.local' } });
  });
  afterAll(async () => {
    await testApp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the e-mail where the Mail view reads it', async () => {
    const user = await signUpUser(testApp);
    const admin = await signUpUser(testApp, { admin: true });
    await testApp.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: user.email } });
    await expect.poll(async () => (await readdir(dir)).filter((f) => f.endsWith('.eml')).length, { timeout: 5000 }).toBe(1);
    const [file] = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
    expect(await readFile(join(dir, file!), 'utf8')).toContain('/reset-password?token=');
    const view = await testApp.app.inject({ method: 'GET', url: '/api/v1/mail', headers: { cookie: admin.cookie } });
    expect(view.json().messages[0]).toMatchObject({ to: [user.email], subject: 'Reset your MeetYourBusiness password' });
    // A merchant reads the suppliers' mail there, but never someone's reset link.
    const merchant = await signUpUser(testApp, { merchant: true });
    const merchantView = await testApp.app.inject({ method: 'GET', url: '/api/v1/mail', headers: { cookie: merchant.cookie } });
    expect(merchantView.statusCode).toBe(200);
    expect(merchantView.json().messages).toEqual([]);
  });
});
