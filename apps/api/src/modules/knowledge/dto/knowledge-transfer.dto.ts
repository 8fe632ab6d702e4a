import {
  KnowledgeAnswer,
  KnowledgeCacheCounts,
  KnowledgeImportProblem,
  KnowledgeImportReport,
  KnowledgeItemType,
  KnowledgeSearchResult,
  KnowledgeTransferFormat,
} from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { KnowledgeItemDto } from './knowledge-item.dto';

const FORMATS: KnowledgeTransferFormat[] = ['json', 'csv'];

export class KnowledgeExportQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: KnowledgeTransferFormat;
}

export class KnowledgeImportQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: KnowledgeTransferFormat;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Check every row and report, but write nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class KnowledgeImportProblemDto implements KnowledgeImportProblem {
  @ApiProperty({ description: 'CSV: spreadsheet row (header = 1); JSON: array position from 1; 0: the whole file' })
  row!: number;
  @ApiProperty({ example: 'url' }) field!: string;
  @ApiProperty() message!: string;
}

export class KnowledgeImportReportDto implements KnowledgeImportReport {
  @ApiProperty({ enum: FORMATS }) format!: KnowledgeTransferFormat;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() rows!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() refused!: number;
  @ApiProperty({ type: [KnowledgeImportProblemDto] }) problems!: KnowledgeImportProblemDto[];
  @ApiProperty({ type: [String] }) ignoredColumns!: string[];
}

export class KnowledgeCacheCountsDto implements KnowledgeCacheCounts {
  @ApiProperty() items!: number;
  @ApiProperty() keywords!: number;
  @ApiProperty({ example: { text: 3, link: 1, image: 1, miniprogram: 1, voice: 0, video: 0 } })
  byType!: Record<KnowledgeItemType, number>;
}

export class KnowledgeAskQueryDto {
  @ApiProperty({ description: 'What a customer might send', example: '几点开门' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  text!: string;
}

export class KnowledgeSearchResultDto implements KnowledgeSearchResult {
  @ApiProperty({ type: KnowledgeItemDto, nullable: true }) item!: KnowledgeItemDto | null;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty() confident!: boolean;
}

export class KnowledgeAnswerDto implements KnowledgeAnswer {
  @ApiProperty({ type: KnowledgeItemDto, nullable: true, description: 'B4: the item whose number or keyword the text is' })
  match!: KnowledgeItemDto | null;
  @ApiProperty({ type: KnowledgeSearchResultDto, description: 'B6.4: what the robot would answer while the customer waits' })
  search!: KnowledgeSearchResultDto;
}
