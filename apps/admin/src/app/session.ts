import type { TokenPair } from '@kefu/contracts';

/**
 * The signed-in session: the token pair, kept in localStorage so that a reload or a new tab
 * stays signed in. localStorage is readable by any script on the page, so the console must
 * never render untrusted HTML; the access token lives 15 minutes and the refresh token is
 * rotated on every use and revoked on logout, which bounds what a leaked pair is worth.
 */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
}

export interface SessionStore {
  get(): StoredSession | null;
  set(tokens: TokenPair): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

export const SESSION_STORAGE_KEY = 'kefu.admin.session';

function parse(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.accessToken === 'string' && typeof value.refreshToken === 'string') {
      return { accessToken: value.accessToken, refreshToken: value.refreshToken, expiresAt: Number(value.expiresAt) || 0 };
    }
  } catch {
    // A damaged entry counts as signed out.
  }
  return null;
}

export function createSessionStore(storage: Storage, key = SESSION_STORAGE_KEY): SessionStore {
  const listeners = new Set<() => void>();
  // Cached so that useSyncExternalStore sees a stable snapshot between changes.
  let current = parse(storage.getItem(key));

  const emit = () => listeners.forEach((listener) => listener());

  if (typeof window !== 'undefined') {
    // Another tab signed in or out.
    window.addEventListener('storage', (event) => {
      if (event.key !== key && event.key !== null) return;
      current = parse(storage.getItem(key));
      emit();
    });
  }

  return {
    get: () => current,
    set(tokens) {
      current = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: Date.now() + tokens.expiresIn * 1000,
      };
      storage.setItem(key, JSON.stringify(current));
      emit();
    },
    clear() {
      if (current === null && storage.getItem(key) === null) return;
      current = null;
      storage.removeItem(key);
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const session = createSessionStore(window.localStorage);
