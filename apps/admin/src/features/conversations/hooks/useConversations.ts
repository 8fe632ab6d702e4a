import type { SessionListQuery } from '@kefu/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getSession, getTranscript, listSessions, replyToSession, sessionKeys } from '../api';

export function useSessions(tenantId: string, query: SessionListQuery) {
  return useQuery({
    queryKey: sessionKeys.list(tenantId, query),
    queryFn: () => listSessions(tenantId, query),
    placeholderData: keepPreviousData,
  });
}

export function useSession(tenantId: string, sessionId: string | undefined) {
  return useQuery({
    queryKey: sessionKeys.detail(tenantId, sessionId ?? ''),
    queryFn: () => getSession(tenantId, sessionId!),
    enabled: !!sessionId,
  });
}

export function useTranscript(tenantId: string, sessionId: string | undefined) {
  return useQuery({
    queryKey: sessionKeys.transcript(tenantId, sessionId ?? ''),
    queryFn: () => getTranscript(tenantId, sessionId!),
    enabled: !!sessionId,
  });
}

export function useReply(tenantId: string, sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => replyToSession(tenantId, sessionId, { text }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.transcript(tenantId, sessionId) }),
  });
}
