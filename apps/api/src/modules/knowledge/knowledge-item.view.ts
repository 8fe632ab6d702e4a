import type { KnowledgeItemView } from '@kefu/contracts';
import { KnowledgeItem } from './entities/knowledge-item.entity';

/** The item as the api and the other modules see it (a plain, frozen object). */
export function toView(item: KnowledgeItem): KnowledgeItemView {
  return Object.freeze({
    id: item.id,
    number: item.number,
    keyword: item.keyword,
    type: item.type,
    title: item.title,
    content: item.content,
    description: item.description,
    url: item.url,
    pagePath: item.pagePath,
    pictureUrl: item.pictureUrl,
    mediaAssetId: item.mediaAssetId,
    agentId: item.agentId,
    sortOrder: item.sortOrder,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  });
}
