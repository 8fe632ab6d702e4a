import type { LiveTopic } from '@kefu/contracts';
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/** Query keys of the views each live topic may change. */
export const LIVE_QUERY_KEYS: Record<LiveTopic, readonly QueryKey[]> = {
  queue: [['queue'], ['dashboard']],
  sessions: [['sessions'], ['queue'], ['dashboard']],
  agents: [['agents'], ['queue'], ['dashboard']],
  messages: [['sessions'], ['queue'], ['dashboard']],
  offline: [['offline-messages'], ['dashboard']],
};

/** The distinct keys to invalidate for these topics. */
export function keysForTopics(topics: readonly LiveTopic[]): QueryKey[] {
  const seen = new Map<string, QueryKey>();
  for (const topic of topics) for (const key of LIVE_QUERY_KEYS[topic] ?? []) seen.set(JSON.stringify(key), key);
  return [...seen.values()];
}

/**
 * Invalidates the keys it is given at once, then at most once per `intervalMs` with whatever came
 * meanwhile. A refetch already on its way is not cancelled: it is followed by the next round.
 */
export function throttledInvalidation(queryClient: Pick<QueryClient, 'invalidateQueries'>, intervalMs: number, signal?: AbortSignal) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    const keys = [...pending.values()];
    pending.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
  };
  const schedule = () => {
    timer = setTimeout(() => {
      timer = null;
      if (pending.size === 0 || signal?.aborted) return;
      flush();
      schedule();
    }, intervalMs);
  };
  return (keys: readonly QueryKey[]) => {
    if (signal?.aborted) return;
    for (const key of keys) pending.set(JSON.stringify(key), key);
    if (timer === null) {
      flush();
      schedule();
    }
  };
}
