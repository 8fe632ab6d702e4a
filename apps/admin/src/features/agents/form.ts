import type { Agent, CreateAgentRequest, UpdateAgentRequest } from '@kefu/contracts';

export interface AgentFormValues {
  nickname: string;
  openid?: string;
  isAdmin: boolean;
  status?: Agent['status'];
}

/** New agent: an empty openid is left out, so the api issues a binding code. */
export function toCreateRequest(values: AgentFormValues): CreateAgentRequest {
  const openid = values.openid?.trim();
  return { nickname: values.nickname.trim(), isAdmin: values.isAdmin, ...(openid ? { openid } : {}) };
}

/** Changed fields only; clearing a bound openid unbinds the phone (null). */
export function toUpdateRequest(agent: Agent, values: AgentFormValues): UpdateAgentRequest {
  const body: UpdateAgentRequest = {};
  const nickname = values.nickname.trim();
  if (nickname !== agent.nickname) body.nickname = nickname;
  const openid = values.openid?.trim() || null;
  if (openid !== agent.openid) body.openid = openid;
  if (values.isAdmin !== agent.isAdmin) body.isAdmin = values.isAdmin;
  if (values.status && values.status !== agent.status) body.status = values.status;
  return body;
}

export function toFormValues(agent: Agent): AgentFormValues {
  return { nickname: agent.nickname, openid: agent.openid ?? '', isAdmin: agent.isAdmin, status: agent.status };
}
