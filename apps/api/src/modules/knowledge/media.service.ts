import { createHash } from 'node:crypto';
import { MEDIA_LIMITS, type MediaAssetView, type MediaChannelState, type MediaKind, type MediaUsage } from '@kefu/contracts';
import { WechatApiError } from '@kefu/wechat';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { ChannelCredentials, ChannelsService } from '../tenants/channels.service';
import { WechatClientsService } from '../tenants/wechat-clients.service';
import { KnowledgeItem } from './entities/knowledge-item.entity';
import { MediaAsset } from './entities/media-asset.entity';
import { MediaId } from './entities/media-id.entity';
import { checkMediaFile } from './media/media-file';
import { fetchPicture, PictureFetchError } from './media/fetch-picture';
import { KnowledgeRenderError, MediaRef, MediaResolver } from './render/render-item';

/** WeChat keeps temporary media 3 days (protocol §8). */
export const MEDIA_LIFETIME_MS = 3 * 24 * 3600_000;
/** A media id with less than this left is uploaded again, by the renewal job or by the next send. */
export const RENEW_BEFORE_MS = 12 * 3600_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KIND_NAMES: Record<MediaKind, string> = { image: 'picture', voice: 'voice file', video: 'video' };
/** The file kind each media role of a message needs. */
const KIND_BY_ROLE: Record<MediaRef['role'], MediaKind> = { image: 'image', thumb: 'image', voice: 'voice', video: 'video' };

/** Item types whose picture address is turned into an uploaded copy (link items send the address itself). */
const FETCHED_PICTURE_TYPES = ['image', 'miniprogram', 'video'];

export interface UploadedFile {
  data: Buffer;
  filename: string;
  /** The file went on past the bytes read (the upload limit). */
  truncated?: boolean;
}

export interface RenewalReport {
  renewed: number;
  failed: number;
}

