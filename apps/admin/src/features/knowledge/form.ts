import type {
  CreateKnowledgeItemRequest,
  KnowledgeItemFields,
  KnowledgeItemType,
  KnowledgeItemView,
  MediaKind,
  UpdateKnowledgeItemRequest,
} from '@kefu/contracts';

/** What the editor's form holds. */
export interface KnowledgeFormValues {
  /** Empty on a new item: the api takes the next free number. */
  number?: number | null;
  keyword: string;
  type: KnowledgeItemType;
  title?: string;
  content?: string;
  description?: string;
  url?: string;
  pagePath?: string;
  pictureUrl?: string;
  /** The uploaded file: an image item's picture, a card's cover, a voice or video file. */
  mediaAssetId?: string | null;
  agentId?: string | null;
}

type EditableField = 'title' | 'content' | 'description' | 'url' | 'pagePath' | 'pictureUrl';

/** The fields each type shows in the editor and sends; the others are cleared. */
export const FIELDS_BY_TYPE: Record<KnowledgeItemType, readonly EditableField[]> = {
  text: ['content'],
  link: ['title', 'description', 'url', 'pictureUrl'],
  image: ['pictureUrl'],
  miniprogram: ['title', 'pagePath', 'pictureUrl'],
  voice: [],
  video: ['title', 'description', 'pictureUrl'],
};

/** The kind of uploaded file a type sends, if any (link pictures stay addresses: WeChat reads them itself). */
export const MEDIA_KIND_BY_TYPE: Record<KnowledgeItemType, MediaKind | null> = {
  text: null,
  link: null,
  image: 'image',
  miniprogram: 'image',
  voice: 'voice',
  video: 'video',
};

/** The fields a type needs before it can be saved (image and card pictures: the address or an upload). */
export const REQUIRED_BY_TYPE: Record<KnowledgeItemType, readonly EditableField[]> = {
  text: ['content'],
  link: ['title', 'url', 'pictureUrl'],
  image: ['pictureUrl'],
  miniprogram: ['title', 'pagePath', 'pictureUrl'],
  voice: [],
  video: [],
};

export const EMPTY_FORM: KnowledgeFormValues = {
  number: null,
  keyword: '',
  type: 'text',
  title: '',
  content: '',
  description: '',
  url: '',
  pagePath: '',
  pictureUrl: '',
  mediaAssetId: null,
  agentId: null,
};

export function itemToForm(item: KnowledgeItemView): KnowledgeFormValues {
  return {
    number: item.number,
    keyword: item.keyword,
    type: item.type,
    title: item.title,
    content: item.content,
    description: item.description,
    url: item.url ?? '',
    pagePath: item.pagePath ?? '',
    pictureUrl: item.pictureUrl ?? '',
    mediaAssetId: item.mediaAssetId,
    agentId: item.agentId,
  };
}

/** The type's own fields as the api takes them; the other types' fields emptied. */
function contentFields(values: KnowledgeFormValues): Pick<KnowledgeItemFields, EditableField> {
  const shown = FIELDS_BY_TYPE[values.type];
  const pick = (field: EditableField): string => (shown.includes(field) ? (values[field] ?? '') : '');
  const optional = (field: EditableField) => pick(field).trim() || null;
  return {
    title: pick('title').trim(),
    // Text content is sent as typed: leading spaces and line breaks are part of the message.
    content: pick('content'),
    description: pick('description').trim(),
    url: optional('url'),
    pagePath: optional('pagePath'),
    pictureUrl: optional('pictureUrl'),
  };
}

export function toCreateRequest(values: KnowledgeFormValues): CreateKnowledgeItemRequest {
  const request: CreateKnowledgeItemRequest = {
    keyword: values.keyword.trim(),
    type: values.type,
    ...contentFields(values),
    agentId: values.agentId || null,
  };
  if (MEDIA_KIND_BY_TYPE[values.type] && values.mediaAssetId) request.mediaAssetId = values.mediaAssetId;
  if (typeof values.number === 'number') request.number = values.number;
  return request;
}

/**
 * An edit sends the same fields as a new item (the form always holds the whole item), and lets go
 * of the uploaded file when the type sends none or the file was removed.
 */
export function toUpdateRequest(values: KnowledgeFormValues): UpdateKnowledgeItemRequest {
  return { mediaAssetId: null, ...toCreateRequest(values) };
}

/** A taken number or keyword, read from the api's 409 message. */
export interface Conflict {
  field: 'number' | 'keyword';
  value: string;
  /** The other item's title or keyword, when the api names it. */
  owner?: string;
}

export function readConflict(message: string): Conflict | null {
  const number = /^Number (\d+) is already used by (?:item "(.*)"|another item)$/s.exec(message);
  if (number) return { field: 'number', value: number[1], owner: number[2] };
  const keyword = /^Keyword "(.*?)" is already used by (?:item \d+ "(.*)"|another item)$/s.exec(message);
  if (keyword) return { field: 'keyword', value: keyword[1], owner: keyword[2] };
  if (/^Number\b/i.test(message)) return { field: 'number', value: '' };
  if (/^Keyword\b/i.test(message)) return { field: 'keyword', value: '' };
  return null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The `problems` of a 400 answer (field by field), if it has them. */
export function readProblems(body: unknown): FieldProblem[] {
  if (!body || typeof body !== 'object') return [];
  const problems = (body as { problems?: unknown }).problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter(
    (problem): problem is FieldProblem =>
      !!problem &&
      typeof (problem as FieldProblem).field === 'string' &&
      typeof (problem as FieldProblem).message === 'string',
  );
}

/** Guesses a file's format from its name; pasted text from its first character. */
export function detectFormat(nameOrText: string, isName: boolean): 'json' | 'csv' {
  if (isName) return /\.json$/i.test(nameOrText) ? 'json' : 'csv';
  const first = nameOrText.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}
