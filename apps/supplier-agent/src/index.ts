export { startAgent, type AgentOptions, type RunningAgent } from './agent';
export { DEAD_LETTER_REASON_HEADER, deadLetterQueue, defaultAmqpQueue, type AmqpBrokerOption } from './amqp';
export { DEAD_LETTERS_FILE } from './dead-letters';
export { HANDLED_FILE } from './handled-record';
export { createStderrLogger, type AgentLogger } from './logger';
export { defaultMqttClientId, type MqttBrokerOption } from './mqtt';
export { parseRecipientsFile, type RecipientsOption } from './recipients';
export { renderEmail, type RenderedEmail } from './render';
export { checkHealth, type HealthCheck, type HealthReport } from './health';
