import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { waitFor } from './wait';

/** The full path of `command` on PATH, or undefined. */
export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A port on loopback that nothing listens on (it was free a moment ago): a broker that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MosquittoSubscription {
  /** Resolves with the lines `mosquitto_sub -v` printed for the topic (`<topic> <body>`), once it exited. */
  messages: Promise<string[]>;
  /** Ends it if it still runs. */
  stop(): Promise<void>;
}

/**
 * `mosquitto_sub`, the stock MQTT client, subscribed at QoS 1 to `topic` on `brokerUrl` until it has
 * received `count` messages (or `waitSeconds` pass without one). Resolves once its SUBACK is in
 * (`-d` prints "Subscribed"; stdbuf makes it print at once, not at exit), so nothing published
 * afterwards can race the subscription. Throws when mosquitto_sub or stdbuf is not installed.
 */
export async function subscribeWithMosquittoSub(
  brokerUrl: string,
  topic: string,
  { count = 1, waitSeconds = 20 } = {},
): Promise<MosquittoSubscription> {
  const mosquittoSub = onPath('mosquitto_sub');
  const stdbuf = onPath('stdbuf');
  if (!mosquittoSub || !stdbuf) {
    throw new Error('mosquitto_sub and stdbuf must be on PATH (apt-get install mosquitto-clients coreutils)');
  }
  const url = new URL(brokerUrl);
  const args = [
    '-h',
    url.hostname,
    '-p',
    url.port || '1883',
    '-t',
    topic,
    '-q',
    '1',
    '-C',
    String(count),
    '-v',
    '-d',
    '-W',
    String(waitSeconds),
  ];
  const child = spawn(stdbuf, ['-oL', mosquittoSub, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  await waitFor(
    () => (/^Subscribed/m.test(stdout) ? true : undefined),
    () => `mosquitto_sub to subscribe (stdout: ${stdout}; stderr: ${stderr})`,
  );
  return {
    messages: exited.then((code) => {
      if (code !== 0) {
        throw new Error(`mosquitto_sub exited with ${code}: ${stderr}`);
      }
      return stdout.split('\n').filter((line) => line.startsWith(`${topic} `));
    }),
    async stop() {
      if (child.exitCode === null) {
        child.kill();
      }
      await exited;
    },
  };
}
