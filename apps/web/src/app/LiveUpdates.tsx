import { API_PREFIX, LIVE_CHANGE_EVENT, LIVE_RESET_EVENT, liveChangeSchema, routes } from '@myb/contracts';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useMatch } from 'react-router';
import { useSession } from '../api/auth';
import {
  DEPLOYMENT_TOPIC_KEYS,
  LiveContext,
  PERSONAL_TOPIC_KEYS,
  SHOP_TOPIC_KEYS,
  SUPPLIER_TOPIC_KEYS,
} from '../api/live';

/** After the stream was refused or could not be opened, the screens poll and it is tried again this much later. */
const REOPEN_AFTER_MS = 30_000;

/**
 * Keeps the screens of a signed-in person up to date from the server's live stream: each change it
 * tells refreshes the queries of its topics: for the shop shown (the back office's address says which),
 * for the person's supplier portal and own orders, and for the mail folder. While the stream is not
 * open, screens poll.
 */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const signedIn = Boolean(useSession().data);
  const slug = useMatch('/back-office/:merchantSlug/*')?.params.merchantSlug;
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!signedIn || typeof EventSource === 'undefined') {
      return;
    }
    const query = slug ? `?shop=${encodeURIComponent(slug)}` : '';
    const source = new EventSource(`${API_PREFIX}${routes.live.stream.path}${query}`);
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const refresh = (queryKeys: QueryKey[]) =>
      queryKeys.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));

    source.onopen = () => setOpen(true);
    source.onerror = () => {
      setOpen(false);
      // CONNECTING: the browser reconnects by itself, with Last-Event-ID. CLOSED: refused; try later.
      if (source.readyState === EventSource.CLOSED) {
        reopen = setTimeout(() => setAttempt((n) => n + 1), REOPEN_AFTER_MS);
      }
    };
    // A new stream starts from now: what changed while the screens were read before it opened is read again.
    source.addEventListener('ready', () => void queryClient.invalidateQueries());
    source.addEventListener(LIVE_RESET_EVENT, () => void queryClient.invalidateQueries());
    source.addEventListener(LIVE_CHANGE_EVENT, (event: MessageEvent<string>) => {
      const change = liveChangeSchema.safeParse(JSON.parse(event.data));
      if (!change.success) {
        return;
      }
      if (slug) {
        change.data.shop.forEach((topic) => refresh(SHOP_TOPIC_KEYS[topic](slug)));
      }
      change.data.supplier.forEach((topic) => refresh(SUPPLIER_TOPIC_KEYS[topic]));
      change.data.personal.forEach((topic) => refresh(PERSONAL_TOPIC_KEYS[topic]));
      change.data.deployment.forEach((topic) => refresh(DEPLOYMENT_TOPIC_KEYS[topic]));
    });
    return () => {
      clearTimeout(reopen);
      source.close();
      setOpen(false);
    };
  }, [signedIn, slug, attempt, queryClient]);

  return <LiveContext.Provider value={open}>{children}</LiveContext.Provider>;
}
