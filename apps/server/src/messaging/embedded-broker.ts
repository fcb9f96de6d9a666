import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** True when the configured port was taken and another one was chosen. */
  movedFrom?: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * An MQTT broker inside the server process, so `npm start` needs nothing installed. Outside MQTT
 * clients can connect to it too. If the port is taken (machines that run Mosquitto hold 1883) it
 * moves to a free port and says so.
 */
export async function startEmbeddedBroker(host: string, port: number): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server = createServer((socket) => aedes.handle(socket));
  let actualPort: number;
  let movedFrom: number | undefined;
  try {
    actualPort = await listen(server, port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) {
      throw error;
    }
    movedFrom = port;
    actualPort = await listen(server, 0, host);
  }
  return {
    url: `mqtt://${host}:${actualPort}`,
    port: actualPort,
    movedFrom,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}
