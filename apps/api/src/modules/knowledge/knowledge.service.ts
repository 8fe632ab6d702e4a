import type {
  CreateKnowledgeItemRequest,
  KnowledgeCacheCounts,
  KnowledgeImportReport,
  KnowledgeItemFields,
  KnowledgeItemPage,
  KnowledgeItemType,
  KnowledgeItemView,
  KnowledgeSearchResult,
  KnowledgeTransferFormat,
  UpdateKnowledgeItemRequest,
} from '@kefu/contracts';
import { KNOWLEDGE_ITEM_TYPES } from '@kefu/contracts';
import type { CustomMessage } from '@kefu/wechat';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { KnowledgeItem } from './entities/knowledge-item.entity';
import { KnowledgeCacheService } from './knowledge-cache.service';
import { FieldProblem, normalizeFields, validateItem, validateMedia } from './knowledge-item.rules';
import { toView } from './knowledge-item.view';
import { foldText, numberFromText } from './match/fold-text';
import { MediaService } from './media.service';
import { KnowledgeRenderError, MediaResolver, RenderTarget, renderItem } from './render/render-item';
import { SEARCH_THRESHOLD } from './search/knowledge-search';
import { exportItems, parseImport } from './transfer/knowledge-transfer';

// What callers need to render items, so other modules import nothing but this file.
export { KnowledgeRenderError } from './render/render-item';
export type { ChannelKind, MediaRef, MediaResolver, RenderTarget } from './render/render-item';
export type { RenderCustomer } from './render/render-text';

const NUMBER_KEY = 'knowledge_items_tenant_number_key';
const MEDIA_KEY = 'knowledge_items_media_asset_fkey';
const KEYWORD_KEY = 'knowledge_items_tenant_keyword_key';

export interface KnowledgeListQuery {
  type?: KnowledgeItemType;
  q?: string;
  page?: number;
  pageSize?: number;
}

/**
 * Knowledge items (F1), their rendering (F2) and the lookups the conversation engine makes (B4,
 * B6.4), all served from a per-tenant cache that every change refreshes on every instance (F4).
 * Every method takes the tenant first.
 */
@Injectable()
export class KnowledgeService {
  constructor(
    @InjectRepository(KnowledgeItem) private readonly items: Repository<KnowledgeItem>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: KnowledgeCacheService,
    private readonly media: MediaService,
  ) {}

  // ---- for the conversation engine -------------------------------------------------------------

  /**
   * B4: the item a customer's text asks for, or null. The text is trimmed and folded (full-width
   * forms, letter case; see foldText). Text made only of digits asks for that number, leading
   * zeros ignored (`03` → item 3); any other text is compared with the keywords.
   */
  async match(tenantId: string, text: string): Promise<KnowledgeItemView | null> {
    const knowledge = await this.cache.get(tenantId);
    const number = numberFromText(text);
    if (number !== null) return knowledge.byNumber.get(number) ?? null;
    const folded = foldText(text);
    return folded ? (knowledge.byKeyword.get(folded) ?? null) : null;
  }

  /** The item with this number (e.g. the tenant's welcome or farewell item, `@12:3#`), or null. */
  async findByNumber(tenantId: string, number: number): Promise<KnowledgeItemView | null> {
    return (await this.cache.get(tenantId)).byNumber.get(number) ?? null;
  }

  /**
   * B6.4: the item that best answers a free question, its score (0…1) and whether the score clears
   * the threshold, i.e. whether the robot should answer with it rather than with the fallback text.
   */
  async search(tenantId: string, question: string): Promise<KnowledgeSearchResult> {
    const hit = (await this.cache.get(tenantId)).index.best(question);
    if (!hit) return { item: null, score: 0, confident: false };
    const score = Math.round(hit.score * 1000) / 1000;
    return { item: hit.item, score, confident: hit.score >= SEARCH_THRESHOLD };
  }

