import type {
  Agent,
  CreateKnowledgeItemRequest,
  KnowledgeAnswer,
  KnowledgeCacheCounts,
  KnowledgeImportReport,
  KnowledgeImportRequest,
  KnowledgeItemPage,
  KnowledgeItemType,
  KnowledgeItemView,
  KnowledgeTransferFormat,
  ReorderKnowledgeRequest,
  UpdateKnowledgeItemRequest,
} from '@kefu/contracts';
import { http } from '../../app/http';

export interface KnowledgeListParams {
  type?: KnowledgeItemType;
  q?: string;
  page?: number;
  pageSize?: number;
}

const base = (tenantId: string) => `/api/tenants/${tenantId}/knowledge`;

export async function listItems(tenantId: string, params: KnowledgeListParams): Promise<KnowledgeItemPage> {
  const query = { ...params, q: params.q?.trim() || undefined };
  const { data } = await http.get<KnowledgeItemPage>(base(tenantId), { params: query });
  return data;
}

/** Every item matching the filter, in the merchant's order (for reordering). */
export async function listAllItems(tenantId: string, params: Omit<KnowledgeListParams, 'page' | 'pageSize'> = {}) {
  const items: KnowledgeItemView[] = [];
  for (let page = 1; ; page++) {
    const result = await listItems(tenantId, { ...params, page, pageSize: 200 });
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total) return items;
  }
}

export async function createItem(tenantId: string, body: CreateKnowledgeItemRequest): Promise<KnowledgeItemView> {
  const { data } = await http.post<KnowledgeItemView>(base(tenantId), body);
  return data;
}

export async function updateItem(
  tenantId: string,
  itemId: string,
  body: UpdateKnowledgeItemRequest,
): Promise<KnowledgeItemView> {
  const { data } = await http.patch<KnowledgeItemView>(`${base(tenantId)}/${itemId}`, body);
  return data;
}

export async function deleteItem(tenantId: string, itemId: string): Promise<void> {
  await http.delete(`${base(tenantId)}/${itemId}`);
}

export async function reorderItems(tenantId: string, itemIds: string[]): Promise<void> {
  const body: ReorderKnowledgeRequest = { itemIds };
  await http.put(`${base(tenantId)}/order`, body);
}

export async function rebuildCache(tenantId: string): Promise<KnowledgeCacheCounts> {
  const { data } = await http.post<KnowledgeCacheCounts>(`${base(tenantId)}/cache/rebuild`);
  return data;
}

export async function exportItems(tenantId: string, format: KnowledgeTransferFormat): Promise<Blob> {
  const { data } = await http.get<Blob>(`${base(tenantId)}/export`, { params: { format }, responseType: 'blob' });
  return data;
}

export async function importItems(
  tenantId: string,
  format: KnowledgeTransferFormat,
  text: string,
  dryRun: boolean,
): Promise<KnowledgeImportReport> {
  const body: KnowledgeImportRequest = { data: text };
  const { data } = await http.post<KnowledgeImportReport>(`${base(tenantId)}/import`, body, {
    params: { format, dryRun },
  });
  return data;
}

export async function askKnowledge(tenantId: string, text: string): Promise<KnowledgeAnswer> {
  const { data } = await http.get<KnowledgeAnswer>(`${base(tenantId)}/ask`, { params: { text } });
  return data;
}

export async function listAgents(tenantId: string): Promise<Agent[]> {
  const { data } = await http.get<Agent[]>(`/api/tenants/${tenantId}/agents`);
  return data;
}

export const knowledgeKeys = {
  all: (tenantId: string) => ['knowledge', tenantId] as const,
  list: (tenantId: string, params: KnowledgeListParams) => [...knowledgeKeys.all(tenantId), 'list', params] as const,
  agents: (tenantId: string) => ['knowledge', tenantId, 'agents'] as const,
};
