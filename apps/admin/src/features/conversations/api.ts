import type { Page, ReplyRequest, SessionDetail, SessionListQuery, SessionSummary, Transcript } from '@kefu/contracts';
import { http } from '../../app/http';

const base = (tenantId: string) => `/api/tenants/${tenantId}/sessions`;

export async function listSessions(tenantId: string, query: SessionListQuery): Promise<Page<SessionSummary>> {
  const { data } = await http.get<Page<SessionSummary>>(base(tenantId), { params: query });
  return data;
}

export async function getSession(tenantId: string, sessionId: string): Promise<SessionDetail> {
  const { data } = await http.get<SessionDetail>(`${base(tenantId)}/${sessionId}`);
  return data;
}

export async function getTranscript(tenantId: string, sessionId: string): Promise<Transcript> {
  const { data } = await http.get<Transcript>(`${base(tenantId)}/${sessionId}/messages`);
  return data;
}

export async function replyToSession(tenantId: string, sessionId: string, body: ReplyRequest): Promise<void> {
  await http.post(`${base(tenantId)}/${sessionId}/reply`, body);
}

/** Under `sessions`, which the live topics `sessions` and `messages` refresh. */
export const sessionKeys = {
  all: ['sessions'] as const,
  list: (tenantId: string, query: SessionListQuery) => [...sessionKeys.all, 'list', tenantId, query] as const,
  detail: (tenantId: string, sessionId: string) => [...sessionKeys.all, 'detail', tenantId, sessionId] as const,
  transcript: (tenantId: string, sessionId: string) => [...sessionKeys.all, 'transcript', tenantId, sessionId] as const,
};
