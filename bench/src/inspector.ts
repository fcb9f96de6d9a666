import { freePort } from '@myb/testing';
import { WebSocket } from 'undici';

/**
 * A Node process's inspector, reached over its WebSocket: a benchmark collects the process's garbage
 * before reading its resident memory, so the reading is what it holds and not what it has yet to free
 * (V8 frees it by itself only seconds after the process goes idle).
 */
export interface Inspector {
  collectGarbage(): Promise<void>;
  close(): void;
}

/** The flag that opens a process's inspector on loopback, and the port it listens on. */
export async function inspectorFlag(): Promise<{ flag: string; port: number }> {
  const port = await freePort();
  return { flag: `--inspect=127.0.0.1:${port}`, port };
}

export async function connectInspector(port: number): Promise<Inspector> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  if (!target) {
    throw new Error(`the inspector on port ${port} lists no process`);
  }
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () =>
      reject(new Error(`could not reach the inspector on port ${port}`)),
    );
  });
  const answers = new Map<number, () => void>();
  socket.addEventListener('message', (event) => {
    const { id } = JSON.parse(String(event.data)) as { id?: number };
    if (id !== undefined) {
      answers.get(id)?.();
      answers.delete(id);
    }
  });
  let lastId = 0;
  return {
    collectGarbage: () =>
      new Promise<void>((resolve) => {
        lastId += 1;
        answers.set(lastId, resolve);
        socket.send(JSON.stringify({ id: lastId, method: 'HeapProfiler.collectGarbage' }));
      }),
    close: () => socket.close(),
  };
}