/**
 * F3: media files stored once per tenant, and their WeChat media ids per channel. A media id is
 * uploaded the first time a channel needs it, uploaded again by the renewal job before it expires
 * (`renewExpiring`), and forgotten when WeChat refuses it (40007), so the next send uploads again.
 * Every method takes the tenant first.
 */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);
  /** Uploads and fetches in progress in this process, so concurrent sends share one. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    @InjectRepository(MediaAsset) private readonly assets: Repository<MediaAsset>,
    @InjectRepository(MediaId) private readonly mediaIds: Repository<MediaId>,
    @InjectRepository(KnowledgeItem) private readonly items: Repository<KnowledgeItem>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly wechat: WechatClientsService,
  ) {}

  // ---- for the console ---------------------------------------------------------------------------

  /**
   * Stores a file once per tenant (the same bytes answer the asset already stored). `expected`
   * narrows the kinds taken. Refuses what WeChat would refuse, saying what to do instead.
   */
  async upload(tenantId: string, file: UploadedFile, expected?: MediaKind): Promise<{ asset: MediaAssetView; created: boolean }> {
    const checked = checkMediaFile(file.data, file.filename, expected, file.truncated);
    if (!checked.ok) {
      throw checked.status === 413 ? new PayloadTooLargeException(checked.message) : new BadRequestException(checked.message);
    }
    const { asset, created } = await this.store(tenantId, file.data, checked, null);
    return { asset: await this.view(tenantId, asset), created };
  }

  async list(tenantId: string, kind?: MediaKind): Promise<MediaAssetView[]> {
    const rows = await this.assets.find({ where: { tenantId, ...(kind ? { kind } : {}) }, order: { createdAt: 'DESC' } });
    return this.views(tenantId, rows);
  }

  async get(tenantId: string, assetId: string): Promise<MediaAssetView> {
    return this.view(tenantId, await this.require(tenantId, assetId));
  }

  /** The stored bytes, for the console's preview. */
  async file(tenantId: string, assetId: string): Promise<{ data: Buffer; contentType: string; filename: string }> {
    const asset = await this.assets
      .createQueryBuilder('asset')
      .addSelect('asset.data')
      .where('asset.tenant_id = :tenantId AND asset.id = :assetId', { tenantId, assetId })
      .getOne();
    if (!asset) throw new NotFoundException('No such media file');
    return { data: asset.data, contentType: asset.contentType, filename: asset.filename };
  }

  /** Refused with 409 while an item sends the file; the message names those items. */
  async remove(tenantId: string, assetId: string): Promise<void> {
    const asset = await this.require(tenantId, assetId);
    const users = await this.items.find({
      where: { tenantId, mediaAssetId: asset.id },
      order: { number: 'ASC' },
      select: { id: true, number: true, keyword: true, title: true },
    });
    if (users.length) throw inUse(asset, users);
    try {
      await this.assets.delete({ tenantId, id: asset.id });
    } catch (error) {
      // An item took the file between the check and the delete.
      if ((error as { driverError?: { code?: string } }).driverError?.code !== '23503') throw error;
      throw inUse(asset, await this.items.find({ where: { tenantId, mediaAssetId: asset.id }, order: { number: 'ASC' } }));
    }
  }

  /** The kind and name of each of these assets the tenant has (for checking items). */
  async filesOf(
    tenantId: string,
    assetIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { kind: MediaKind; filename: string }>> {
    const wellFormed = [...new Set(assetIds)].filter((id) => UUID.test(id));
    if (!wellFormed.length) return new Map();
    const rows = await manager.find(MediaAsset, {
      where: { tenantId, id: In(wellFormed) },
      select: { id: true, kind: true, filename: true },
    });
    return new Map(rows.map((row) => [row.id, { kind: row.kind, filename: row.filename }]));
  }

  // ---- for senders -------------------------------------------------------------------------------

  /**
   * The media ids of one channel: a stored file's id on that channel, uploading it when it has
   * none or its id expires within RENEW_BEFORE_MS. A picture given only by address is read once and
   * stored as a file of the tenant (sourceUrl), then treated like an uploaded one.
   */
  resolver(tenantId: string, channelId: string): MediaResolver {
    let channel: Promise<ChannelCredentials> | undefined;
    return async (ref) => {
      channel ??= this.channelOf(tenantId, channelId);
      const target = await channel;
      const asset = ref.mediaAssetId ? await this.assetById(tenantId, ref.mediaAssetId) : await this.assetFromUrl(tenantId, ref.url ?? '');
      const wanted = KIND_BY_ROLE[ref.role];
      if (asset.kind !== wanted) {
        throw new KnowledgeRenderError(`${asset.filename} is a ${KIND_NAMES[asset.kind]}; a ${KIND_NAMES[wanted]} is needed here`);
      }
      if (target.kind === 'miniprogram' && asset.kind !== 'image') {
        throw new KnowledgeRenderError(`A mini-program can send pictures only, not the ${KIND_NAMES[asset.kind]} ${asset.filename}`);
      }
      return this.mediaIdFor(tenantId, asset, target);
    };
  }

  /** WeChat refused this media id (40007): forget it, so the next send uploads the file again. */
  async forget(tenantId: string, channelId: string, mediaId: string): Promise<void> {
    await this.mediaIds.update(
      { tenantId, channelId, mediaId },
      { mediaId: null, uploadedAt: null, expiresAt: null, lastError: 'WeChat refused the media id (40007); uploaded again when next sent' },
    );
  }

  /**
   * Uploads again every media id that expires before `now` + RENEW_BEFORE_MS (or has expired),
   * as long as an item still sends its file; ids nobody needs are left to expire. The renewal job
   * calls this for every tenant; `now` is a parameter so a test can run it at any moment, and
   * `tenantId` keeps a run to one tenant's files.
   */
  async renewExpiring(now = Date.now(), options: { tenantId?: string; limit?: number } = {}): Promise<RenewalReport> {
    const due: { asset_id: string; channel_id: string; tenant_id: string }[] = await this.dataSource.query(
      `SELECT m.asset_id, m.channel_id, m.tenant_id
         FROM media_ids m
         JOIN media_assets a ON a.id = m.asset_id
        WHERE m.media_id IS NOT NULL
          AND m.expires_at < $1
          AND ($4::uuid IS NULL OR m.tenant_id = $4)
          AND EXISTS (
            SELECT 1 FROM knowledge_items k
             WHERE k.tenant_id = m.tenant_id
               AND (k.media_asset_id = m.asset_id
                    OR (a.source_url IS NOT NULL AND k.picture_url = a.source_url AND k.type = ANY($3)))
          )
        ORDER BY m.expires_at
        LIMIT $2`,
      [new Date(now + RENEW_BEFORE_MS), options.limit ?? 500, FETCHED_PICTURE_TYPES, options.tenantId ?? null],
    );
    const report: RenewalReport = { renewed: 0, failed: 0 };
    for (const row of due) {
      try {
        const [asset, channel] = await Promise.all([
          this.assets.findOneByOrFail({ id: row.asset_id }),
          this.channelOf(row.tenant_id, row.channel_id),
        ]);
        await this.uploadTo(row.tenant_id, asset, channel, now);
        report.renewed++;
      } catch (error) {
        report.failed++;
        this.logger.warn(`Renewing media ${row.asset_id} on channel ${row.channel_id} failed: ${describeError(error)}`);
      }
    }
    return report;
  }

  // ---- internals -------------------------------------------------------------------------------

  private async mediaIdFor(tenantId: string, asset: MediaAsset, channel: ChannelCredentials): Promise<string> {
    const now = Date.now();
    const row = await this.mediaIds.findOneBy({ assetId: asset.id, channelId: channel.id });
    if (row?.mediaId && row.expiresAt && row.expiresAt.getTime() - now > RENEW_BEFORE_MS) return row.mediaId;
    return this.uploadTo(tenantId, asset, channel, now);
  }

  /** Uploads the file to the channel and keeps the new media id; a failure is kept as the reason. */
  private uploadTo(tenantId: string, asset: MediaAsset, channel: ChannelCredentials, now: number): Promise<string> {
    return this.once(`upload:${asset.id}:${channel.id}`, async () => {
      const data = await this.bytesOf(asset.id);
      try {
        const client = this.wechat.forCredentials(channel);
        const uploaded = await client.uploadTempMedia({
          type: asset.kind,
          data,
          // WeChat reads the format from the name too; a plain ASCII name avoids surprises.
          filename: `${asset.sha256.slice(0, 16)}.${extensionOf(asset.contentType)}`,
          contentType: asset.contentType,
        });
        const createdAt = uploaded.createdAt > 0 ? uploaded.createdAt * 1000 : now;
        await this.dataSource.query(
          `INSERT INTO media_ids (asset_id, channel_id, tenant_id, media_id, uploaded_at, expires_at, last_error, failed_at)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)
           ON CONFLICT (asset_id, channel_id) DO UPDATE
             SET media_id = $4, uploaded_at = $5, expires_at = $6, last_error = NULL, failed_at = NULL`,
          [asset.id, channel.id, tenantId, uploaded.mediaId, new Date(now), new Date(createdAt + MEDIA_LIFETIME_MS)],
        );
        return uploaded.mediaId;
      } catch (error) {
        await this.dataSource
          .query(
            `INSERT INTO media_ids (asset_id, channel_id, tenant_id, last_error, failed_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (asset_id, channel_id) DO UPDATE SET last_error = $4, failed_at = $5`,
            [asset.id, channel.id, tenantId, describeError(error), new Date(now)],
          )
          .catch(() => undefined);
        throw error;
      }
    });
  }

  private async assetById(tenantId: string, assetId: string): Promise<MediaAsset> {
    const asset = await this.assets.findOneBy({ tenantId, id: assetId });
    if (!asset) throw new KnowledgeRenderError(`The uploaded file ${assetId} was deleted: upload it again and choose it in the item`);
    return asset;
  }

  /** The stored copy of a picture address, reading it the first time. */
  private async assetFromUrl(tenantId: string, url: string): Promise<MediaAsset> {
    const known = await this.assets.findOne({ where: { tenantId, sourceUrl: url }, order: { createdAt: 'DESC' } });
    if (known) return known;
    return this.once(`fetch:${tenantId}:${url}`, async () => {
      let fetched: Awaited<ReturnType<typeof fetchPicture>>;
      try {
        fetched = await fetchPicture(url);
      } catch (error) {
        if (error instanceof PictureFetchError) throw new KnowledgeRenderError(error.message);
        throw error;
      }
      const checked = checkMediaFile(fetched.data, fetched.filename, 'image', fetched.data.length > MEDIA_LIMITS.image.bytes);
      if (!checked.ok) throw new KnowledgeRenderError(`The picture ${url} cannot be sent: ${checked.message}`);
      return (await this.store(tenantId, fetched.data, checked, url)).asset;
    });
  }

  private async store(
    tenantId: string,
    data: Buffer,
    checked: { kind: MediaKind; contentType: string; filename: string },
    sourceUrl: string | null,
  ): Promise<{ asset: MediaAsset; created: boolean }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const inserted = await this.assets
      .createQueryBuilder()
      .insert()
      .into(MediaAsset)
      .values({ tenantId, kind: checked.kind, contentType: checked.contentType, filename: checked.filename, size: data.length, sha256, data, sourceUrl })
      .orIgnore()
      .returning(['id'])
      .execute();
    const created = inserted.raw.length > 0;
    const asset = await this.assets.findOneByOrFail({ tenantId, sha256 });
    if (!created && sourceUrl && !asset.sourceUrl) {
      await this.assets.update({ id: asset.id }, { sourceUrl });
      asset.sourceUrl = sourceUrl;
    }
    return { asset, created };
  }

  private async bytesOf(assetId: string): Promise<Buffer> {
    const row = await this.assets.createQueryBuilder('asset').addSelect('asset.data').where('asset.id = :assetId', { assetId }).getOne();
    if (!row) throw new KnowledgeRenderError(`The uploaded file ${assetId} was deleted`);
    return row.data;
  }

  private async channelOf(tenantId: string, channelId: string): Promise<ChannelCredentials> {
    const channel = await this.channels.credentials(channelId);
    if (!channel || channel.tenantId !== tenantId) throw new KnowledgeRenderError(`No channel ${channelId} in this shop`);
    return channel;
  }

  private async require(tenantId: string, assetId: string): Promise<MediaAsset> {
    const asset = await this.assets.findOneBy({ tenantId, id: assetId });
    if (!asset) throw new NotFoundException('No such media file');
    return asset;
  }

  private async view(tenantId: string, asset: MediaAsset): Promise<MediaAssetView> {
    return (await this.views(tenantId, [asset]))[0];
  }

  private async views(tenantId: string, assets: MediaAsset[]): Promise<MediaAssetView[]> {
    if (!assets.length) return [];
    const ids = assets.map((asset) => asset.id);
    const urls = assets.flatMap((asset) => (asset.sourceUrl ? [asset.sourceUrl] : []));
    const [channels, mediaIds, users] = await Promise.all([
      this.channels.list(tenantId),
      this.mediaIds.findBy({ tenantId, assetId: In(ids) }),
      this.items
        .createQueryBuilder('item')
        .select(['item.id', 'item.number', 'item.keyword', 'item.title', 'item.type', 'item.mediaAssetId', 'item.pictureUrl'])
        .where('item.tenant_id = :tenantId', { tenantId })
        .andWhere(
          urls.length
            ? '(item.media_asset_id IN (:...ids) OR (item.picture_url IN (:...urls) AND item.type IN (:...types)))'
            : 'item.media_asset_id IN (:...ids)',
          { ids, urls, types: FETCHED_PICTURE_TYPES },
        )
        .orderBy('item.number', 'ASC')
        .getMany(),
    ]);
    const now = Date.now();
    return assets.map((asset) => {
      const states: MediaChannelState[] = channels
        .filter((channel) => asset.kind === 'image' || channel.kind === 'official_account')
        .map((channel) => channelState(channel, mediaIds.find((row) => row.assetId === asset.id && row.channelId === channel.id), now));
      const usedBy: MediaUsage[] = users
        .filter((item) => item.mediaAssetId === asset.id || (!!asset.sourceUrl && item.pictureUrl === asset.sourceUrl))
        .map((item) => ({ id: item.id, number: item.number, keyword: item.keyword, title: item.title }));
      return {
        id: asset.id,
        kind: asset.kind,
        contentType: asset.contentType,
        filename: asset.filename,
        size: asset.size,
        sha256: asset.sha256,
        sourceUrl: asset.sourceUrl,
        createdAt: asset.createdAt.toISOString(),
        channels: states,
        usedBy,
      };
    });
  }

  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}

