/**
 * The raw limit for live streams: a bare node:http server that answers a stream with the headers and
 * the first event the product's `GET /api/v1/live` sends, and holds its response open until the
 * client goes; `/change` writes one change event to every open stream. Run as a child process.
 */
import { createServer, type ServerResponse } from 'node:http';

const open = new Set<ServerResponse>();
const CHANGE = `id: 1\nevent: change\ndata: ${JSON.stringify({ shop: ['catalogue', 'dashboard', 'stock'], supplier: [], personal: [] })}\n\n`;

const server = createServer((request, response) => {
  if (request.url === '/health') {
    response.end('ok');
    return;
  }
  if (request.url === '/change') {
    for (const stream of open) {
      stream.write(CHANGE);
    }
    response.end(String(open.size));
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    connection: 'close',
  });
  response.write('retry: 2000\n\n');
  response.write('id: 0\nevent: ready\ndata: {}\n\n');
  open.add(response);
  response.on('close', () => open.delete(response));
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  for (const stream of open) {
    stream.destroy();
  }
  server.close(() => process.exit(0));
});