  /**
   * F2: the custom-send message for an item (or the item with this number) to one recipient, with
   * `[name]`, `[id]`, `{br}` and `(br)` filled in. Media ids come from `resolveMedia`, which the
   * sender supplies for its channel (F3). Throws KnowledgeRenderError when the item cannot go to
   * this recipient (no such number, voice on a mini-program, …).
   */
  async render(
    tenantId: string,
    item: KnowledgeItemView | number,
    target: RenderTarget,
    resolveMedia: MediaResolver,
  ): Promise<CustomMessage> {
    const found = typeof item === 'number' ? await this.findByNumber(tenantId, item) : item;
    if (!found) throw new KnowledgeRenderError(`No knowledge item ${item as number}`);
    return renderItem(found, target, resolveMedia);
  }

  /**
   * F2 + F3: the message for a stored item to one recipient of a channel, with media ids valid on
   * that channel (uploaded when missing or about to expire). Throws KnowledgeRenderError when the
   * item cannot be sent (deleted, wrong channel kind, missing or unreadable picture); a failed
   * upload throws WeChat's error (WechatApiError, whose `kind` says whether to retry).
   */
  async renderForChannel(tenantId: string, itemId: string, target: RenderTarget, channelId: string): Promise<CustomMessage> {
    const item = (await this.cache.get(tenantId)).byId.get(itemId);
    if (!item) throw new KnowledgeRenderError(`Knowledge item ${itemId} was deleted: it can no longer be sent`);
    return renderItem(item, target, this.mediaResolver(tenantId, channelId));
  }

  /** F3: media ids of this channel for `render`, uploading files the channel does not have yet. */
  mediaResolver(tenantId: string, channelId: string): MediaResolver {
    return this.media.resolver(tenantId, channelId);
  }

  /** F3: WeChat answered 40007 for this media id; the next render uploads the file again. */
  forgetMediaId(tenantId: string, channelId: string, mediaId: string): Promise<void> {
    return this.media.forget(tenantId, channelId, mediaId);
  }

  /** C9 `生成缓存`: reads the tenant's items again on every instance now; answers with the counts. */
  async rebuildCache(tenantId: string): Promise<KnowledgeCacheCounts> {
    await this.cache.changed(tenantId);
    const knowledge = await this.cache.reload(tenantId);
    const byType = Object.fromEntries(KNOWLEDGE_ITEM_TYPES.map((type) => [type, 0])) as Record<KnowledgeItemType, number>;
    for (const view of knowledge.items) byType[view.type]++;
    return { items: knowledge.items.length, keywords: knowledge.byKeyword.size, byType };
  }

  // ---- for the console ---------------------------------------------------------------------------