function channelState(channel: { id: string; name: string }, row: MediaId | undefined, now: number): MediaChannelState {
  const base = { channelId: channel.id, channelName: channel.name, uploadedAt: null, expiresAt: null, error: null };
  if (!row) return { ...base, status: 'missing' };
  const live = !!row.mediaId && !!row.expiresAt && row.expiresAt.getTime() > now;
  const status = live ? 'uploaded' : row.failedAt ? 'failed' : row.mediaId ? 'expired' : 'missing';
  return {
    ...base,
    status,
    uploadedAt: row.mediaId ? (row.uploadedAt?.toISOString() ?? null) : null,
    expiresAt: row.mediaId ? (row.expiresAt?.toISOString() ?? null) : null,
    error: row.failedAt ? row.lastError : null,
  };
}

function inUse(asset: MediaAsset, users: Pick<KnowledgeItem, 'id' | 'number' | 'keyword' | 'title'>[]): ConflictException {
  const names = users.map((item) => `item ${item.number} "${item.title || item.keyword}"`).join(', ');
  return new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    message: `${asset.filename} is used by ${names}: give ${users.length > 1 ? 'those items' : 'that item'} another file or delete ${users.length > 1 ? 'them' : 'it'} first`,
    usedBy: users.map((item) => ({ id: item.id, number: item.number, keyword: item.keyword, title: item.title })),
  });
}

function extensionOf(contentType: string): string {
  return { 'image/jpeg': 'jpg', 'image/png': 'png', 'audio/amr': 'amr', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4' }[contentType] ?? 'bin';
}

function describeError(error: unknown): string {
  if (error instanceof WechatApiError) {
    return error.errcode === null ? `WeChat could not be reached: ${error.message}` : `WeChat answered ${error.errcode}: ${error.errmsg}`;
  }
  return (error as Error)?.message ?? String(error);
}
