import type { CreateTenantUserRequest, TenantUser } from '@kefu/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { USERNAME_MESSAGE, USERNAME_RULE } from './tenant.dto';
import { Trim } from './trim';

export class CreateTenantUserDto implements CreateTenantUserRequest {
  @ApiProperty({ example: 'xiaozhang', description: 'Unique in the whole system, in any letter case' })
  @Trim()
  @IsString()
  @Matches(USERNAME_RULE, { message: `username ${USERNAME_MESSAGE}` })
  username!: string;

  @ApiProperty({ example: 'a long passphrase', description: '8 to 256 characters' })
  @IsString()
  @Length(8, 256, { message: 'password must be 8 to 256 characters' })
  password!: string;
}

export class TenantUserDto implements TenantUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['tenant_admin'] }) role!: 'tenant_admin';
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
}
