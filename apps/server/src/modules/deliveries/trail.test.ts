import type { DeliveryStage } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { currentStage, emailedRecipients } from './trail';

const steps = (...stages: DeliveryStage[]) => stages.map((stage) => ({ stage, recipients: [] }));

describe('currentStage', () => {
  it('is the furthest step reached, whatever order receipts arrive in', () => {
    expect(currentStage([])).toBe('queued');
    expect(currentStage(steps('queued', 'published', 'delivered', 'emailed'))).toBe('emailed');
    // A relay that published again after the agent already e-mailed does not move it back.
    expect(currentStage(steps('queued', 'published', 'emailed', 'published'))).toBe('emailed');
    expect(currentStage(steps('queued', 'published', 'emailed', 'delivered'))).toBe('emailed');
  });

  it('shows a failure until a retry moves on from it', () => {
    expect(currentStage(steps('queued', 'published', 'delivered', 'failed'))).toBe('failed');
    expect(currentStage(steps('queued', 'published', 'failed', 'published'))).toBe('published');
    expect(currentStage(steps('queued', 'published', 'failed', 'published', 'delivered', 'emailed'))).toBe(
      'emailed',
    );
  });
});

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
