import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { AxiosError, AxiosHeaders } from 'axios';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpClient } from './http';
import { createSessionStore, type SessionStore } from './session';

type Handler = (config: InternalAxiosRequestConfig) => Promise<{ status: number; data?: unknown }>;

/** A transport that answers from `handler`, failing like axios does for non-2xx answers. */
function fakeAdapter(handler: Handler): AxiosAdapter & { calls: InternalAxiosRequestConfig[] } {
  const calls: InternalAxiosRequestConfig[] = [];
  const adapter = (async (config: InternalAxiosRequestConfig) => {
    calls.push(config);
    const { status, data } = await handler(config);
    const response: AxiosResponse = { status, statusText: String(status), data, headers: {}, config };
    if (status >= 400) {
      throw new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_RESPONSE', config, undefined, response);
    }
    return response;
  }) as AxiosAdapter & { calls: InternalAxiosRequestConfig[] };
  adapter.calls = calls;
  return adapter;
}

const bearer = (config: InternalAxiosRequestConfig) => AxiosHeaders.from(config.headers).get('Authorization');
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('http client token handling', () => {
  let session: SessionStore;

  beforeEach(() => {
    session = createSessionStore(window.localStorage, 'test.session');
    session.set({ accessToken: 'old-access', refreshToken: 'old-refresh', expiresIn: 900 });
  });

  it('sends the access token as a bearer token', async () => {
    const adapter = fakeAdapter(async () => ({ status: 200, data: { ok: true } }));
    const { http } = createHttpClient({ session, adapter });

    await http.get('/api/me');

    expect(bearer(adapter.calls[0])).toBe('Bearer old-access');
  });

  it('refreshes once for concurrent 401s and retries every request with the new token', async () => {
    let refreshes = 0;
    const adapter = fakeAdapter(async (config) => {
      if (config.url === '/api/auth/refresh') {
        refreshes += 1;
        expect(JSON.parse(config.data as string)).toEqual({ refreshToken: 'old-refresh' });
        await delay(20);
        return { status: 200, data: { accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900 } };
      }
      return bearer(config) === 'Bearer new-access' ? { status: 200, data: config.url } : { status: 401 };
    });
    const onSessionExpired = vi.fn();
    const { http } = createHttpClient({ session, adapter, onSessionExpired });

    const results = await Promise.all(['/api/a', '/api/b', '/api/c'].map((url) => http.get(url)));

    expect(results.map((response) => response.data)).toEqual(['/api/a', '/api/b', '/api/c']);
    expect(refreshes).toBe(1);
    expect(session.get()).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh' });
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('retries without refreshing when the token was renewed while the request was on its way', async () => {
    let refreshes = 0;
    const adapter = fakeAdapter(async (config) => {
      if (config.url === '/api/auth/refresh') {
        refreshes += 1;
        return { status: 200, data: { accessToken: 'x', refreshToken: 'y', expiresIn: 900 } };
      }
      if (bearer(config) === 'Bearer old-access') {
        // Another tab renewed the session meanwhile.
        session.set({ accessToken: 'fresh-access', refreshToken: 'fresh-refresh', expiresIn: 900 });
        return { status: 401 };
      }
      return { status: 200, data: bearer(config) };
    });
    const { http } = createHttpClient({ session, adapter });

    const response = await http.get('/api/me');

    expect(response.data).toBe('Bearer fresh-access');
    expect(refreshes).toBe(0);
  });

  it('retries a request only once', async () => {
    const adapter = fakeAdapter(async (config) =>
      config.url === '/api/auth/refresh'
        ? { status: 200, data: { accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900 } }
        : { status: 401 },
    );
    const { http } = createHttpClient({ session, adapter });

    await expect(http.get('/api/me')).rejects.toMatchObject({ response: { status: 401 } });
    expect(adapter.calls.map((config) => config.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
  });

  it('ends the session once when the refresh is refused', async () => {
    const adapter = fakeAdapter(async () => ({ status: 401 }));
    const onSessionExpired = vi.fn();
    const { http } = createHttpClient({ session, adapter, onSessionExpired });

    const outcomes = await Promise.allSettled([http.get('/api/a'), http.get('/api/b')]);

    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(adapter.calls.filter((config) => config.url === '/api/auth/refresh')).toHaveLength(1);
    expect(session.get()).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the refresh fails for a network problem', async () => {
    const adapter = fakeAdapter(async (config) => {
      if (config.url === '/api/auth/refresh') throw new AxiosError('Network Error', 'ERR_NETWORK', config);
      return { status: 401 };
    });
    const onSessionExpired = vi.fn();
    const { http } = createHttpClient({ session, adapter, onSessionExpired });

    await expect(http.get('/api/me')).rejects.toBeInstanceOf(AxiosError);
    expect(session.get()?.refreshToken).toBe('old-refresh');
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('does not try to refresh for a refused login', async () => {
    const adapter = fakeAdapter(async () => ({ status: 401, data: { message: 'Invalid credentials' } }));
    const { http } = createHttpClient({ session, adapter });

    await expect(http.post('/api/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(adapter.calls).toHaveLength(1);
    expect(bearer(adapter.calls[0])).toBeFalsy();
  });

  it('does not try to refresh once signed out', async () => {
    session.clear();
    const adapter = fakeAdapter(async () => ({ status: 401 }));
    const onSessionExpired = vi.fn();
    const { http } = createHttpClient({ session, adapter, onSessionExpired });

    await expect(http.get('/api/me')).rejects.toBeInstanceOf(AxiosError);
    expect(adapter.calls).toHaveLength(1);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });
});
