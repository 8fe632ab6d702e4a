import type { CreateKnowledgeItemRequest, KnowledgeTransferFormat, MediaKind, UpdateKnowledgeItemRequest } from '@kefu/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentUser } from '../../auth/currentUser';
import {
  askKnowledge,
  createItem,
  deleteItem,
  getMedia,
  getMediaFile,
  importItems,
  knowledgeKeys,
  listAgents,
  listAllItems,
  listItems,
  rebuildCache,
  reorderItems,
  updateItem,
  uploadMedia,
  type KnowledgeListParams,
} from '../api';
import { moveInOrder } from '../order';

/** The signed-in tenant admin's tenant. */
export function useTenantId(): string {
  const me = useCurrentUser();
  return me.tenantId ?? '';
}

export function useKnowledgeList(params: KnowledgeListParams) {
  const tenantId = useTenantId();
  return useQuery({
    queryKey: knowledgeKeys.list(tenantId, params),
    queryFn: () => listItems(tenantId, params),
    enabled: !!tenantId,
    placeholderData: keepPreviousData,
  });
}

export function useAgents() {
  const tenantId = useTenantId();
  return useQuery({
    queryKey: knowledgeKeys.agents(tenantId),
    queryFn: () => listAgents(tenantId),
    enabled: !!tenantId,
    staleTime: 60_000,
    retry: false,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  const tenantId = useTenantId();
  return () => queryClient.invalidateQueries({ queryKey: [...knowledgeKeys.all(tenantId), 'list'] });
}

export function useSaveItem() {
  const tenantId = useTenantId();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id?: string; create?: CreateKnowledgeItemRequest; update?: UpdateKnowledgeItemRequest }) =>
      input.id ? updateItem(tenantId, input.id, input.update ?? {}) : createItem(tenantId, input.create!),
    onSuccess: invalidate,
  });
}

export function useDeleteItem() {
  const tenantId = useTenantId();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (itemId: string) => deleteItem(tenantId, itemId), onSuccess: invalidate });
}

/**
 * Moves an item one place up or down among the items the filter shows, swapping it with its
 * neighbour there; the whole order is sent, so items outside the filter keep their places.
 */
export function useMoveItem() {
  const tenantId = useTenantId();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (input: { itemId: string; direction: -1 | 1; filter: Pick<KnowledgeListParams, 'type' | 'q'> }) => {
      const filtered = input.filter.type || input.filter.q?.trim() ? await listAllItems(tenantId, input.filter) : null;
      const all = await listAllItems(tenantId);
      const order = all.map((item) => item.id);
      const next = moveInOrder(order, filtered ? filtered.map((item) => item.id) : order, input.itemId, input.direction);
      if (next) await reorderItems(tenantId, next);
    },
    onSettled: invalidate,
  });
}

export function useRebuildCache() {
  const tenantId = useTenantId();
  return useMutation({ mutationFn: () => rebuildCache(tenantId) });
}

export function useImport() {
  const tenantId = useTenantId();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { format: KnowledgeTransferFormat; text: string; dryRun: boolean }) =>
      importItems(tenantId, input.format, input.text, input.dryRun),
    onSuccess: (report) => {
      if (!report.dryRun) void invalidate();
    },
  });
}

export function useAsk() {
  const tenantId = useTenantId();
  return useMutation({ mutationFn: (text: string) => askKnowledge(tenantId, text) });
}

/** An uploaded file with its media id state on each channel (refreshed every minute while shown). */
export function useMediaAsset(mediaId: string | null | undefined) {
  const tenantId = useTenantId();
  return useQuery({
    queryKey: knowledgeKeys.media(tenantId, mediaId ?? ''),
    queryFn: () => getMedia(tenantId, mediaId!),
    enabled: !!tenantId && !!mediaId,
    refetchInterval: 60_000,
    retry: false,
  });
}

/** The stored file as a data: address the browser can show (the file itself needs the sign-in). */
export function useMediaDataUrl(mediaId: string | null | undefined): string | undefined {
  const tenantId = useTenantId();
  const file = useQuery({
    queryKey: knowledgeKeys.mediaFile(tenantId, mediaId ?? ''),
    queryFn: async () => readAsDataUrl(await getMediaFile(tenantId, mediaId!)),
    enabled: !!tenantId && !!mediaId,
    // The bytes behind an id never change.
    staleTime: Infinity,
    retry: false,
  });
  return mediaId ? file.data : undefined;
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(blob);
  });
}

export function useUploadMedia() {
  const tenantId = useTenantId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { file: Blob & { name?: string }; kind: MediaKind; onProgress?: (percent: number) => void }) =>
      uploadMedia(tenantId, input.file, input.kind, input.onProgress),
    onSuccess: (asset) => queryClient.setQueryData(knowledgeKeys.media(tenantId, asset.id), asset),
  });
}
