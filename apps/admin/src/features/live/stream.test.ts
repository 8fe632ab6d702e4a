import type { LiveTopic } from '@kefu/contracts';
import { describe, expect, it, vi } from 'vitest';
import { createEventParser, runLiveStream, topicsOf, type StreamEvent } from './stream';
import { keysForTopics, throttledInvalidation } from './topics';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('event stream parser', () => {
  it('reads events split across chunks, skipping comments', () => {
    const events: StreamEvent[] = [];
    const parse = createEventParser((event) => events.push(event));
    parse(': ping\n\nretry: 2000\nevent: ready\ndata: {}\n\nevent: cha');
    parse('nge\ndata: {"topics":["queue"]');
    parse(',"at":"x"}\r\n\r\n: ping\n\n');
    expect(events).toEqual([
      { event: 'ready', data: '{}' },
      { event: 'change', data: '{"topics":["queue"],"at":"x"}' },
    ]);
  });

  it('keeps only the topics it knows', () => {
    expect(topicsOf('{"topics":["queue","weather","offline"]}')).toEqual(['queue', 'offline']);
    expect(topicsOf('not json')).toEqual([]);
  });
});

describe('live topics', () => {
  it('refresh the views they change, each key once', () => {
    expect(keysForTopics(['offline'])).toEqual([['offline-messages'], ['dashboard']]);
    expect(keysForTopics(['queue', 'sessions'] as LiveTopic[])).toEqual([['queue'], ['dashboard'], ['sessions']]);
  });
});

describe('runLiveStream', () => {
  it('sends the bearer token, renews it after a 401 and reports events until stopped', async () => {
    const abort = new AbortController();
    let token = 'old-token';
    const seen: string[] = [];
    const changes: LiveTopic[][] = [];
    const onReady = vi.fn();
    const fetchStub = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const authorization = new Headers(init?.headers).get('authorization') ?? '';
      seen.push(authorization);
      if (authorization === 'Bearer old-token') return new Response('', { status: 401 });
      return new Response(
        streamOf(['event: ready\ndata: {}\n\n', 'event: change\ndata: {"topics":["sessions","messages"]}\n\n']),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    });

    const done = runLiveStream({
      url: '/api/tenants/t/events',
      token: () => token,
      refresh: async () => {
        token = 'new-token';
        return token;
      },
      onReady,
      onChange: (topics) => {
        changes.push(topics);
        abort.abort();
      },
      signal: abort.signal,
      retryMs: 1,
      fetch: fetchStub as typeof fetch,
    });
    await done;

    expect(seen).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(onReady).toHaveBeenCalledTimes(1);
    expect(changes).toEqual([['sessions', 'messages']]);
  });

  it('stops once signed out', async () => {
    const fetchStub = vi.fn();
    await runLiveStream({
      url: '/x',
      token: () => null,
      refresh: async () => '',
      onReady: () => undefined,
      onChange: () => undefined,
      signal: new AbortController().signal,
      fetch: fetchStub as unknown as typeof fetch,
    });
    expect(fetchStub).not.toHaveBeenCalled();
  });
});

describe('throttledInvalidation', () => {
  it('refreshes at once, then gathers what comes within the interval into one round', () => {
    vi.useFakeTimers();
    try {
      const rounds: string[][] = [];
      let round: string[] = [];
      const queryClient = {
        invalidateQueries: vi.fn(async ({ queryKey }: { queryKey: readonly unknown[] }) => {
          round.push(JSON.stringify(queryKey));
        }),
      };
      const next = () => {
        rounds.push(round);
        round = [];
      };
      const invalidate = throttledInvalidation(queryClient as never, 1000);
      invalidate([['queue'], ['dashboard']]);
      next();
      invalidate([['queue']]);
      invalidate([['offline-messages'], ['queue']]);
      next();
      vi.advanceTimersByTime(1000);
      next();
      vi.advanceTimersByTime(5000);
      next();
      expect(rounds).toEqual([['["queue"]', '["dashboard"]'], [], ['["queue"]', '["offline-messages"]'], []]);
      expect(queryClient.invalidateQueries).toHaveBeenCalledWith({ queryKey: ['queue'] }, { cancelRefetch: false });
    } finally {
      vi.useRealTimers();
    }
  });
});
