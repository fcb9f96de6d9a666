import { randomUUID } from 'node:crypto';
import type { Register, ShiftReport } from '@myb/contracts';
import { startSmtpServer, type LoopbackSmtpServer, type ReceivedMail } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopTime } from '../../src/http/csv';
import {
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

/** Kathmandu is 5 h 45 ahead of UTC: a time written on any other clock shows. */
const TIME_ZONE = 'Asia/Kathmandu';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(engines())("a shift's report by e-mail on %s", (engine: Engine) => {
  let smtp: LoopbackSmtpServer;
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let cashier: SignedInUser;
  let received = 0;
  let registers = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer({
      answer: (recipient) =>
        recipient === 'nobody@example.com' ? { code: 550, message: 'No such user' } : undefined,
    });
    testApp = await buildTestApp(engine, {
      mail: { kind: 'smtp', url: smtp.url, from: 'Shop <shop@meetyourbusiness.local>' },
    });
    [shop, otherShop, cashier] = await Promise.all([
      createShop(testApp, { suppliers: 0, products: 2, stock: 10 }),
      createShop(testApp, { suppliers: 0, products: 1 }),
      signUpUser(testApp),
    ]);
    const added = await call('POST', at('/staff'), { email: cashier.email, role: 'cashier' });
    expect(added.statusCode, added.body).toBe(200);
    const { version } = (await call('GET', at('/settings'))).json<{ version: number }>();
    const zoned = await call('PATCH', at(), { version, timeZone: TIME_ZONE });
    expect(zoned.statusCode, zoned.body).toBe(200);
  });
  afterAll(async () => {
    await closeCheckingStock(testApp);
    await smtp.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    as: SignedInUser = shop.owner,
  ) => testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const at = (path = '') => `/merchants/${shop.slug}${path}`;
  /** The next mail to arrive, sent to `to`. */
  const nextMail = async (to: string): Promise<ReceivedMail> => {
    received += 1;
    const mail = (await smtp.waitFor(received))[received - 1]!;
    expect(mail.envelopeTo).toEqual([to]);
    return mail;
  };

  /**
   * A shift opened by the cashier on €100.00: one sale of 2 × €2.00 paid €5.00 cash (€1.00 change), one
   * of €1.00 by card, €30.00 banked, a line of €1.00 voided.
   */
  const busyShift = async () => {
    registers += 1;
    const register = (
      await call('POST', at('/registers'), { name: `Till ${registers}`, receiptPrefix: `Z${registers}` })
    ).json<Register>();
    const opened = await call(
      'POST',
      at(`/registers/${register.id}/shifts`),
      { openingFloatMinor: 10_000, idempotencyKey: randomUUID() },
      cashier,
    );
    expect(opened.statusCode, opened.body).toBe(201);
    const shift = opened.json<ShiftReport>();
    const [one, two] = shop.productIds as [string, string];
    for (const [lines, tenders, totalMinor] of [
      [[{ productId: two, quantity: 2 }], [{ method: 'cash', amountMinor: 500 }], 400],
      [[{ productId: one, quantity: 1 }], [{ method: 'card', amountMinor: 100 }], 100],
    ] as const) {
      const sold = await call(
        'POST',
        at(`/registers/${register.id}/sales`),
        { id: randomUUID(), shiftId: shift.id, lines, tenders, totalMinor },
        cashier,
      );
      expect(sold.statusCode, sold.body).toBe(201);
    }
    const moved = await call(
      'POST',
      at(`/register-shifts/${shift.id}/cash-moves`),
      { amountMinor: -3_000, reason: 'Banked', idempotencyKey: randomUUID() },
      cashier,
    );
    expect(moved.statusCode, moved.body).toBe(201);
    const voided = await call(
      'POST',
      at(`/register-shifts/${shift.id}/voids`),
      { cartId: randomUUID(), lines: [{ id: randomUUID(), productId: one, quantity: 1 }] },
      cashier,
    );
    expect(voided.statusCode, voided.body).toBe(201);
    return { register, shift };
  };

  it('sends the Z report with the drawer expected, counted and the difference, on the shop’s clock', async () => {
    const { register, shift } = await busyShift();
    const expected = 10_000 + 400 - 3_000; // €74.00
    const closed = await call(
      'POST',
      at(`/register-shifts/${shift.id}/close`),
      { countedCashMinor: expected - 150, note: 'Short a coin roll' },
      cashier,
    );
    expect(closed.statusCode, closed.body).toBe(200);
    const report = closed.json<ShiftReport>();

    const sent = await call(
      'POST',
      at(`/register-shifts/${shift.id}/email`),
      { email: 'books@example.com' },
      cashier,
    );
    expect(sent.statusCode, sent.body).toBe(202);
    const mail = await nextMail('books@example.com');
    const clock = (instant: string) => shopTime(instant, TIME_ZONE).replace('T', ' ').slice(0, 16);
    expect(mail.parsed.subject).toBe(`Z report of ${register.name}, Shop ${shop.slug}`);
    expect(mail.parsed.headers.get('x-meetyourbusiness-mail')).toBe('shift-report');
    const text = mail.parsed.text!;
    expect(text).toContain(`Z report · ${register.name} · Shop ${shop.slug}`);
    expect(text).toContain(`Opened by ${report.openedBy.name} at ${clock(report.openedAt)}`);
    expect(text).toContain(`Closed by ${report.closedBy!.name} at ${clock(report.closedAt!)}`);
    for (const [label, amount] of [
      ['Sales', '2'],
      ['Total', '€5.00'],
      ['No tax on €5.00', '€0.00'],
      ['Voided lines (1)', '€1.00'],
      ['Card (1)', '€1.00'],
      ['Cash (1)', '€4.00'],
      ['Opening float', '€100.00'],
      ['Cash sales', '€4.00'],
      [`Banked (${report.openedBy.name}, ${clock(report.cashMoves[0]!.createdAt).slice(11)})`, '−€30.00'],
      ['Cash moves', '−€30.00'],
      ['Expected in drawer', '€74.00'],
      ['Counted', '€72.50'],
      ['Difference', '−€1.50 (short)'],
    ]) {
      expect(text).toMatch(new RegExp(`^${escape(label!)} +${escape(amount!)}$`, 'm'));
    }
    expect(text).toContain('Note: Short a coin roll');
    expect(mail.parsed.html).toContain('<td>Expected in drawer</td>');
    expect(mail.parsed.html).toContain('Note: Short a coin roll');
  });

  it("keeps a cashier's X report blind, as the report on screen is; a manager's shows the drawer", async () => {
    const { shift } = await busyShift();
    const url = at(`/register-shifts/${shift.id}/email`);
    expect((await call('POST', url, { email: 'cyril@example.com' }, cashier)).statusCode).toBe(202);
    const blind = (await nextMail('cyril@example.com')).parsed.text!;
    expect(blind).toMatch(/^X report · /);
    expect(blind).toContain('Still open');
    expect(blind).not.toMatch(/Expected|€74\.00|Counted|Difference/);
    expect(blind).toContain('The cash expected in the drawer is shown once it is counted at closing.');
    expect((await call('POST', url, { email: 'owner@example.com' })).statusCode).toBe(202);
    expect((await nextMail('owner@example.com')).parsed.text).toMatch(/^Expected in drawer +€74\.00$/m);
  });

  it("answers another shop's shift as an unknown one, refuses a bad address, and says when the mail cannot go", async () => {
    const { shift } = await busyShift();
    const unknown = await call('POST', at(`/register-shifts/${randomUUID()}/email`), {
      email: 'a@example.com',
    });
    const foreign = await call(
      'POST',
      `/merchants/${otherShop.slug}/register-shifts/${shift.id}/email`,
      { email: 'a@example.com' },
      otherShop.owner,
    );
    expect([foreign.statusCode, foreign.json()]).toEqual([unknown.statusCode, unknown.json()]);
    expect([foreign.statusCode, foreign.json().message]).toEqual([404, 'Shift not found.']);
    const malformed = await call('POST', at(`/register-shifts/${shift.id}/email`), {
      email: 'not an address',
    });
    expect([malformed.statusCode, malformed.json().message]).toEqual([
      400,
      'Give the e-mail address to send the report to, such as ana@example.com.',
    ]);
    const refused = await call('POST', at(`/register-shifts/${shift.id}/email`), {
      email: 'nobody@example.com',
    });
    expect([refused.statusCode, refused.json().message]).toEqual([
      503,
      'The report could not be sent just now: try again in a moment, or print it.',
    ]);
  });
});
