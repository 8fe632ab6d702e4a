import type {
  Channel,
  ChannelCheckCode,
  ChannelCheckStatus,
  ChannelFormat,
  ChannelKind,
  ChannelMode,
  CreateChannelRequest,
  UpdateChannelRequest,
} from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Trim } from './trim';

const KINDS: ChannelKind[] = ['miniprogram', 'official_account'];
const MODES: ChannelMode[] = ['plain', 'compatible', 'secure'];
const FORMATS: ChannelFormat[] = ['json', 'xml'];

export class CreateChannelDto implements CreateChannelRequest {
  @ApiProperty({ example: '道行商城小程序', description: 'A name for the console, 1 to 64 characters' })
  @Trim()
  @IsString()
  @Length(1, 64, { message: 'name must be 1 to 64 characters' })
  name!: string;

  @ApiProperty({ enum: KINDS, description: 'miniprogram (小程序) or official_account (公众号)' })
  @IsIn(KINDS, { message: 'kind must be "miniprogram" or "official_account"' })
  kind!: ChannelKind;

  @ApiProperty({ example: 'gh_70775cca084e', description: '原始ID from the WeChat console: gh_ and 12 characters' })
  @Trim()
  @IsString()
  @Matches(/^gh_[0-9a-f]{12}$/i, {
    message: 'originalId must be the original ID (原始ID) from the WeChat console: "gh_" and 12 letters or digits, e.g. gh_70775cca084e',
  })
  originalId!: string;

  @ApiProperty({ example: 'wx45bc6e74580b1f30', description: 'AppID: "wx" and 16 letters or digits; one channel per AppID in the system' })
  @Trim()
  @IsString()
  @Matches(/^wx[0-9a-f]{16}$/i, {
    message: 'appId must be the AppID from the WeChat console (开发 → 开发管理 → 开发设置): "wx" and 16 letters or digits, e.g. wx45bc6e74580b1f30',
  })
  appId!: string;

  @ApiProperty({ example: '77581356ebdcb5a5a43b61a20e62c536', description: 'AppSecret: 32 letters or digits; stored encrypted, shown only masked' })
  @Trim()
  @IsString()
  @Matches(/^[0-9a-f]{32}$/i, {
    message: 'appSecret must be the AppSecret from the WeChat console (开发 → 开发管理 → 开发设置): 32 letters or digits',
  })
  appSecret!: string;

  @ApiPropertyOptional({ example: 'xcxkefu', description: 'Token (令牌) for push signatures: 3 to 32 letters or digits; generated when left out' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9]{3,32}$/, { message: 'token must be 3 to 32 letters or digits, as WeChat requires' })
  token?: string;

  @ApiPropertyOptional({
    example: 'IDIOFXT2rzSrNvQMuuV2uTg1xACB8Iq0zEdIDcGbqQq',
    description:
      'EncodingAESKey (消息加密密钥): 43 letters or digits. Stored encrypted and never returned in full (responses carry ' +
      'encodingAesKeyMasked), so send the key you will paste into WeChat’s 消息推送 form; the console generates one and ' +
      'sends it. Generated when left out, but then nobody can read it: send a new one to change it.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9]{43}$/, { message: 'encodingAesKey must be exactly 43 letters or digits, as WeChat requires' })
  encodingAesKey?: string;

  @ApiPropertyOptional({ enum: MODES, default: 'secure', description: '消息加密方式: plain (明文), compatible (兼容), secure (安全)' })
  @IsOptional()
  @IsIn(MODES, { message: 'mode must be "plain", "compatible" or "secure"' })
  mode?: ChannelMode;

  @ApiPropertyOptional({
    enum: FORMATS,
    description: '数据格式. Mini-programs: json (default) or xml. Official accounts: xml only (the default for them)',
  })
  @IsOptional()
  @IsIn(FORMATS, { message: 'format must be "json" or "xml"' })
  format?: ChannelFormat;
}

export class UpdateChannelDto extends PartialType(CreateChannelDto) implements UpdateChannelRequest {}

export class ChannelDto implements Channel {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: KINDS }) kind!: ChannelKind;
  @ApiProperty() originalId!: string;
  @ApiProperty() appId!: string;
  @ApiProperty({ example: '775**************************536', description: 'Only the ends of the AppSecret' })
  appSecretMasked!: string;
  @ApiProperty({ example: 'https://kefu.example.com/wechat/3f0c…', description: 'URL (服务器地址) for WeChat’s 消息推送 form' })
  webhookUrl!: string;
  @ApiProperty({ description: 'Token (令牌) for WeChat’s 消息推送 form' }) token!: string;
  @ApiProperty({
    example: 'IDI*************************************qQq',
    description: 'Only the ends of the EncodingAESKey: the full key is never returned, only sent (create or update)',
  })
  encodingAesKeyMasked!: string;
  @ApiProperty({ enum: MODES }) mode!: ChannelMode;
  @ApiProperty({ enum: FORMATS }) format!: ChannelFormat;
  @ApiProperty({ enum: ['ok', 'failed', 'unchecked'], description: 'What WeChat said about the AppID and AppSecret' })
  checkStatus!: ChannelCheckStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['ok', 'wrong_app_id', 'wrong_secret', 'ip_not_whitelisted', 'secret_frozen', 'wechat_unreachable', 'wechat_refused'],
  })
  checkCode!: ChannelCheckCode | null;
  @ApiProperty({ type: String, nullable: true, description: 'What is wrong and where to fix it' }) checkMessage!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