  async list(tenantId: string, query: KnowledgeListQuery): Promise<KnowledgeItemPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const builder = this.items
      .createQueryBuilder('item')
      .where('item.tenant_id = :tenantId', { tenantId })
      .orderBy('item.sort_order', 'ASC')
      .addOrderBy('item.number', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (query.type) builder.andWhere('item.type = :type', { type: query.type });
    const q = query.q?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const number = numberFromText(q);
      builder.andWhere(
        new Brackets((where) => {
          where
            .where('item.keyword ILIKE :like', { like })
            .orWhere('item.title ILIKE :like')
            .orWhere('item.content ILIKE :like')
            .orWhere('item.description ILIKE :like');
          if (number !== null) where.orWhere('item.number = :number', { number });
        }),
      );
    }
    const [rows, total] = await builder.getManyAndCount();
    return { items: rows.map(toView), total, page, pageSize };
  }

  async get(tenantId: string, itemId: string): Promise<KnowledgeItemView> {
    return toView(await this.find(tenantId, itemId));
  }

  async create(tenantId: string, request: CreateKnowledgeItemRequest): Promise<KnowledgeItemView> {
    const saved = await this.write(tenantId, async (manager) => {
      const next = await this.nextPositions(manager, tenantId);
      const fields = normalizeFields({
        title: '',
        content: '',
        description: '',
        url: null,
        pagePath: null,
        pictureUrl: null,
        mediaAssetId: null,
        agentId: null,
        ...defined(request),
        keyword: request.keyword,
        type: request.type,
        number: request.number ?? next.number,
        sortOrder: request.sortOrder ?? next.sortOrder,
      });
      await this.assertValid(manager, tenantId, fields);
      await this.assertFree(manager, tenantId, fields);
      return manager.save(manager.create(KnowledgeItem, { ...fields, tenantId, keywordKey: foldText(fields.keyword) }));
    });
    return toView(saved);
  }

  async update(tenantId: string, itemId: string, request: UpdateKnowledgeItemRequest): Promise<KnowledgeItemView> {
    const saved = await this.write(tenantId, async (manager) => {
      const item = await this.find(tenantId, itemId, manager);
      const fields = normalizeFields({ ...fieldsOf(item), ...defined(request) });
      await this.assertValid(manager, tenantId, fields);
      await this.assertFree(manager, tenantId, fields, item.id);
      manager.merge(KnowledgeItem, item, { ...fields, keywordKey: foldText(fields.keyword) });
      return manager.save(item);
    }, itemId);
    return toView(saved);
  }

  async remove(tenantId: string, itemId: string): Promise<void> {
    const result = await this.items.delete({ tenantId, id: itemId });
    if (!result.affected) throw new NotFoundException('No such knowledge item');
    await this.cache.changed(tenantId);
  }

  /** These items first, in this order; the others keep their order after them. */
  async reorder(tenantId: string, itemIds: string[]): Promise<KnowledgeItemView[]> {
    if (new Set(itemIds).size !== itemIds.length) throw new BadRequestException('itemIds lists an item twice');
    const rows = await this.dataSource.transaction(async (manager) => {
      const all = await manager.find(KnowledgeItem, {
        where: { tenantId },
        order: { sortOrder: 'ASC', number: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const byId = new Map(all.map((item) => [item.id, item]));
      const unknown = itemIds.filter((id) => !byId.has(id));
      if (unknown.length) throw new NotFoundException(`No such knowledge item: ${unknown.join(', ')}`);
      const listed = new Set(itemIds);
      const ordered = [...itemIds.map((id) => byId.get(id)!), ...all.filter((item) => !listed.has(item.id))];
      const changed = ordered.filter((item, position) => item.sortOrder !== position);
      ordered.forEach((item, position) => (item.sortOrder = position));
      if (changed.length) await manager.save(changed);
      return ordered;
    });
    await this.cache.changed(tenantId);
    return rows.map(toView);
  }

  async export(tenantId: string, format: KnowledgeTransferFormat): Promise<string> {
    const rows = await this.items.find({ where: { tenantId }, order: { sortOrder: 'ASC', number: 'ASC' } });
    return exportItems(rows.map(fieldsOf), format);
  }

  /**
   * Imports a JSON or CSV file: a row whose number exists replaces that item, any other row adds one.
   * Every refused row is reported (row, field, why); all other rows are written in one transaction,
   * or none at all with `dryRun`.
   */
  async import(
    tenantId: string,
    format: KnowledgeTransferFormat,
    text: string,
    dryRun: boolean,
  ): Promise<KnowledgeImportReport> {
    const parsed = parseImport(text, format);
    const report: KnowledgeImportReport = {
      format,
      dryRun,
      rows: parsed.rows.length,
      created: 0,
      updated: 0,
      refused: 0,
      problems: [...parsed.problems],
      ignoredColumns: parsed.ignoredColumns,
    };
    // Problems of the whole file (field `file`) refuse no row of their own: the file had none to read.
    const refusedRows = new Set(parsed.problems.filter((problem) => problem.field !== 'file').map((problem) => problem.row));

    await this.write(tenantId, async (manager) => {
      const existing = await manager.find(KnowledgeItem, { where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      const byNumber = new Map(existing.map((item) => [item.number, item]));
      const assets = await this.media.filesOf(
        tenantId,
        parsed.rows.flatMap(({ fields }) => (fields.mediaAssetId ? [fields.mediaAssetId.trim()] : [])),
        manager,
      );
      const next = await this.nextPositions(manager, tenantId);
      // Who holds each keyword once this import is applied: existing items not replaced, then the file's rows.
      const keywordOwner = new Map<string, { number: number; title: string; row?: number }>();
      const numbersInFile = new Map<number, number>();
      const accepted: { row: number; fields: KnowledgeItemFields; target?: KnowledgeItem }[] = [];
      // Rows without a number get numbers after every number in use, in the file or in the tenant.
      let autoNumber =
        parsed.rows.reduce((highest, { fields }) => Math.max(highest, fields.number ?? 0), next.number - 1) + 1;
      let autoSortOrder = next.sortOrder;

      for (const { row, fields: raw } of parsed.rows) {
        if (refusedRows.has(row)) continue;
        const problems: FieldProblem[] = [];
        const target = raw.number !== undefined ? byNumber.get(raw.number) : undefined;
        const fields = normalizeFields({
          ...(target ? fieldsOf(target) : emptyFields()),
          ...raw,
          number: raw.number ?? autoNumber,
          sortOrder: raw.sortOrder ?? target?.sortOrder ?? autoSortOrder,
        } as KnowledgeItemFields);
        problems.push(...validateItem(fields));
        if (!problems.length && fields.mediaAssetId) problems.push(...validateMedia(fields, assets.get(fields.mediaAssetId)));
        const firstRow = numbersInFile.get(fields.number);
        if (firstRow !== undefined) {
          const message = `Number ${fields.number} is already used by row ${firstRow} of this file`;
          problems.push({ field: 'number', message });
        }
        if (problems.length) {
          report.problems.push(...problems.map((problem) => ({ row, ...problem })));
          refusedRows.add(row);
          continue;
        }
        numbersInFile.set(fields.number, row);
        if (raw.number === undefined) autoNumber++;
        if (raw.sortOrder === undefined && !target) autoSortOrder++;
        accepted.push({ row, fields, target });
      }

      const replaced = new Set(accepted.flatMap(({ target }) => (target ? [target.id] : [])));
      for (const item of existing) {
        if (replaced.has(item.id)) continue;
        keywordOwner.set(item.keywordKey, { number: item.number, title: item.title || item.keyword });
      }
      const writable: typeof accepted = [];
      for (const entry of accepted) {
        const key = foldText(entry.fields.keyword);
        const owner = keywordOwner.get(key);
        if (owner) {
          const holder = owner.row !== undefined ? `row ${owner.row} of this file` : `item ${owner.number} "${owner.title}"`;
          const message = `Keyword "${entry.fields.keyword}" is already used by ${holder}`;
          report.problems.push({ row: entry.row, field: 'keyword', message });
          refusedRows.add(entry.row);
          continue;
        }
        keywordOwner.set(key, { number: entry.fields.number, title: entry.fields.title, row: entry.row });
        writable.push(entry);
      }

      report.refused = refusedRows.size;
      report.created = writable.filter((entry) => !entry.target).length;
      report.updated = writable.length - report.created;
      report.problems.sort((a, b) => a.row - b.row);
      if (dryRun || writable.length === 0) return null;

      // Replaced items give up their keywords first, so keywords can move between items in one file.
      for (const { target } of writable) {
        if (target) await manager.update(KnowledgeItem, { id: target.id }, { keywordKey: `~${target.id}`.slice(0, 64) });
      }
      for (const { fields, target } of writable) {
        const values = { ...fields, tenantId, keywordKey: foldText(fields.keyword) };
        if (target) await manager.save(manager.merge(KnowledgeItem, target, values));
        else await manager.save(manager.create(KnowledgeItem, values));
      }
      return null;
    }, undefined, !dryRun);
    return report;
  }

  // ---- internals -------------------------------------------------------------------------------

  private async find(tenantId: string, itemId: string, manager?: EntityManager): Promise<KnowledgeItem> {
    const item = await (manager ?? this.dataSource.manager).findOne(KnowledgeItem, { where: { tenantId, id: itemId } });
    if (!item) throw new NotFoundException('No such knowledge item');
    return item;
  }

  private async assertValid(manager: EntityManager, tenantId: string, fields: KnowledgeItemFields): Promise<void> {
    const problems = validateItem(fields);
    if (!problems.length && fields.mediaAssetId) {
      const assets = await this.media.filesOf(tenantId, [fields.mediaAssetId], manager);
      problems.push(...validateMedia(fields, assets.get(fields.mediaAssetId)));
    }
    if (problems.length) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: problems.map((problem) => problem.message),
        problems,
      });
    }
  }

  /**
   * The usual case of a taken number or keyword, answered without a failed statement. Two saves at
   * the same moment can both pass this; the unique indexes then refuse one (see explain()).
   */
  private async assertFree(
    manager: EntityManager,
    tenantId: string,
    fields: KnowledgeItemFields,
    selfId?: string,
  ): Promise<void> {
    const keywordKey = foldText(fields.keyword);
    const holders = await manager
      .createQueryBuilder(KnowledgeItem, 'item')
      .where('item.tenant_id = :tenantId', { tenantId })
      .andWhere('(item.number = :number OR item.keyword_key = :keywordKey)', { number: fields.number, keywordKey })
      .getMany();
    for (const other of holders) {
      if (other.id === selfId) continue;
      if (other.number === fields.number) throw numberTaken(other);
      throw keywordTaken(other);
    }
  }

  private async nextPositions(manager: EntityManager, tenantId: string): Promise<{ number: number; sortOrder: number }> {
    const row = await manager
      .createQueryBuilder(KnowledgeItem, 'item')
      .select('COALESCE(MAX(item.number), 0) + 1', 'number')
      .addSelect('COALESCE(MAX(item.sort_order), -1) + 1', 'sortOrder')
      .where('item.tenant_id = :tenantId', { tenantId })
      .getRawOne<{ number: string; sortOrder: string }>();
    return { number: Number(row?.number ?? 1), sortOrder: Number(row?.sortOrder ?? 0) };
  }

  /**
   * Runs a change in a transaction, turns unique-index violations into 409 answers naming the item
   * that holds the number or keyword, and refreshes the cache on every instance after the commit.
   */
  private async write<T>(
    tenantId: string,
    change: (manager: EntityManager) => Promise<T>,
    selfId?: string,
    announce = true,
  ): Promise<T> {
    let result: T;
    try {
      result = await this.dataSource.transaction(change);
    } catch (error) {
      throw await this.explain(tenantId, error, selfId);
    }
    if (announce) await this.cache.changed(tenantId);
    return result;
  }

  private async explain(tenantId: string, error: unknown, selfId?: string): Promise<unknown> {
    if (!(error instanceof QueryFailedError)) return error;
    const driver = error.driverError as { code?: string; constraint?: string; detail?: string };
    if (driver.code === '23503' && driver.constraint === MEDIA_KEY) {
      return new BadRequestException('The uploaded file was deleted meanwhile: upload it again and choose it in the item');
    }
    if (driver.code === '23503' && driver.constraint?.includes('tenant')) return new NotFoundException('No such tenant');
    if (driver.code !== '23505') return error;
    const value = /=\([^,]*, (.*)\)/.exec(driver.detail ?? '')?.[1];
    if (driver.constraint === NUMBER_KEY && value !== undefined) {
      const other = await this.items.findOne({ where: { tenantId, number: Number(value) } });
      if (other && other.id !== selfId) return numberTaken(other);
      return new ConflictException(`Number ${value} is already used by another item`);
    }
    if (driver.constraint === KEYWORD_KEY && value !== undefined) {
      const other = await this.items.findOne({ where: { tenantId, keywordKey: value } });
      if (other && other.id !== selfId) return keywordTaken(other);
      return new ConflictException(`Keyword "${value}" is already used by another item`);
    }
    return error;
  }
}

function numberTaken(other: KnowledgeItem): ConflictException {
  return new ConflictException(`Number ${other.number} is already used by item "${other.title || other.keyword}"`);
}

function keywordTaken(other: KnowledgeItem): ConflictException {
  return new ConflictException(
    `Keyword "${other.keyword}" is already used by item ${other.number} "${other.title || other.keyword}"`,
  );
}

function fieldsOf(item: KnowledgeItem): KnowledgeItemFields {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = toView(item);
  return fields;
}

function emptyFields(): Omit<KnowledgeItemFields, 'number' | 'keyword' | 'type' | 'sortOrder'> {
  return { title: '', content: '', description: '', url: null, pagePath: null, pictureUrl: null, mediaAssetId: null, agentId: null };
}

/** The properties that were given (a DTO may carry absent ones as undefined). */
function defined<T extends object>(request: T): Partial<T> {
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)) as Partial<T>;
}
