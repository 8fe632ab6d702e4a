import type { LiveEvent, LiveTopic } from '@kefu/contracts';
import { LIVE_TOPICS } from '@kefu/contracts';

export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Splits a text/event-stream into events as chunks arrive (the WHATWG format: blank-line separated
 * blocks of `field: value` lines; comments start with a colon).
 */
export function createEventParser(onEvent: (event: StreamEvent) => void) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length || event !== 'message') onEvent({ event, data: data.join('\n') });
      end = buffer.indexOf('\n\n');
    }
  };
}

/** The topics of a `change` event, ignoring any this console does not know. */
export function topicsOf(data: string): LiveTopic[] {
  try {
    const event = JSON.parse(data) as Partial<LiveEvent>;
    return Array.isArray(event.topics) ? event.topics.filter((topic): topic is LiveTopic => LIVE_TOPICS.includes(topic)) : [];
  } catch {
    return [];
  }
}

export interface LiveStreamOptions {
  url: string;
  /** The current access token, or null once signed out (the stream then stops). */
  token: () => string | null;
  /** Renews the access token after a 401; rejects when the session is over. */
  refresh: () => Promise<string>;
  /** Subscribed: whatever happened while away, every view may be stale. */
  onReady: () => void;
  onChange: (topics: LiveTopic[]) => void;
  signal: AbortSignal;
  /** Pause between attempts, in ms (the server's `retry:` is not needed: fetch has no reconnection of its own). */
  retryMs?: number;
  fetch?: typeof fetch;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Reads the console's live updates with fetch rather than EventSource, so the access token goes in
 * the Authorization header like every other call (never in an address, which logs keep). The
 * server ends the stream when the token expires; this reconnects with the renewed one.
 */
export async function runLiveStream(options: LiveStreamOptions): Promise<void> {
  const { signal } = options;
  const doFetch = options.fetch ?? fetch;
  const retryMs = options.retryMs ?? 3000;
  let failures = 0;
  while (!signal.aborted) {
    const token = options.token();
    if (!token) return;
    try {
      const response = await doFetch(options.url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal,
        cache: 'no-store',
      });
      if (response.status === 401) {
        await options.refresh();
        continue;
      }
      if (!response.ok || !response.body) throw new Error(`Live updates answered ${response.status}`);
      failures = 0;
      const parse = createEventParser(({ event, data }) => {
        if (event === 'ready') options.onReady();
        else if (event === 'change') options.onChange(topicsOf(data));
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
    } catch {
      if (signal.aborted) return;
      failures += 1;
    }
    await wait(retryMs * Math.min(failures + 1, 10), signal);
  }
}
