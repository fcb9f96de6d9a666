import { randomUUID } from 'node:crypto';

/**
 * What an event is about, as its screens name it: an order, later a purchase order or a product.
 * The pipeline stores it and finds events by it, and never reads more into it.
 */
export interface EventSubject {
  type: string;
  id: string;
  /** How people know it, and search for it: an order's number, say. */
  label: string;
}

/** An event to publish to one supplier, written in the statement of the change it reports. */
export interface NewEvent {
  id: string;
  /** The contract's name; its version is in the payload, which the message carries as it is. */
  type: string;
  merchantId: string;
  supplierId: string;
  subject: EventSubject | null;
  routingKey: string;
  topic: string;
  /** The message's body, as the contract for `type` and `version` says. */
  payload: object;
  /** Shown on the trail's first step, e.g. which message this one resends. */
  note?: string;
  /**
   * With a guard (see `EventsService.write`), the event is written only if the guard's statement
   * returned this key: an order's id for a dispatch, the order closing being what the event reports.
   */
  guardKey?: string;
}

/** An event as it was written, to send again. */
export interface SentEvent {
  id: string;
  type: string;
  merchant_id: string;
  supplier_id: string;
  subject: EventSubject | null;
  routing_key: string;
  topic: string;
  payload: unknown;
}

/**
 * The event `sent` sent again, as a new event (a new id, in its payload too), so the supplier's
 * agent, which e-mails each event once, e-mails it again. Its trail's first step says which event it
 * resends. The one way a message is sent again: by the shop's people (the message log) or by the
 * escalation of an unacknowledged purchase order.
 */
export function resendOf(sent: SentEvent): NewEvent {
  const id = randomUUID();
  return {
    id,
    type: sent.type,
    merchantId: sent.merchant_id,
    supplierId: sent.supplier_id,
    subject: sent.subject,
    routingKey: sent.routing_key,
    topic: sent.topic,
    payload: { ...(sent.payload as Record<string, unknown>), id },
    note: `resend of ${sent.id}`,
  };
}
