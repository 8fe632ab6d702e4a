import type { RefreshRequest } from '@kefu/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshDto implements RefreshRequest {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken!: string;
}
