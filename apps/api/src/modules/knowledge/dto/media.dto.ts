import { MEDIA_KINDS, MediaAssetView, MediaChannelState, MediaChannelStatus, MediaKind, MediaUsage } from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

const KINDS = [...MEDIA_KINDS];
const STATUSES: MediaChannelStatus[] = ['uploaded', 'expired', 'missing', 'failed'];

export class MediaKindQueryDto {
  @ApiPropertyOptional({
    enum: KINDS,
    description: 'Upload: refuse any other kind (e.g. `image` for an image item’s picture). List: only this kind',
  })
  @IsOptional()
  @IsIn(KINDS)
  kind?: MediaKind;
}

export class MediaChannelStateDto implements MediaChannelState {
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty() channelName!: string;
  @ApiProperty({ enum: STATUSES }) status!: MediaChannelStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) uploadedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Renewed about 12 h before' })
  expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last upload failed' }) error!: string | null;
}

export class MediaUsageDto implements MediaUsage {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() keyword!: string;
  @ApiProperty() title!: string;
}

export class MediaAssetDto implements MediaAssetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: KINDS }) kind!: MediaKind;
  @ApiProperty({ example: 'image/png' }) contentType!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: 'Hex SHA-256 of the bytes; the same file is stored once per tenant' }) sha256!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The item picture address it was read from' })
  sourceUrl!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [MediaChannelStateDto] }) channels!: MediaChannelStateDto[];
  @ApiProperty({ type: [MediaUsageDto] }) usedBy!: MediaUsageDto[];
}
