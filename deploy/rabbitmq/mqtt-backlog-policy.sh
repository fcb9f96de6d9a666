#!/usr/bin/env bash
# RabbitMQ's MQTT plugin keeps each persistent MQTT session's messages in a queue named
# mqtt-subscription-<client id>qos1. RabbitMQ sets no cap on it by default; without one, a device
# that never comes back grows it without bound. This policy caps it and, past the cap, REFUSES new
# messages (the publisher gets a negative confirm, so the outbox keeps the event pending and the
# merchant sees it) instead of silently dropping the oldest, which is RabbitMQ's default overflow.
# Run once per virtual host: bash deploy/rabbitmq/mqtt-backlog-policy.sh [vhost]
set -euo pipefail
vhost="${1:-/}"
rabbitmqctl set_policy --vhost "$vhost" --apply-to queues --priority 1 \
  myb-mqtt-backlog '^mqtt-subscription-' '{"max-length": 100000, "overflow": "reject-publish"}'
