import { randomInt } from 'node:crypto';
import type { Channel as ChannelView, ChannelFormat, ChannelKind, ChannelMode, CreateChannelRequest, UpdateChannelRequest } from '@kefu/contracts';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Raw, Repository } from 'typeorm';
import { SecretBox, maskSecret } from '../../common/secret-box';
import { APP_CONFIG, AppConfig } from '../../config';
import { Channel } from './entities/channel.entity';
import { TenantSettingsRow } from './entities/tenant-settings.entity';
import { isUniqueViolation } from './errors';
import { CredentialsVerdict, WechatCredentialsChecker } from './wechat-credentials.checker';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return text;
}

/** Everything the webhook and the outbound queue need to talk to WeChat for one channel, secrets opened. */
export interface ChannelCredentials {
  id: string;
  tenantId: string;
  kind: ChannelKind;
  originalId: string;
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string;
  mode: ChannelMode;
  format: ChannelFormat;
}

@Injectable()
export class ChannelsService {
  private readonly box: SecretBox;

  constructor(
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
    @InjectRepository(TenantSettingsRow) private readonly settings: Repository<TenantSettingsRow>,
    private readonly checker: WechatCredentialsChecker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async list(tenantId: string): Promise<ChannelView[]> {
    const rows = await this.channels.find({ where: { tenantId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => this.view(row));
  }

  async get(tenantId: string, channelId: string): Promise<ChannelView> {
    return this.view(await this.require(tenantId, channelId));
  }

  /**
   * Saves the channel whatever WeChat says about its credentials; the answer carries the verdict.
   * The EncodingAESKey is generated when none is sent, but it is never returned: only a caller that
   * sends its own key can paste it into WeChat.
   */
  async create(tenantId: string, input: CreateChannelRequest): Promise<ChannelView> {
    const format = input.format ?? (input.kind === 'official_account' ? 'xml' : 'json');
    assertFormat(input.kind, format);
    await this.assertAppIdFree(tenantId, input.appId);
    const verdict = await this.checker.check(input.appId, input.appSecret);
    const channel = this.channels.create({
      tenantId,
      name: input.name,
      kind: input.kind,
      originalId: input.originalId,
      appId: input.appId,
      appSecretSealed: this.box.seal(input.appSecret),
      token: input.token ?? randomAlphanumeric(32),
      encodingAesKeySealed: this.box.seal(input.encodingAesKey ?? randomAlphanumeric(43)),
      mode: input.mode ?? 'secure',
      format,
      ...verdictColumns(verdict),
    });
    await this.saveOrExplain(channel);
    return this.view(channel);
  }

  async update(tenantId: string, channelId: string, changes: UpdateChannelRequest): Promise<ChannelView> {
    const channel = await this.require(tenantId, channelId);
    const kind = changes.kind ?? channel.kind;
    const format = changes.format ?? (kind === 'official_account' ? 'xml' : channel.format);
    assertFormat(kind, format);
    if (kind !== 'official_account' && channel.kind === 'official_account' && (await this.isLinked(tenantId, channel.id))) {
      throw linkedInSettings(channel.name);
    }
    const credentialsChanged =
      (changes.appId !== undefined && changes.appId.toLowerCase() !== channel.appId.toLowerCase()) ||
      (changes.appSecret !== undefined && changes.appSecret !== this.box.open(channel.appSecretSealed));
    if (changes.appId !== undefined) await this.assertAppIdFree(tenantId, changes.appId, channel.id);

    if (changes.name !== undefined) channel.name = changes.name;
    channel.kind = kind;
    channel.format = format;
    if (changes.originalId !== undefined) channel.originalId = changes.originalId;
    if (changes.appId !== undefined) channel.appId = changes.appId;
    if (changes.appSecret !== undefined) channel.appSecretSealed = this.box.seal(changes.appSecret);
    if (changes.token !== undefined) channel.token = changes.token;
    if (changes.encodingAesKey !== undefined) channel.encodingAesKeySealed = this.box.seal(changes.encodingAesKey);
    if (changes.mode !== undefined) channel.mode = changes.mode;
    if (credentialsChanged) {
      Object.assign(channel, verdictColumns(await this.checker.check(channel.appId, this.box.open(channel.appSecretSealed))));
    }
    await this.saveOrExplain(channel);
    return this.view(channel);
  }

  /** Checks the stored AppID and AppSecret with WeChat again and keeps the verdict. */
  async check(tenantId: string, channelId: string): Promise<ChannelView> {
    const channel = await this.require(tenantId, channelId);
    const verdict = await this.checker.check(channel.appId, this.box.open(channel.appSecretSealed));
    Object.assign(channel, verdictColumns(verdict));
    await this.channels.update({ id: channel.id, tenantId }, verdictColumns(verdict));
    return this.view(channel);
  }

  async remove(tenantId: string, channelId: string): Promise<void> {
    const channel = await this.require(tenantId, channelId);
    if (await this.isLinked(tenantId, channel.id)) throw linkedInSettings(channel.name);
    try {
      await this.channels.delete({ id: channel.id, tenantId });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23503') throw linkedInSettings(channel.name);
      throw error;
    }
  }

  /** The channel's kind, when it belongs to the tenant. */
  async kindOf(tenantId: string, channelId: string): Promise<ChannelKind | null> {
    const row = await this.channels.findOne({ where: { id: channelId, tenantId }, select: { id: true, kind: true } });
    return row?.kind ?? null;
  }

  /** For the webhook and the outbound queue: the channel with its secrets opened, or null. */
  async credentials(channelId: string): Promise<ChannelCredentials | null> {
    const row = await this.channels.findOneBy({ id: channelId });
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenantId,
      kind: row.kind,
      originalId: row.originalId,
      appId: row.appId,
      appSecret: this.box.open(row.appSecretSealed),
      token: row.token,
      encodingAesKey: this.box.open(row.encodingAesKeySealed),
      mode: row.mode,
      format: row.format,
    };
  }

  /** Whether any channel in the system connects another app than these (the sandbox's own). */
  async existsBesides(appIds: string[]): Promise<boolean> {
    const lower = appIds.map((appId) => appId.toLowerCase());
    return this.channels.exist({ where: { appId: Raw((column) => `lower(${column}) <> ALL(:lower)`, { lower }) } });
  }

  /** Whether the settings name this channel as the official account agents use. */
  private isLinked(tenantId: string, channelId: string): Promise<boolean> {
    return this.settings.existsBy({ tenantId, linkedChannelId: channelId });
  }

  private async require(tenantId: string, channelId: string): Promise<Channel> {
    const channel = await this.channels.findOneBy({ id: channelId, tenantId });
    if (!channel) throw new NotFoundException('No such channel');
    return channel;
  }

  /** One WeChat app connects to one channel in the whole system. */
  private async assertAppIdFree(tenantId: string, appId: string, exceptChannelId?: string): Promise<void> {
    const holder = await this.channels.findOne({
      where: {
        appId: Raw((column) => `lower(${column}) = lower(:appId)`, { appId }),
        ...(exceptChannelId ? { id: Not(exceptChannelId) } : {}),
      },
      select: { id: true, tenantId: true, name: true },
    });
    if (holder) throw appIdTaken(appId, holder.tenantId === tenantId ? holder.name : undefined);
  }

  private async saveOrExplain(channel: Channel): Promise<void> {
    try {
      await this.channels.save(channel);
    } catch (error) {
      if (isUniqueViolation(error, 'channels_app_id_key')) throw appIdTaken(channel.appId);
      throw error;
    }
  }

  private view(row: Channel): ChannelView {
    return {
      id: row.id,
      tenantId: row.tenantId,
      name: row.name,
      kind: row.kind,
      originalId: row.originalId,
      appId: row.appId,
      appSecretMasked: maskSecret(this.box.open(row.appSecretSealed)),
      webhookUrl: `${this.config.http.publicBaseUrl}/wechat/${row.id}`,
      token: row.token,
      encodingAesKeyMasked: maskSecret(this.box.open(row.encodingAesKeySealed)),
      mode: row.mode,
      format: row.format,
      checkStatus: row.checkStatus,
      checkCode: row.checkCode,
      checkMessage: row.checkMessage,
      checkedAt: row.checkedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

function verdictColumns(verdict: CredentialsVerdict): Pick<Channel, 'checkStatus' | 'checkCode' | 'checkMessage' | 'checkedAt'> {
  return { checkStatus: verdict.status, checkCode: verdict.code, checkMessage: verdict.message, checkedAt: new Date() };
}

function assertFormat(kind: ChannelKind, format: ChannelFormat): void {
  if (kind === 'official_account' && format !== 'xml') {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: ['format must be "xml" for an official account: WeChat pushes XML only to official accounts (mini-programs may use JSON or XML)'],
    });
  }
}

function linkedInSettings(name: string): ConflictException {
  return new ConflictException(
    `The channel "${name}" is the official account linked in the settings (official-account mode). ` +
      'Choose another mode or link another official account first.',
  );
}

function appIdTaken(appId: string, ownChannelName?: string): ConflictException {
  return new ConflictException(
    ownChannelName
      ? `The AppID ${appId} is already connected as your channel "${ownChannelName}". Edit that channel instead.`
      : `The AppID ${appId} is already connected to another account in this system. A WeChat app can be connected once; ask the operator if it should move to you.`,
  );
}
