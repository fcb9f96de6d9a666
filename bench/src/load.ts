import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-plan';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** Runs one load in a fresh loader process (autocannon) and returns what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      settled = true;
      if (message.result) {
        resolve(message.result);
      } else {
        reject(new Error(`load against ${spec.url} failed: ${message.error}`));
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) {
        reject(new Error(`the loader exited with ${code} before it answered`));
      }
    });
    child.send(spec);
  });
}
