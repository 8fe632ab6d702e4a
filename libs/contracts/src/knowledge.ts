/** Kinds of knowledge item (F1). `voice` and `video` can only be sent through an official account. */
export const KNOWLEDGE_ITEM_TYPES = ['text', 'link', 'image', 'miniprogram', 'voice', 'video'] as const;
export type KnowledgeItemType = (typeof KNOWLEDGE_ITEM_TYPES)[number];

/** What a merchant sets on a knowledge item. */
export interface KnowledgeItemFields {
  /** 顺序ID: a positive integer, unique in the tenant; a customer sends it to get the item. */
  number: number;
  /** Unique in the tenant, compared after folding full-width forms and letter case; not digits only. */
  keyword: string;
  type: KnowledgeItemType;
  /** Link, mini-program card and video title (at most 64 characters). */
  title: string;
  /** Text items: the text sent. Placeholders: `[name]`, `[id]`, `{br}`, `(br)` (F2). */
  content: string;
  /** Link and video description. */
  description: string;
  /** Link items: the http(s) address opened. */
  url: string | null;
  /** Mini-program card: the page path with its query, e.g. `pages/index/index?x=1`. */
  pagePath: string | null;
  /** Picture of a link, image or card item, as an http(s) address. */
  pictureUrl: string | null;
  /** The uploaded media (picture, voice, video) once media assets exist (F3). */
  mediaAssetId: string | null;
  /** Sending the item also routes the customer to this agent (B4, B5). */
  agentId: string | null;
  /** Position in the merchant's list (lowest first). */
  sortOrder: number;
}

export interface KnowledgeItemView extends KnowledgeItemFields {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** POST body; `number` defaults to the next free number, `sortOrder` to the end of the list. */
export type CreateKnowledgeItemRequest = Partial<Omit<KnowledgeItemFields, 'keyword' | 'type'>> &
  Pick<KnowledgeItemFields, 'keyword' | 'type'>;

/** PATCH body: only the fields to change; the result is validated as a whole. */
export type UpdateKnowledgeItemRequest = Partial<KnowledgeItemFields>;

export interface KnowledgeItemPage {
  items: KnowledgeItemView[];
  total: number;
  page: number;
  pageSize: number;
}

/** PUT …/order: these items first, in this order; the others keep their order after them. */
export interface ReorderKnowledgeRequest {
  itemIds: string[];
}

/** What the cache holds for a tenant after a rebuild (C9 `生成缓存`). */
export interface KnowledgeCacheCounts {
  items: number;
  keywords: number;
  byType: Record<KnowledgeItemType, number>;
}

export type KnowledgeTransferFormat = 'json' | 'csv';

/** One refusal in an import: which row, which field, and why. */
export interface KnowledgeImportProblem {
  /** CSV: the row as a spreadsheet numbers it (the header is row 1). JSON: position in the array, from 1. */
  row: number;
  field: string;
  message: string;
}

export interface KnowledgeImportReport {
  format: KnowledgeTransferFormat;
  /** True when nothing was written. */
  dryRun: boolean;
  /** Data rows read. */
  rows: number;
  /** Rows that create a new item (by number). */
  created: number;
  /** Rows that replace the item with the same number. */
  updated: number;
  /** Rows refused; every reason is in `problems`. */
  refused: number;
  problems: KnowledgeImportProblem[];
  /** CSV columns that were not understood and were left out. */
  ignoredColumns: string[];
}

/** POST …/import with `Content-Type: application/json`: the file's text in `data`. */
export interface KnowledgeImportRequest {
  data: string;
}

/** The robot's best answer to a question (B6.4). */
export interface KnowledgeSearchResult {
  item: KnowledgeItemView | null;
  /** 0…1: the share of the question's weight the item covers. */
  score: number;
  /** Whether the score clears the threshold, so the robot should answer with the item. */
  confident: boolean;
}

/** What the system would do with a customer's text: a direct match (B4), else the robot's answer (B6.4). */
export interface KnowledgeAnswer {
  match: KnowledgeItemView | null;
  search: KnowledgeSearchResult;
}

/** Kinds of uploaded media (F3): pictures for image items and cards; voice and video for official accounts. */
export const MEDIA_KINDS = ['image', 'voice', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** What WeChat takes (protocol §8): formats and the largest file of each kind. */
export const MEDIA_LIMITS: Record<MediaKind, { bytes: number; formats: readonly string[]; contentTypes: readonly string[] }> = {
  image: { bytes: 2 * 1024 * 1024, formats: ['JPG', 'PNG'], contentTypes: ['image/jpeg', 'image/png'] },
  voice: { bytes: 2 * 1024 * 1024, formats: ['AMR', 'MP3'], contentTypes: ['audio/amr', 'audio/mpeg'] },
  video: { bytes: 10 * 1024 * 1024, formats: ['MP4'], contentTypes: ['video/mp4'] },
};

/**
 * A media file's WeChat media id on one channel: `uploaded` (valid until `expiresAt`, renewed
 * before then), `expired` (not needed lately; uploaded again when next sent), `missing` (uploaded
 * when first sent), `failed` (the last upload was refused; `error` says why).
 */
export type MediaChannelStatus = 'uploaded' | 'expired' | 'missing' | 'failed';

export interface MediaChannelState {
  channelId: string;
  channelName: string;
  status: MediaChannelStatus;
  uploadedAt: string | null;
  expiresAt: string | null;
  /** Why the last upload failed (WeChat's errcode and message), when it did. */
  error: string | null;
}

/** An item that uses a media file. */
export interface MediaUsage {
  id: string;
  number: number;
  keyword: string;
  title: string;
}

export interface MediaAssetView {
  id: string;
  kind: MediaKind;
  contentType: string;
  filename: string;
  size: number;
  sha256: string;
  /** Set when the file was fetched from an item's picture address rather than uploaded. */
  sourceUrl: string | null;
  createdAt: string;
  /** One entry per channel that can send this kind (mini-programs: pictures only). */
  channels: MediaChannelState[];
  usedBy: MediaUsage[];
}
