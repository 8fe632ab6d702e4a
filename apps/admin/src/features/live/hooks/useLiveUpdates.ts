import { LIVE_TOPICS } from '@kefu/contracts';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { client } from '../../../app/http';
import { session } from '../../../app/session';
import { runLiveStream } from '../stream';
import { keysForTopics, throttledInvalidation } from '../topics';

interface Connection {
  users: number;
  abort: AbortController;
}

/** One stream per tenant, shared by every page that shows live data. */
const connections = new Map<string, Connection>();

/** A busy tenant changes many times a second; views refresh at most this often. */
const REFRESH_EVERY_MS = 1000;

function connect(tenantId: string, queryClient: QueryClient): Connection {
  const abort = new AbortController();
  const invalidate = throttledInvalidation(queryClient, REFRESH_EVERY_MS, abort.signal);
  void runLiveStream({
    url: `/api/tenants/${tenantId}/events`,
    token: () => session.get()?.accessToken ?? null,
    refresh: () => client.refresh(),
    onReady: () => invalidate(keysForTopics(LIVE_TOPICS)),
    onChange: (topics) => invalidate(keysForTopics(topics)),
    signal: abort.signal,
  });
  return { users: 0, abort };
}

/** Keeps the tenant's live views fresh while the calling page is shown. */
export function useLiveUpdates(tenantId: string | null) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!tenantId) return;
    let connection = connections.get(tenantId);
    if (!connection) {
      connection = connect(tenantId, queryClient);
      connections.set(tenantId, connection);
    }
    connection.users += 1;
    const current = connection;
    return () => {
      current.users -= 1;
      // Leaving one live page for another keeps the stream; give the next page a moment to take it.
      setTimeout(() => {
        if (current.users === 0 && connections.get(tenantId) === current) {
          current.abort.abort();
          connections.delete(tenantId);
        }
      }, 1000);
    };
  }, [tenantId, queryClient]);
}
