import {
  KNOWLEDGE_ITEM_TYPES,
  KnowledgeImportProblem,
  KnowledgeItemFields,
  KnowledgeItemType,
  KnowledgeTransferFormat,
} from '@kefu/contracts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { foldText } from '../match/fold-text';

/** Columns of an export, in order; an import reads the same names. */
export const EXPORT_COLUMNS = [
  'number',
  'keyword',
  'type',
  'title',
  'content',
  'description',
  'url',
  'pagePath',
  'pictureUrl',
  'mediaAssetId',
  'agentId',
  'sortOrder',
] as const satisfies readonly (keyof KnowledgeItemFields)[];

type Column = (typeof EXPORT_COLUMNS)[number] | 'link';

/**
 * Column names an import understands, folded: the English field names and the old module's table
 * (数字id, 关键字, 类型, 标题, 链接地址[小程序路径], 图片). `link` (链接地址) is the url of a link item and
 * the page path of a mini-program card.
 */
const HEADERS: Record<string, Column> = {
  ...Object.fromEntries(EXPORT_COLUMNS.map((column) => [column.toLowerCase(), column])),
  page_path: 'pagePath',
  picture_url: 'pictureUrl',
  media_asset_id: 'mediaAssetId',
  agent_id: 'agentId',
  sort_order: 'sortOrder',
  数字id: 'number',
  顺序id: 'number',
  编号: 'number',
  序号: 'number',
  关键字: 'keyword',
  关键词: 'keyword',
  类型: 'type',
  标题: 'title',
  内容: 'content',
  描述: 'description',
  链接地址: 'link',
  '链接地址[小程序路径]': 'link',
  链接: 'link',
  网址: 'url',
  小程序路径: 'pagePath',
  页面路径: 'pagePath',
  图片: 'pictureUrl',
  图片地址: 'pictureUrl',
  排序: 'sortOrder',
};

/** Type names an import understands besides the English ones: the old module's. */
const TYPE_NAMES: Record<string, KnowledgeItemType> = {
  文本: 'text',
  文字: 'text',
  图片: 'image',
  图文: 'link',
  图文链接: 'link',
  链接: 'link',
  小程序: 'miniprogram',
  小程序卡片: 'miniprogram',
  语音: 'voice',
  视频: 'video',
};

export interface ImportRow {
  /** CSV: as a spreadsheet numbers it (the header is row 1). JSON: position in the array, from 1. */
  row: number;
  fields: Partial<KnowledgeItemFields>;
}

export interface ParsedImport {
  rows: ImportRow[];
  /** Rows (or the whole file, row 0) that could not be read at all. */
  problems: KnowledgeImportProblem[];
  ignoredColumns: string[];
}

function headerKey(name: string): string {
  return foldText(name).replace(/\s+/g, '');
}

/** A file that could not be read at all: one problem of field `file` (row 0: the whole file). */
function unreadable(message: string, row = 0): ParsedImport {
  return { rows: [], problems: [{ row, field: 'file', message }], ignoredColumns: [] };
}

export function parseImport(text: string, format: KnowledgeTransferFormat): ParsedImport {
  return format === 'csv' ? parseCsv(text) : parseJson(text);
}

function parseCsv(text: string): ParsedImport {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
  } catch (error) {
    return unreadable(`The CSV cannot be read: ${(error as Error).message}`, (error as { lines?: number }).lines ?? 0);
  }
  const [header, ...data] = records;
  if (!header) return unreadable('The file is empty: it needs a header row');
  const columns = header.map((name) => HEADERS[headerKey(name)]);
  const ignoredColumns = header.filter((name, index) => !columns[index] && name.trim()).map((name) => name.trim());
  if (!columns.includes('keyword') || !columns.includes('type')) {
    return { ...unreadable('The header row needs at least the columns keyword (关键字) and type (类型)', 1), ignoredColumns };
  }
  const rows: ImportRow[] = [];
  const problems: KnowledgeImportProblem[] = [];
  data.forEach((record, index) => {
    if (record.every((cell) => !cell.trim())) return;
    const values: Partial<Record<Column, string>> = {};
    columns.forEach((column, position) => {
      if (column) values[column] = record[position] ?? '';
    });
    const row = index + 2;
    const read = readRow(row, values, columns.includes('content'));
    rows.push({ row, fields: read.fields });
    problems.push(...read.problems);
  });
  return { rows, problems, ignoredColumns };
}

