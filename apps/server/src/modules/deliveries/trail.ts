import type { DeliveryStage, DeliveryStep } from '@myb/contracts';

const RANK: Record<Exclude<DeliveryStage, 'failed'>, number> = {
  queued: 0,
  published: 1,
  delivered: 2,
  emailed: 3,
};

/**
 * Where a delivery stands, from its steps oldest first: the furthest step reached, except that a
 * failure stands until something happens after it (a retry that publishes, delivers or e-mails).
 */
export function currentStage(steps: readonly Pick<DeliveryStep, 'stage'>[]): DeliveryStage {
  let current: DeliveryStage = 'queued';
  for (const { stage } of steps) {
    if (stage === 'failed' || current === 'failed') {
      current = stage;
    } else if (RANK[stage] > RANK[current]) {
      current = stage;
    }
  }
  return current;
}

/** Everyone an agent reported e-mailed, each once, in the order first reported. */
export function emailedRecipients(steps: readonly Pick<DeliveryStep, 'stage' | 'recipients'>[]): string[] {
  const seen = new Map<string, string>();
  for (const step of steps) {
    if (step.stage === 'emailed') {
      for (const recipient of step.recipients) {
        if (!seen.has(recipient.toLowerCase())) {
          seen.set(recipient.toLowerCase(), recipient);
        }
      }
    }
  }
  return [...seen.values()];
}

/** The trail of each event, keyed by event id, as the API shows it. */
export function toDeliverySteps(
  rows: readonly {
    event_id: string;
    stage: DeliveryStage;
    at: Date;
    recipients: string[];
    reason: string | null;
    agent: string | null;
  }[],
): Map<string, DeliveryStep[]> {
  const byEvent = new Map<string, DeliveryStep[]>();
  for (const row of rows) {
    const list = byEvent.get(row.event_id) ?? [];
    list.push({
      stage: row.stage,
      at: row.at.toISOString(),
      recipients: row.recipients,
      reason: row.reason,
      agent: row.agent,
    });
    byEvent.set(row.event_id, list);
  }
  return byEvent;
}
