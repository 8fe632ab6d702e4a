import axios, {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { TokenPair } from '@kefu/contracts';
import { session as defaultSession, type SessionStore } from './session';

export const AUTH_PATHS = {
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
} as const;

interface RetriableConfig extends InternalAxiosRequestConfig {
  _retried?: boolean;
}

export interface HttpClientOptions {
  session: SessionStore;
  /** Called when the session cannot be renewed, after the tokens are cleared. */
  onSessionExpired?: () => void;
  baseURL?: string;
  /** Transport override, for tests. */
  adapter?: AxiosAdapter;
}

export interface HttpClient {
  http: AxiosInstance;
  /** Renews the token pair; concurrent callers share one request. Resolves to the new access token. */
  refresh(): Promise<string>;
  setSessionExpiredHandler(handler: () => void): void;
}

const isAuthCall = (url: string | undefined) =>
  !!url && (url.endsWith(AUTH_PATHS.login) || url.endsWith(AUTH_PATHS.refresh) || url.endsWith(AUTH_PATHS.logout));

function isRefusal(error: unknown): boolean {
  if (!(error instanceof AxiosError)) return true;
  const status = error.response?.status;
  return status === 400 || status === 401 || status === 403;
}

function bearerOf(config: InternalAxiosRequestConfig): string | undefined {
  const value = AxiosHeaders.from(config.headers).get('Authorization');
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { session } = options;
  let onSessionExpired = options.onSessionExpired ?? (() => undefined);
  const shared = { baseURL: options.baseURL ?? '', adapter: options.adapter, timeout: 20000 };

  const http = axios.create(shared);
  // The refresh call goes through its own instance so that it never meets the interceptors below.
  const bare = axios.create(shared);

  let inFlight: Promise<string> | null = null;

  function expire() {
    // Concurrent requests may all find the session over; tell the app once.
    if (session.get() === null) return;
    session.clear();
    onSessionExpired();
  }

  function refresh(): Promise<string> {
    if (inFlight) return inFlight;
    const refreshToken = session.get()?.refreshToken;
    if (!refreshToken) return Promise.reject(new Error('No refresh token'));
    inFlight = bare
      .post<TokenPair>(AUTH_PATHS.refresh, { refreshToken })
      .then(({ data }) => {
        session.set(data);
        return data.accessToken;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  http.interceptors.request.use((config) => {
    const token = session.get()?.accessToken;
    if (token && !isAuthCall(config.url)) {
      config.headers.set('Authorization', `Bearer ${token}`);
    }
    return config;
  });

  http.interceptors.response.use(undefined, async (error: unknown) => {
    if (!(error instanceof AxiosError) || error.response?.status !== 401 || !error.config) throw error;
    const config = error.config as RetriableConfig;
    if (config._retried || isAuthCall(config.url)) throw error;

    const current = session.get();
    // Signed out meanwhile (here or in another tab): the route guard takes it from here.
    if (!current) throw error;

    config._retried = true;
    let accessToken: string;
    if (bearerOf(config) !== current.accessToken) {
      // The token was renewed while this request was on its way: just try again with the new one.
      accessToken = current.accessToken;
    } else {
      try {
        accessToken = await refresh();
      } catch (refreshError) {
        // Only a refusal ends the session; a network failure or a server error may pass.
        if (isRefusal(refreshError)) expire();
        throw error;
      }
    }
    config.headers.set('Authorization', `Bearer ${accessToken}`);
    return http.request(config);
  });

  return {
    http,
    refresh,
    setSessionExpiredHandler(handler) {
      onSessionExpired = handler;
    },
  };
}

export const client = createHttpClient({ session: defaultSession });
export const http = client.http;
