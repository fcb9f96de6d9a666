import { notTakenMessage, type DeliveryStage, type DeliveryStep, type NotTaken } from '@myb/contracts';
import type { EventsRepository } from './events.repository';

/** How long a published message may wait for a device before the screens warn: 10 minutes. */
export const DEFAULT_NOT_TAKEN_WARNING_SECONDS = 600;

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

/** What every screen shows of one message's delivery, whoever asks: the shop, or the supplier. */
export interface DeliveryProgress {
  stage: DeliveryStage;
  emailedTo: string[];
  notTaken: NotTaken | null;
  trail: DeliveryStep[];
}

/**
 * Reads the delivery of each event: its stage from the one SQL definition (`progressOf`), its trail,
 * and a warning when it was published `notTakenAfterSeconds` ago or more and no device has taken it
 * (no agent reported it delivered, e-mailed or failed since).
 */
export async function readDeliveries(
  events: Pick<EventsRepository, 'progressOf' | 'stepsOf'>,
  eventIds: string[],
  notTakenAfterSeconds: number,
): Promise<Map<string, DeliveryProgress>> {
  const [progress, steps] = await Promise.all([events.progressOf(eventIds), events.stepsOf(eventIds)]);
  const trails = toDeliverySteps(steps);
  const byEvent = new Map<string, DeliveryProgress>();
  for (const row of progress) {
    const trail = trails.get(row.id) ?? [];
    const waited = row.sent_seconds_ago;
    // Published (not waiting for the relay again after a retry), and nothing since for that long.
    const untaken = row.stage === 'published' && row.status === 'published' && row.sent_at !== null && waited !== null;
    byEvent.set(row.id, {
      stage: row.stage,
      emailedTo: emailedRecipients(trail),
      notTaken:
        untaken && waited >= notTakenAfterSeconds
          ? { since: row.sent_at!.toISOString(), seconds: waited, message: notTakenMessage(waited) }
          : null,
      trail,
    });
  }
  return byEvent;
}

/** An event with no row (it cannot happen: the event was just read) reads as freshly queued. */
export const NO_PROGRESS: DeliveryProgress = { stage: 'queued', emailedTo: [], notTaken: null, trail: [] };
