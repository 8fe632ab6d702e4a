import type {
  AssignRequest,
  CustomerListQuery,
  MarkOfflineReadRequest,
  OfflineMessageQuery,
  OfflineMessageStatus,
  ReplyRequest,
  SessionListQuery,
  SessionState,
} from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../../common/page-query.dto';

const SESSION_STATES: SessionState[] = ['waiting', 'active', 'closed'];
const OFFLINE_STATUSES: OfflineMessageStatus[] = ['unread', 'read', 'all'];
/** WeChat takes at most 2048 UTF-8 bytes of text; what is longer is cut when sent. */
export const MAX_REPLY_LENGTH = 2000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);


export class DashboardQueryDto {
  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    default: 'Asia/Shanghai',
    description: 'The IANA time zone in which "today" and "this week" (from Monday) are counted',
  })
  @IsOptional()
  @IsTimeZone({ message: 'tz must be an IANA time zone such as Asia/Shanghai' })
  tz?: string;
}

export class SessionListQueryDto extends PageQueryDto implements SessionListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Sessions served by this agent' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be an agent id' })
  agentId?: string;

  @ApiPropertyOptional({ enum: SESSION_STATES })
  @IsOptional()
  @IsIn(SESSION_STATES, { message: 'state must be "waiting", "active" or "closed"' })
  state?: SessionState;

  @ApiPropertyOptional({ format: 'date-time', description: 'Sessions opened from this time on (inclusive)' })
  @IsOptional()
  @IsISO8601({}, { message: 'from must be an ISO 8601 date or time, such as 2026-12-01 or 2026-12-01T08:00:00+08:00' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Sessions opened up to this time (inclusive)' })
  @IsOptional()
  @IsISO8601({}, { message: 'to must be an ISO 8601 date or time, such as 2026-12-01 or 2026-12-01T23:59:59+08:00' })
  to?: string;

  @ApiPropertyOptional({ description: "Words in any message of the session, the customer's nickname or number (#12)", maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}

export class CustomerListQueryDto extends PageQueryDto implements CustomerListQuery {
  @ApiPropertyOptional({ description: 'A number (12 or #12) or part of a nickname', maxLength: 64 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(64, { message: 'q must be at most 64 characters' })
  q?: string;
}

export class OfflineMessageQueryDto extends PageQueryDto implements OfflineMessageQuery {
  @ApiPropertyOptional({ enum: OFFLINE_STATUSES, default: 'unread' })
  @IsOptional()
  @IsIn(OFFLINE_STATUSES, { message: 'status must be "unread", "read" or "all"' })
  status?: OfflineMessageStatus;
}

export class MarkOfflineReadDto implements MarkOfflineReadRequest {
  @ApiProperty({ type: [String], example: ['41', '42'], description: 'Ids of offline messages, 1 to 500' })
  @IsArray({ message: 'ids must be a list of offline message ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one offline message' })
  @ArrayMaxSize(500, { message: 'ids must name at most 500 offline messages' })
  @IsString({ each: true, message: 'each id must be an offline message id (digits)' })
  @Matches(/^[1-9][0-9]{0,17}$/, { each: true, message: 'each id must be an offline message id (digits)' })
  ids!: string[];
}

/*
 * The bodies below belong to routes of one session. Their required fields are checked after the
 * session is found (see ConversationsService), so another tenant's session answers 404 whatever
 * the body; unknown fields are still refused first, by the validation pipe.
 */

export class AssignDto implements AssignRequest {
  @ApiProperty({ format: 'uuid', description: 'The agent who takes the session' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be an agent id' })
  agentId!: string;
}

export class ReplyDto implements ReplyRequest {
  @ApiProperty({ example: '您好，请问有什么可以帮您？', maxLength: MAX_REPLY_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'text must be a text' })
  @MaxLength(MAX_REPLY_LENGTH, { message: `text must be at most ${MAX_REPLY_LENGTH} characters` })
  text!: string;
}
