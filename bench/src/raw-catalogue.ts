import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@myb/testing';
import { sleep } from './stats';

const SERVER = fileURLToPath(new URL('./raw-catalogue-server.ts', import.meta.url));

/** The bare Fastify + pg catalogue (raw-catalogue-server.ts) as a child process, like the product's server. */
export async function startRawCatalogueServer(databaseUrl: string, poolSize: number): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, DATABASE_URL: databaseUrl, POOL_SIZE: String(poolSize), PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt += 1) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) {
      return { url, pid: child.pid!, stop };
    }
    if (attempt > 200 || child.exitCode !== null) {
      await stop();
      throw new Error('the raw catalogue server did not start');
    }
    await sleep(100);
  }
}
