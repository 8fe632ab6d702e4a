import type { Agent, CreateAgentRequest, UpdateAgentRequest } from '@kefu/contracts';
import { http } from '../../app/http';

const base = (tenantId: string) => `/api/tenants/${tenantId}/agents`;

export async function listAgents(tenantId: string): Promise<Agent[]> {
  const { data } = await http.get<Agent[]>(base(tenantId));
  return data;
}

export async function createAgent(tenantId: string, body: CreateAgentRequest): Promise<Agent> {
  const { data } = await http.post<Agent>(base(tenantId), body);
  return data;
}

export async function updateAgent(tenantId: string, agentId: string, body: UpdateAgentRequest): Promise<Agent> {
  const { data } = await http.patch<Agent>(`${base(tenantId)}/${agentId}`, body);
  return data;
}

export async function deleteAgent(tenantId: string, agentId: string): Promise<void> {
  await http.delete(`${base(tenantId)}/${agentId}`);
}

export async function newBindingCode(tenantId: string, agentId: string): Promise<Agent> {
  const { data } = await http.post<Agent>(`${base(tenantId)}/${agentId}/binding-code`);
  return data;
}

export const agentKeys = {
  all: ['agents'] as const,
  list: (tenantId: string) => [...agentKeys.all, tenantId] as const,
};
