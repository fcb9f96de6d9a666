import { describe, expect, it } from 'vitest';
import { amqpRoutingKey, mqttTopic } from './routing';

describe('routing keys and topics', () => {
  it("follow the seed's MerchantName.SupplierName, and its MQTT mapping", () => {
    expect(amqpRoutingKey('acme', 'bolt-co')).toBe('acme.bolt-co');
    expect(mqttTopic('acme', 'bolt-co')).toBe('acme/bolt-co');
  });

  it('refuse anything that is not a slug, so no wildcard or separator can slip in', () => {
    for (const bad of ['a.b', 'a/b', '#', '*', '+', 'Acme', '']) {
      expect(() => amqpRoutingKey(bad, 'bolt-co')).toThrow(/not a slug/);
      expect(() => mqttTopic('acme', bad)).toThrow(/not a slug/);
    }
  });
});
