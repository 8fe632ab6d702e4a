import type { Me, Role, TokenPair } from '@kefu/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class TokenPairDto implements TokenPair {
  @ApiProperty({ description: 'Bearer token for the api' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ description: 'Single-use token that gets a new pair from /api/auth/refresh' })
  refreshToken!: string;
}

export class MeDto implements Me {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['superadmin', 'tenant_admin'] }) role!: Role;
  @ApiProperty({ type: String, nullable: true }) tenantId!: string | null;
}
