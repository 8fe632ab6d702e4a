import type { Me } from '@kefu/contracts';
import { createContext, useContext } from 'react';

export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user; for components rendered inside the route guard, which loads it first. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser() is only available inside the route guard');
  return me;
}
