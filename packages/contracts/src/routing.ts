import { isSlug } from './slug';

function assertSlugs(merchantSlug: string, supplierSlug: string): void {
  for (const slug of [merchantSlug, supplierSlug]) {
    if (!isSlug(slug)) {
      throw new Error(`"${slug}" is not a slug; routing keys and topics are built only from slugs`);
    }
  }
}

/** AMQP routing key on the topic exchange: the seed's `MerchantName.SupplierName`. */
export function amqpRoutingKey(merchantSlug: string, supplierSlug: string): string {
  assertSlugs(merchantSlug, supplierSlug);
  return `${merchantSlug}.${supplierSlug}`;
}

/** MQTT topic; RabbitMQ's MQTT plugin maps it to the same routing key (`/` <-> `.`). */
export function mqttTopic(merchantSlug: string, supplierSlug: string): string {
  assertSlugs(merchantSlug, supplierSlug);
  return `${merchantSlug}/${supplierSlug}`;
}

export const DEFAULT_AMQP_EXCHANGE = 'amq.topic';
