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
  MediaAssetView,
  MediaKind,
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

const mediaBase = (tenantId: string) => `/api/tenants/${tenantId}/media`;

/** Uploads a file for an item; the same file uploaded twice answers the one stored. */
export async function uploadMedia(
  tenantId: string,
  file: Blob & { name?: string },
  kind: MediaKind,
  onProgress?: (percent: number) => void,
): Promise<MediaAssetView> {
  const form = new FormData();
  form.append('file', file, file.name ?? 'file');
  const { data } = await http.post<MediaAssetView>(mediaBase(tenantId), form, {
    params: { kind },
    onUploadProgress: (event) => onProgress?.(event.total ? Math.round((event.loaded / event.total) * 100) : 0),
  });
  return data;
}

export async function getMedia(tenantId: string, mediaId: string): Promise<MediaAssetView> {
  const { data } = await http.get<MediaAssetView>(`${mediaBase(tenantId)}/${mediaId}`);
  return data;
}

/** The stored bytes (they need the sign-in, so an <img> cannot load them by address). */
export async function getMediaFile(tenantId: string, mediaId: string): Promise<Blob> {
  const { data } = await http.get<Blob>(`${mediaBase(tenantId)}/${mediaId}/file`, { responseType: 'blob' });
  return data;
}

export const knowledgeKeys = {
  all: (tenantId: string) => ['knowledge', tenantId] as const,
  media: (tenantId: string, mediaId: string) => ['knowledge', tenantId, 'media', mediaId] as const,
  mediaFile: (tenantId: string, mediaId: string) => ['knowledge', tenantId, 'media', mediaId, 'file'] as const,
  list: (tenantId: string, params: KnowledgeListParams) => [...knowledgeKeys.all(tenantId), 'list', params] as const,
  agents: (tenantId: string) => ['knowledge', tenantId, 'agents'] as const,
};
