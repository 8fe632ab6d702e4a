import type { CreateTenantRequest, LicenseMode, TenantStatus, TenantSummary, UpdateTenantRequest } from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Trim } from './trim';

export const USERNAME_RULE = /^[A-Za-z0-9_.@-]{3,64}$/;
export const USERNAME_MESSAGE = 'must be 3 to 64 letters, digits or _ . @ -';

export class CreateTenantDto implements CreateTenantRequest {
  @ApiProperty({ example: '道行科技', description: 'The business name, 1 to 100 characters' })
  @Trim()
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiProperty({ example: 'daoxing', description: 'Username of the first admin of the tenant (unique in the system)' })
  @Trim()
  @IsString()
  @Matches(USERNAME_RULE, { message: `adminUsername ${USERNAME_MESSAGE}` })
  adminUsername!: string;

  @ApiProperty({ example: 'a long passphrase', description: '8 to 256 characters' })
  @IsString()
  @Length(8, 256, { message: 'adminPassword must be 8 to 256 characters' })
  adminPassword!: string;
}

export class UpdateTenantDto implements UpdateTenantRequest {
  @ApiPropertyOptional({ example: '道行科技' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name?: string;

  @ApiPropertyOptional({ enum: ['active', 'suspended'], description: "A suspended tenant's admins cannot sign in" })
  @IsOptional()
  @IsIn(['active', 'suspended'], { message: 'status must be "active" or "suspended"' })
  status?: TenantStatus;
}

export class TenantSummaryDto implements TenantSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: TenantStatus;
  @ApiProperty({ enum: ['single', 'multi'] }) licenseMode!: LicenseMode;
  @ApiProperty({ type: Number, nullable: true, description: '1 in single-agent mode; null = unlimited' }) seats!: number | null;
  @ApiProperty({ description: 'Agents registered' }) agentCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
