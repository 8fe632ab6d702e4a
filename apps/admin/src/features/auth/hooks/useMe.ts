import { useQuery } from '@tanstack/react-query';
import { authKeys, fetchMe } from '../api';
import { useSession } from './useSession';

export function useMe() {
  const signedIn = useSession() !== null;
  return useQuery({ queryKey: authKeys.me(), queryFn: fetchMe, enabled: signedIn, staleTime: 5 * 60_000 });
}
