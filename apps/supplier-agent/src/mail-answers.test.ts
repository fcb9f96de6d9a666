import { describe, expect, it } from 'vitest';
import { classifyMailError, mailRetryDelayMs } from './mail-answers';

const smtpError = (responseCode: number, response: string) =>
  Object.assign(new Error(`Can't send mail - ${response}`), { code: 'EENVELOPE', responseCode, response });

describe('classifyMailError', () => {
  it('retries 4xx, gives up on 5xx, and retries what carries no answer at all', () => {
    expect(classifyMailError(smtpError(451, '451 4.3.0 try later'))).toEqual({
      kind: 'transient',
      reason: 'mail server deferred: 451 4.3.0 try later',
    });
    expect(classifyMailError(smtpError(550, '550 5.1.1 no such user'))).toEqual({
      kind: 'permanent',
      reason: 'mail server refused: 550 5.1.1 no such user',
    });
    expect(
      classifyMailError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })).kind,
    ).toBe('transient');
  });

  it('treats a refused login as an outage of the agent, not a fault of the message', () => {
    const error = Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 });
    expect(classifyMailError(error).kind).toBe('outage');
  });
});

describe('mailRetryDelayMs', () => {
  it('doubles from the base up to a minute, spread by jitter', () => {
    expect([1, 2, 3, 10].map((attempt) => mailRetryDelayMs(attempt, 1000, () => 0.5))).toEqual([
      1000, 2000, 4000, 60000,
    ]);
    expect(mailRetryDelayMs(2, 1000, () => 0)).toBe(1000);
    expect(mailRetryDelayMs(2, 1000, () => 1)).toBe(3000);
  });
});
