import { describe, expect, it } from 'vitest';
import { emailedRecipients } from './trail';

describe('emailedRecipients', () => {
  it('lists each address once across receipts', () => {
    expect(
      emailedRecipients([
        { stage: 'emailed', recipients: ['ann@x.example'] },
        { stage: 'failed', recipients: ['bob@x.example'] },
        { stage: 'emailed', recipients: ['Ann@x.example', 'bob@x.example'] },
      ]),
    ).toEqual(['ann@x.example', 'bob@x.example']);
  });
});
