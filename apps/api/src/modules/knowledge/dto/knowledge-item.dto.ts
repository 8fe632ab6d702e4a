import {
  CreateKnowledgeItemRequest,
  KNOWLEDGE_ITEM_TYPES,
  KnowledgeItemPage,
  KnowledgeItemType,
  KnowledgeItemView,
  ReorderKnowledgeRequest,
  UpdateKnowledgeItemRequest,
} from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_ITEM_NUMBER } from '../knowledge-item.rules';

const TYPES = [...KNOWLEDGE_ITEM_TYPES];

/** Per-type rules (what each type needs) are checked by the service on the whole item. */
export class CreateKnowledgeItemDto implements CreateKnowledgeItemRequest {
  @ApiPropertyOptional({ description: '顺序ID, unique in the tenant; defaults to the next free number', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ITEM_NUMBER)
  number?: number;

  @ApiProperty({
    description: 'Unique in the tenant (compared ignoring letter case and full-width forms); not digits only',
    example: '营业时间',
  })
  @IsString()
  @MaxLength(64)
  keyword!: string;

  @ApiProperty({ enum: TYPES, description: 'voice and video can only be sent through an official account' })
  @IsIn(TYPES)
  type!: KnowledgeItemType;

  @ApiPropertyOptional({ description: 'Required for link and miniprogram', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  title?: string;

  @ApiPropertyOptional({
    description: 'Text items: the text; at most 2048 UTF-8 bytes once [name], [id], {br}, (br) are filled in',
    example: '[name]您好，门店每天 10:00-22:00 营业{br}回复 2 查看联系方式',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  content?: string;

  @ApiPropertyOptional({ maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  description?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Link items: the http(s) address opened' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'pages/index/index?x=1', description: 'Mini-program cards' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  pagePath?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'http(s) address of the picture (link, image, card)' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  pictureUrl?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Uploaded media (voice, video, pictures)' })
  @IsOptional()
  @IsUUID()
  mediaAssetId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Also route the customer to this agent' })
  @IsOptional()
  @IsUUID()
  agentId?: string | null;

  @ApiPropertyOptional({ description: 'Position in the list; defaults to the end' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  sortOrder?: number;
}

export class UpdateKnowledgeItemDto extends PartialType(CreateKnowledgeItemDto) implements UpdateKnowledgeItemRequest {}

export class KnowledgeListQueryDto {
  @ApiPropertyOptional({ enum: TYPES })
  @IsOptional()
  @IsIn(TYPES)
  type?: KnowledgeItemType;

  @ApiPropertyOptional({ description: 'Words in the keyword, title, content or description, or the number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class ReorderKnowledgeDto implements ReorderKnowledgeRequest {
  @ApiProperty({ type: [String], description: 'These items first, in this order; the others keep their order after them' })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  itemIds!: string[];
}

export class KnowledgeItemDto implements KnowledgeItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() keyword!: string;
  @ApiProperty({ enum: TYPES }) type!: KnowledgeItemType;
  @ApiProperty() title!: string;
  @ApiProperty() content!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ type: String, nullable: true }) pagePath!: string | null;
  @ApiProperty({ type: String, nullable: true }) pictureUrl!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mediaAssetId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agentId!: string | null;
  @ApiProperty() sortOrder!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class KnowledgeItemPageDto implements KnowledgeItemPage {
  @ApiProperty({ type: [KnowledgeItemDto] }) items!: KnowledgeItemDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
