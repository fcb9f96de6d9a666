import { LIVE_CHANGE_EVENT, LIVE_RESET_EVENT, routes, type LiveChange } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { badRequest, forbidden, notFound } from '../../http/errors';
import { route } from '../../http/route-table';
import type { AccessRepository, Credential } from '../access/access.repository';
import { requireActor, type Actor } from '../auth/actor';
import type { LiveFeed } from './live-feed';
import { heardBy, type LiveViewer } from './live-viewer';
import { changesBetween, type LiveChangeRow, type LiveRepository } from './live.repository';

/** A comment this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 25_000;
/**
 * A stream's credential is looked at again this often: a signed-out session's stream ends. A stream
 * carries topics, never data, and every read it prompts checks the session anyway, so this only
 * frees what a signed-out browser holds.
 */
const RECHECK_MS = 5 * 60_000;
/** What a browser waits before reconnecting after the stream ends. */
const RECONNECT_MS = 2_000;
/** A stream whose browser reads this far behind is ended; it reconnects and hears what it missed. */
const MAX_UNREAD_BYTES = 1 << 20;

function sseEvent(event: string, id: number, data: LiveChange | Record<string, never>): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The Last-Event-ID a reconnecting browser sends: the id of an event it heard. */
function lastEventIdOf(header: string | string[] | undefined): number | null {
  if (header === undefined) {
    return null;
  }
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,15}$/.test(value)) {
    throw badRequest('Last-Event-ID must be the id of an event this stream sent (a whole number).');
  }
  return Number(value);
}

export const liveRoutes: FastifyPluginAsyncZod<{
  feed: LiveFeed;
  live: LiveRepository;
  access: AccessRepository;
}> = async (app, { feed, live, access }) => {
  const open = new Set<() => void>();
  // A stream never ends by itself: closing the server ends them, and the browsers reconnect elsewhere.
  app.addHook('preClose', async () => {
    for (const end of open) {
      end();
    }
  });

  async function viewerOf(
    credential: Credential | null,
    actor: Actor,
    slug: string | undefined,
  ): Promise<LiveViewer> {
    let shop: LiveViewer['shop'] = null;
    if (slug !== undefined) {
      const found = await access.find(credential, slug);
      if (!found.shop) {
        throw notFound(`shop "${slug}"`);
      }
      if (!found.role) {
        throw forbidden(`You do not work at the shop "${slug}".`);
      }
      shop = { id: found.shop.id, role: found.role };
    }
    const { userId, roles } = actor;
    return { userId, roles, shop, supplierIds: new Set(await live.supplierIdsOf(userId)) };
  }

  route(app, routes.live.stream, {
    handler: async (request, reply) => {
      const actor = requireActor(request.actor);
      const { credential } = request;
      const slug = request.query.shop;
      const lastEventId = lastEventIdOf(request.headers['last-event-id']);
      let viewer = await viewerOf(credential, actor, slug);

      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        // A stream's connection is its own: closed with it, never kept for another request.
        connection: 'close',
      });
      raw.write(`retry: ${RECONNECT_MS}\n\n`);

      let ended = false;
      const end = () => {
        if (!ended) {
          ended = true;
          raw.end();
        }
      };
      const write = (text: string) => {
        if (!ended) {
          raw.write(text);
          if (raw.writableLength > MAX_UNREAD_BYTES) {
            end();
          }
        }
      };
      // Batches are told in order, each change once: `told` is the last id told (or passed over); a
      // change of access is read before what follows it is filtered.
      const upTo = feed.lastId();
      let told = upTo;
      const tellNow = async (batch: LiveChangeRow[]) => {
        const changes = batch.filter((change) => change.id > told);
        if (changes.length === 0) {
          return;
        }
        told = changes.at(-1)!.id;
        const heard = heardBy(viewer, changes);
        if (heard?.personal.includes('access')) {
          viewer = await viewerOf(credential, actor, slug);
        }
        if (heard) {
          write(sseEvent(LIVE_CHANGE_EVENT, told, heard));
        }
      };
      let telling: Promise<void> = Promise.resolve();
      const tell = (batch: LiveChangeRow[]) => {
        telling = telling.then(() => tellNow(batch)).catch(() => end());
      };

      const unsubscribe = feed.subscribe(tell);
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      const recheck = setInterval(() => {
        void access.find(credential).then(
          (found) => (found.actor ? undefined : end()),
          () => undefined,
        );
      }, RECHECK_MS);
      const close = () => {
        open.delete(end);
        unsubscribe();
        clearInterval(keepalive);
        clearInterval(recheck);
      };
      open.add(end);
      raw.on('close', () => {
        ended = true;
        close();
      });

      // What this stream says first: what the browser missed since its Last-Event-ID, or that it must
      // read everything again, or where it starts. Changes heard meanwhile are told after it. A browser
      // coming from a process further on than this one's feed hears nothing twice; an id this database
      // never gave (or no longer keeps) is a reset.
      telling = (async () => {
        if (lastEventId === null) {
          write(sseEvent('ready', upTo, {}));
          return;
        }
        const [oldest, newest] = await Promise.all([live.oldestId(), live.lastId()]);
        const kept =
          lastEventId <= newest && (oldest === null ? lastEventId === newest : lastEventId >= oldest - 1);
        if (!kept) {
          write(sseEvent(LIVE_RESET_EVENT, upTo, {}));
          return;
        }
        told = lastEventId;
        for await (const batch of changesBetween(live, lastEventId, upTo)) {
          await tellNow(batch);
        }
        told = Math.max(told, upTo);
      })().catch(() => end());
      return reply;
    },
  });
};
