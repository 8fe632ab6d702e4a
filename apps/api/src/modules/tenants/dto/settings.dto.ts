import type { Farewell, ReplyLanguage, ServiceMode, TenantSettings, UpdateSettingsRequest } from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

const MODES: ServiceMode[] = ['human', 'human_robot', 'official_account'];
const LANGUAGES: ReplyLanguage[] = ['zh-CN', 'en'];

export class FarewellDto {
  @ApiProperty({ enum: ['text', 'item'], description: 'text: send `text`; item: send knowledge item `number`' })
  @IsIn(['text', 'item'], { message: 'farewell.type must be "text" or "item"' })
  type!: 'text' | 'item';

  @ApiPropertyOptional({ example: '请关注我们的公众号：www17cheng', description: 'For type text: 1 to 600 characters' })
  @ValidateIf((farewell: FarewellDto) => farewell.type === 'text')
  @IsString({ message: 'farewell.text is required for a text farewell' })
  @Length(1, 600, { message: 'farewell.text must be 1 to 600 characters' })
  text?: string;

  @ApiPropertyOptional({ example: 3, description: 'For type item: the knowledge item number (数字ID)' })
  @ValidateIf((farewell: FarewellDto) => farewell.type === 'item')
  @IsInt({ message: 'farewell.number must be a knowledge item number (a whole number) for an item farewell' })
  @Min(1, { message: 'farewell.number must be at least 1' })
  number?: number;
}

const text = (name: string) => ({
  message: `${name} must be 1 to 600 characters`,
});

export class UpdateSettingsDto implements Omit<UpdateSettingsRequest, 'farewell'> {
  @ApiPropertyOptional({ enum: MODES, description: 'human (人工客服), human_robot (人工+机器人), official_account (公众号客服)' })
  @IsOptional()
  @IsIn(MODES, { message: 'mode must be "human", "human_robot" or "official_account"' })
  mode?: ServiceMode;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Required in official_account mode: one of your official-account channels' })
  @IsOptional()
  @IsUUID('all', { message: 'linkedChannelId must be the id of one of your official-account channels' })
  linkedChannelId?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Knowledge item (数字ID) sent when a customer enters the chat; null = none' })
  @IsOptional()
  @IsInt({ message: 'welcomeItemNumber must be a knowledge item number (a whole number), or null' })
  @Min(1, { message: 'welcomeItemNumber must be at least 1' })
  welcomeItemNumber?: number | null;

  @ApiPropertyOptional({
    type: FarewellDto,
    nullable: true,
    description: '咨询完毕的推送, sent when an agent closes a session; null = none',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => FarewellDto)
  farewell?: FarewellDto | null;

  @ApiPropertyOptional({ example: '感谢您的咨询，再见！', description: 'Answer to a customer who writes 再见' })
  @IsOptional()
  @IsString()
  @Length(1, 600, text('goodbyeText'))
  goodbyeText?: string;

  @ApiPropertyOptional({ example: '客服暂时不在线，您的留言我们会尽快回复。', description: 'Sent once per session when no agent is online' })
  @IsOptional()
  @IsString()
  @Length(1, 600, text('offlineNotice'))
  offlineNotice?: string;

  @ApiPropertyOptional({ description: 'What the robot says when no knowledge item matches (human_robot mode)' })
  @IsOptional()
  @IsString()
  @Length(1, 600, text('robotFallbackText'))
  robotFallbackText?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440, default: 30, description: 'An active session without messages closes after this many minutes' })
  @IsOptional()
  @IsInt({ message: 'idleTimeoutMinutes must be a whole number of minutes from 1 to 1440' })
  @Min(1, { message: 'idleTimeoutMinutes must be a whole number of minutes from 1 to 1440' })
  @Max(1440, { message: 'idleTimeoutMinutes must be a whole number of minutes from 1 to 1440' })
  idleTimeoutMinutes?: number;

  @ApiPropertyOptional({ minimum: 30, maximum: 3600, default: 180, description: 'A session assigned to an agent who does not reply within this many seconds moves on' })
  @IsOptional()
  @IsInt({ message: 'missedChatSeconds must be a whole number of seconds from 30 to 3600' })
  @Min(30, { message: 'missedChatSeconds must be a whole number of seconds from 30 to 3600' })
  @Max(3600, { message: 'missedChatSeconds must be a whole number of seconds from 30 to 3600' })
  missedChatSeconds?: number;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'zh-CN', description: 'Language of the system’s own messages to agents and customers' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: 'replyLanguage must be "zh-CN" or "en"' })
  replyLanguage?: ReplyLanguage;
}

export class SettingsDto implements Omit<TenantSettings, 'farewell'> {
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ enum: MODES }) mode!: ServiceMode;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) linkedChannelId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) welcomeItemNumber!: number | null;
  @ApiProperty({ type: FarewellDto, nullable: true }) farewell!: Farewell;
  @ApiProperty() goodbyeText!: string;
  @ApiProperty() offlineNotice!: string;
  @ApiProperty() robotFallbackText!: string;
  @ApiProperty() idleTimeoutMinutes!: number;
  @ApiProperty() missedChatSeconds!: number;
  @ApiProperty({ enum: LANGUAGES }) replyLanguage!: ReplyLanguage;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until first saved' }) updatedAt!: string | null;
}
