import { useSyncExternalStore } from 'react';
import { session } from '../../../app/session';

/** The stored session, re-rendering when it changes (here or in another tab). */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}
