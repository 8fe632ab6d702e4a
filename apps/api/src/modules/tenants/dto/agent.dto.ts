import type { Agent, AgentStatus, CreateAgentRequest, SeatsExhaustedError, UpdateAgentRequest } from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { Trim } from './trim';

const STATUSES: AgentStatus[] = ['idle', 'hidden', 'busy', 'offline'];
const OPENID = /^[A-Za-z0-9_-]{6,64}$/;
const OPENID_MESSAGE =
  'openid must be 6 to 64 letters, digits, - or _ (like opy0C0aTS3vygwC_3xslIYqLRGQ): the agent sends "openid" to the customer service to get it';

export class CreateAgentDto implements CreateAgentRequest {
  @ApiProperty({ example: '客服小张', description: '1 to 32 characters, unique in the tenant (any letter case)' })
  @Trim()
  @IsString()
  @Length(1, 32, { message: 'nickname must be 1 to 32 characters' })
  nickname!: string;

  @ApiPropertyOptional({ example: 'opy0C0aTS3vygwC_3xslIYqLRGQ', description: 'Left out: a 6-digit binding code is issued instead' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(OPENID, { message: OPENID_MESSAGE })
  openid?: string;

  @ApiPropertyOptional({ default: false, description: 'Admins may use admin commands. The single agent of single-agent mode is always admin' })
  @IsOptional()
  @IsBoolean({ message: 'isAdmin must be true or false' })
  isAdmin?: boolean;
}

export class UpdateAgentDto implements UpdateAgentRequest {
  @ApiPropertyOptional({ example: '客服小张' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 32, { message: 'nickname must be 1 to 32 characters' })
  nickname?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null unbinds the phone and issues a new binding code' })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @Trim()
  @IsString()
  @Matches(OPENID, { message: OPENID_MESSAGE })
  openid?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'isAdmin must be true or false' })
  isAdmin?: boolean;

  @ApiPropertyOptional({ enum: STATUSES, description: 'idle (空闲, available), hidden (隐身), busy, offline (下班)' })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be "idle", "hidden", "busy" or "offline"' })
  status?: AgentStatus;
}

export class AgentDto implements Agent {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() nickname!: string;
  @ApiProperty({ type: String, nullable: true }) openid!: string | null;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ enum: STATUSES }) status!: AgentStatus;
  @ApiProperty({ description: 'False when the seats do not cover this agent (single-agent mode keeps only its admin)' })
  active!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '482913', description: 'The live binding code; the agent sends it to the customer service once' })
  bindingCode!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) bindingCodeExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SeatsExhaustedDto implements SeatsExhaustedError {
  @ApiProperty({ enum: [409] }) statusCode!: 409;
  @ApiProperty({ enum: ['Conflict'] }) error!: 'Conflict';
  @ApiProperty({ enum: ['seats_exhausted'] }) code!: 'seats_exhausted';
  @ApiProperty({ example: 'All 3 seats are in use (3 agents). Remove an agent or apply for more seats.' }) message!: string;
  @ApiProperty({ example: 3 }) seats!: number;
  @ApiProperty({ example: 3 }) used!: number;
}
