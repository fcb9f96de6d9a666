#!/usr/bin/env bash
# Enables RabbitMQ's MQTT plugin on port 1884. Order matters: the listener must be configured before
# the plugin is enabled, or the plugin tries 1883 (Mosquitto's) and fails with eaddrinuse.
set -euo pipefail
conf=/etc/rabbitmq/rabbitmq.conf
rabbit_up() { rabbitmqctl -q status >/dev/null 2>&1; }

if ! grep -q '^mqtt.listeners.tcp.default' "$conf" 2>/dev/null; then
  echo 'mqtt.listeners.tcp.default = 1884' >>"$conf"
fi
if ! rabbitmq-plugins -q list -e 2>/dev/null | grep -q 'rabbitmq_mqtt'; then
  rabbitmq-plugins -q enable --offline rabbitmq_mqtt >/dev/null
  if rabbit_up; then rabbitmqctl -q stop; fi
fi
if ! rabbit_up; then
  rabbitmq-server -detached
fi
# await_startup fails at once while the detached node is still launching, so ask until it answers.
for _ in $(seq 60); do rabbitmqctl -q await_startup >/dev/null 2>&1 && break; sleep 1; done
rabbitmqctl -q await_startup
for _ in $(seq 30); do (exec 3<>/dev/tcp/127.0.0.1/1884) 2>/dev/null && break; sleep 1; done
(exec 3<>/dev/tcp/127.0.0.1/1884) 2>/dev/null || { echo 'RabbitMQ MQTT listener is not up on 1884' >&2; exit 1; }
