import type {
  ApplyForSeatsRequest,
  GrantRequest,
  License,
  LicenseApplication,
  LicenseApplicationStatus,
  LicenseAuditAction,
  LicenseAuditEntry,
  LicenseMode,
  Page,
  RejectRequest,
} from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Max, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../common/page-query.dto';

const STATUSES: LicenseApplicationStatus[] = ['pending', 'granted', 'rejected'];
const ACTIONS: LicenseAuditAction[] = ['apply', 'grant', 'reject', 'change', 'revoke', 'expire'];
const MAX_SEATS = 100000;

export class ApplyForSeatsDto implements ApplyForSeatsRequest {
  @ApiProperty({ example: 3, minimum: 1, maximum: 1000, description: 'Seats wanted (every agent, admins included, uses one)' })
  @IsInt({ message: 'seats must be a whole number from 1 to 1000' })
  @Min(1, { message: 'seats must be a whole number from 1 to 1000' })
  @Max(1000, { message: 'seats must be a whole number from 1 to 1000' })
  seats!: number;

  @ApiPropertyOptional({ example: '三位客服轮班', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string;
}

const SEATS_MESSAGE = `seats must be a whole number from 1 to ${MAX_SEATS}, or null for unlimited`;

export class GrantDto implements GrantRequest {
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'Seats to grant; null = unlimited (无限)' })
  @ValidateIf((_object, value) => value !== null)
  @IsInt({ message: SEATS_MESSAGE })
  @Min(1, { message: SEATS_MESSAGE })
  @Max(MAX_SEATS, { message: SEATS_MESSAGE })
  seats!: number | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the grant ends (in the future); left out or null = no end' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date, e.g. 2027-01-31T00:00:00Z' })
  expiresAt?: string | null;
}

export class RejectDto implements RejectRequest {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason?: string;
}

export class ApplicationsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be "pending", "granted" or "rejected"' })
  status?: LicenseApplicationStatus;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be a tenant id' })
  tenantId?: string;

  @ApiPropertyOptional({ enum: ACTIONS })
  @IsOptional()
  @IsIn(ACTIONS, { message: `action must be one of ${ACTIONS.join(', ')}` })
  action?: LicenseAuditAction;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this time on (inclusive)' })
  @IsOptional()
  @IsISO8601({}, { message: 'from must be an ISO 8601 date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this time (inclusive)' })
  @IsOptional()
  @IsISO8601({}, { message: 'to must be an ISO 8601 date' })
  to?: string;
}

export class LicenseApplicationDto implements LicenseApplication {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() tenantName!: string;
  @ApiProperty() seats!: number;
  @ApiProperty() note!: string;
  @ApiProperty({ enum: STATUSES }) status!: LicenseApplicationStatus;
  @ApiProperty({ description: 'Username of the applicant' }) appliedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'When granted: seats, null = unlimited' }) grantedSeats!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) grantedExpiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectReason!: string | null;
}

export class LicenseDto implements License {
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ enum: ['single', 'multi'], description: 'single: one agent, its admin (no grant, or an expired or revoked one)' })
  mode!: LicenseMode;
  @ApiProperty({ type: Number, nullable: true, description: '1 in single mode; null = unlimited' }) seats!: number | null;
  @ApiProperty({ description: 'Agents registered' }) used!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) grantedAt!: string | null;
  @ApiProperty({ type: LicenseApplicationDto, nullable: true }) pendingApplication!: LicenseApplicationDto | null;
}

export class LicenseAuditEntryDto implements LicenseAuditEntry {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() tenantName!: string;
  @ApiProperty({ enum: ACTIONS }) action!: LicenseAuditAction;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the system' }) actorId!: string | null;
  @ApiProperty({ description: "Username, or 'system'" }) actorName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ type: Object, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true }) after!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LicenseAuditPageDto implements Page<LicenseAuditEntryDto> {
  @ApiProperty({ type: [LicenseAuditEntryDto] }) items!: LicenseAuditEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