function parseJson(text: string): ParsedImport {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return unreadable(`The JSON cannot be read: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) {
    return unreadable('The JSON must be an array of items (or { "items": [...] })');
  }
  const rows: ImportRow[] = [];
  const problems: KnowledgeImportProblem[] = [];
  const ignored = new Set<string>();
  list.forEach((entry, index) => {
    const row = index + 1;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      rows.push({ row, fields: {} });
      problems.push({ row, field: 'row', message: 'Each item must be an object' });
      return;
    }
    const values: Partial<Record<Column, unknown>> = {};
    for (const [name, value] of Object.entries(entry)) {
      const column = HEADERS[headerKey(name)];
      if (column) values[column] = value;
      else if (!['id', 'createdAt', 'updatedAt'].includes(name)) ignored.add(name);
    }
    const read = readRow(row, values, 'content' in values);
    rows.push({ row, fields: read.fields });
    problems.push(...read.problems);
  });
  return { rows, problems, ignoredColumns: [...ignored] };
}

/** Turns one row's raw values into fields; what cannot be turned is reported by field. */
function readRow(
  row: number,
  values: Partial<Record<Column, unknown>>,
  hasContentColumn: boolean,
): { fields: Partial<KnowledgeItemFields>; problems: KnowledgeImportProblem[] } {
  const problems: KnowledgeImportProblem[] = [];
  const fields: Partial<KnowledgeItemFields> = {};
  const text = (value: unknown): string | undefined =>
    value === undefined || value === null ? undefined : typeof value === 'string' ? value : String(value);

  for (const column of ['number', 'sortOrder'] as const) {
    const raw = text(values[column])?.trim();
    if (!raw) continue;
    const value = Number(foldText(raw));
    if (Number.isInteger(value)) fields[column] = value;
    else problems.push({ row, field: column, message: `${column} must be a whole number, got "${raw}"` });
  }

  const typeText = text(values.type)?.trim() ?? '';
  const typeKey = foldText(typeText).replace(/^回复/, '');
  const type = (KNOWLEDGE_ITEM_TYPES as readonly string[]).includes(typeKey)
    ? (typeKey as KnowledgeItemType)
    : TYPE_NAMES[typeKey];
  if (type) fields.type = type;
  else {
    problems.push({
      row,
      field: 'type',
      message: typeText
        ? `type "${typeText}" is not known: use ${KNOWLEDGE_ITEM_TYPES.join(', ')} (or 文本, 图片, 图文, 小程序, 语音, 视频)`
        : 'type is required',
    });
  }

  const textColumns = ['keyword', 'title', 'content', 'description', 'url', 'pagePath', 'pictureUrl', 'mediaAssetId', 'agentId'] as const;
  for (const column of textColumns) {
    const value = text(values[column]);
    if (value !== undefined) fields[column] = value;
    else if (values[column] === null) {
      // JSON null clears the field, as an empty CSV cell does.
      if (column === 'title' || column === 'content' || column === 'description') fields[column] = '';
      else if (column !== 'keyword') fields[column] = null;
    }
  }
  const link = text(values.link)?.trim();
  if (link) {
    if (type === 'miniprogram') fields.pagePath ??= link;
    else if (type === 'link') fields.url ??= link;
  }
  // The old table kept a text item's text in its 标题 column.
  if (type === 'text' && !hasContentColumn && fields.title) {
    fields.content = fields.title;
    fields.title = '';
  }
  return { fields, problems };
}

/** The items as a file an import reads back unchanged. */
export function exportItems(items: KnowledgeItemFields[], format: KnowledgeTransferFormat): string {
  const rows = items.map((item) => Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, item[column]])));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  // A byte order mark, so that spreadsheet programs read the Chinese text as UTF-8.
  return `\uFEFF${stringify(rows, { header: true, columns: [...EXPORT_COLUMNS], cast: { number: String } })}`;
}
