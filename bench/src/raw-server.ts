import { spawn } from 'node:child_process';
import { freePort } from '@myb/testing';
import { sleep } from './stats';

export interface RawServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A raw side's server (a script of this folder answering `/health`) as a child process, like the
 * product's server, on a free port given as PORT.
 */
export async function startRawServer(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<RawServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  // What the server says goes on, but not an inspector's notices (a benchmark may open one to collect garbage).
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    const said = text
      .split('\n')
      .filter(
        (line) => !/^(Debugger (listening|attached|ending)|For help, see: https:\/\/nodejs\.org)/.test(line),
      )
      .join('\n');
    if (said.trim() !== '') {
      process.stderr.write(said);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
  };
  for (let attempt = 0; ; attempt += 1) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return { url, pid: child.pid!, stop };
    }
    if (attempt > 200 || child.exitCode !== null) {
      await stop();
      throw new Error(`the raw server ${script} did not start`);
    }
    await sleep(100);
  }
}
