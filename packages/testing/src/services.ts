import { existsSync } from 'node:fs';

/**
 * The shared services a suite talks to, each named by the variable `.ci/run` sets. Under `CI=true`
 * a missing one fails the suite; elsewhere the suite is skipped with a loud warning.
 */
export const SERVICE_VARIABLES = {
  postgres: 'DATABASE_URL',
  rabbitmq: 'AMQP_URL',
  mosquitto: 'MQTT_URL',
  rabbitmqMqtt: 'RABBITMQ_MQTT_URL',
} as const;
export type ServiceName = keyof typeof SERVICE_VARIABLES;

export function serviceUrl(service: ServiceName): string | undefined {
  const value = process.env[SERVICE_VARIABLES[service]];
  return value === undefined || value === '' ? undefined : value;
}

/** True when every service is configured; use with `describe.skipIf(!hasServices(...))`. */
export function hasServices(suite: string, ...services: ServiceName[]): boolean {
  const missing = services.filter((service) => serviceUrl(service) === undefined);
  if (missing.length === 0) {
    return true;
  }
  const names = missing.map((service) => SERVICE_VARIABLES[service]).join(', ');
  if (process.env.CI === 'true') {
    throw new Error(`${suite}: ${names} not set; under CI=true this suite must run (see .ci/run)`);
  }
  console.warn(`\n!!! SKIPPED ${suite}: set ${names} to run it (bash .ci/run sets them all) !!!\n`);
  return false;
}

export function requireServiceUrl(service: ServiceName): string {
  const url = serviceUrl(service);
  if (url === undefined) {
    throw new Error(`${SERVICE_VARIABLES[service]} is not set`);
  }
  return url;
}

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The Chromium the browser tests drive: `CHROMIUM_PATH`, else Debian's, else none. */
export function chromiumPath(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    return configured;
  }
  return existsSync(DEFAULT_CHROMIUM_PATH) ? DEFAULT_CHROMIUM_PATH : undefined;
}

/** Like `hasServices`, for a browser: true when Chromium is there; under `CI=true` its absence fails. */
export function hasChromium(suite: string): boolean {
  if (chromiumPath() !== undefined) {
    return true;
  }
  if (process.env.CI === 'true') {
    throw new Error(
      `${suite}: no Chromium (set CHROMIUM_PATH or install ${DEFAULT_CHROMIUM_PATH}); under CI=true this suite must run (see .ci/run)`,
    );
  }
  console.warn(
    `\n!!! SKIPPED ${suite}: set CHROMIUM_PATH or install Chromium at ${DEFAULT_CHROMIUM_PATH} to run it !!!\n`,
  );
  return false;
}
