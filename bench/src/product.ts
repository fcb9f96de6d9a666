import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, type RunningServer } from '@myb/testing';
import { sleep } from './stats';

export interface ServerOptions {
  env: Record<string, string>;
  logLevel: string;
  /** Where --cpu-prof writes the server's profile, when profiling. */
  profileDir?: string;
  /** More flags for the server's Node. */
  nodeArgs?: string[];
}

/** The real server (apps/server/src/server.ts, compiled as `npm start` runs it) as a child process on a free port, without demo data or agents. */
export async function startProductServer(name: string, options: ServerOptions): Promise<RunningServer> {
  const server = await startServer(
    `bench-${name}`,
    { DEMO_DATA: 'false', DEMO_AGENTS: 'false', LOG_LEVEL: options.logLevel, EMBEDDED_MQTT_PORT: '0', ...options.env },
    { nodeArgs: [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), ...(options.nodeArgs ?? [])] },
  );
  let stopped = false;
  return {
    ...server,
    // A benchmark that fails shows why the server did, if it did.
    stop: async () => {
      if (stopped) {
        return;
      }
      stopped = true;
      if (!existsSync(`/proc/${server.pid}/status`)) {
        process.stderr.write(`the ${name} server had exited; its last output:\n${server.output().slice(-4000)}\n`);
      }
      await server.stop();
    },
  };
}

export interface ApiUser {
  id: string;
  cookie: string;
}

/** Signs a user up through the API, as a customer does, and keeps the session cookie. */
export async function signUp(baseUrl: string, label: string): Promise<ApiUser> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${label}-${Date.now()}@bench.example`, name: label, password: 'correct horse battery' }),
  });
  if (response.status !== 201) {
    throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  }
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('myb_session='));
  if (!session) {
    throw new Error('sign-up set no session cookie');
  }
  const { user } = (await response.json()) as { user: { id: string } };
  return { id: user.id, cookie: session.split(';')[0]! };
}

/** How the server stores the user's session token (SHA-256, base64url): the raw side's order statement checks it too. */
export const sessionHash = (user: ApiUser) =>
  createHash('sha256').update(user.cookie.slice(user.cookie.indexOf('=') + 1)).digest('base64url');

/** What the health check says the server publishes to; the embedded broker's address is in it. */
export async function brokerDescription(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/health`);
  return ((await response.json()) as { broker: string }).broker;
}

/** Resident memory of a process in MB (VmRSS), or its peak so far (VmHWM). */
export function residentMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Samples a process's resident memory every 200 ms while loads run. */
export function memorySampler(pid: number) {
  let peak = residentMb(pid);
  let running = true;
  const loop = (async () => {
    // A server that died stops the sampling; the scenario reports the death itself.
    while (running && existsSync(`/proc/${pid}/status`)) {
      peak = Math.max(peak, residentMb(pid));
      await sleep(200);
    }
  })();
  return {
    async stop(): Promise<number> {
      running = false;
      await loop;
      return existsSync(`/proc/${pid}/status`) ? Math.max(peak, residentMb(pid)) : peak;
    },
  };
}
