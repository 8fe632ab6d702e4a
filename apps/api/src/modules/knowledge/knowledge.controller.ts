import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CreateKnowledgeItemDto,
  KnowledgeItemDto,
  KnowledgeItemPageDto,
  KnowledgeListQueryDto,
  ReorderKnowledgeDto,
  UpdateKnowledgeItemDto,
} from './dto/knowledge-item.dto';
import {
  KnowledgeAnswerDto,
  KnowledgeAskQueryDto,
  KnowledgeCacheCountsDto,
  KnowledgeExportQueryDto,
  KnowledgeImportQueryDto,
  KnowledgeImportReportDto,
} from './dto/knowledge-transfer.dto';
import { KnowledgeService } from './knowledge.service';

const TENANT = new ParseUUIDPipe({ version: '4' });

/** A tenant's knowledge items (F1), reachable by the tenant's admins and the superadmin. */
@ApiTags('knowledge')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such tenant (or another tenant’s) or no such item' })
@Controller('api/tenants/:tenantId/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  @ApiOperation({ summary: 'List items, in the merchant’s order, optionally filtered' })
  @ApiOkResponse({ type: KnowledgeItemPageDto })
  list(@Param('tenantId', TENANT) tenantId: string, @Query() query: KnowledgeListQueryDto): Promise<KnowledgeItemPageDto> {
    return this.knowledge.list(tenantId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add an item; it answers customers from their next message on (F4)' })
  @ApiCreatedResponse({ type: KnowledgeItemDto })
  @ApiBadRequestResponse({ description: 'What the item lacks for its type, field by field (`problems`)' })
  @ApiConflictResponse({ description: 'The number or keyword is used by another item, named in the message' })
  create(@Param('tenantId', TENANT) tenantId: string, @Body() body: CreateKnowledgeItemDto): Promise<KnowledgeItemDto> {
    return this.knowledge.create(tenantId, body);
  }

  @Get('export')
  @ApiOperation({ summary: 'Download every item as JSON or CSV (UTF-8 with BOM); import reads it back' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The file' })
  async export(
    @Param('tenantId', TENANT) tenantId: string,
    @Query() query: KnowledgeExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const format = query.format ?? 'json';
    const file = await this.knowledge.export(tenantId, format);
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="knowledge.${format}"`);
    return file;
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import items from JSON or CSV, row by row',
    description:
      'The body is the file itself (`text/csv` or `text/plain`; for `format=json` also the exported JSON array as ' +
      '`application/json`), or `{ "data": "<file text>" }` as `application/json`. CSV needs a header row; it may use the ' +
      'English field names or the old table’s 数字id, 关键字, 类型, 标题, 链接地址, 图片 (types 文本, 图片, 图文, 小程序, 语音, 视频). ' +
      'A row whose number exists replaces that item; other rows add items. Refused rows are reported (row, field, ' +
      'why); the others are written in one transaction — or nothing at all with `dryRun=true`.',
  })
  @ApiConsumes('text/csv', 'text/plain', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', description: 'The file' },
        { type: 'object', properties: { data: { type: 'string' } }, required: ['data'] },
        { type: 'array', items: { type: 'object' } },
      ],
    },
  })
  @ApiOkResponse({ type: KnowledgeImportReportDto })
  @ApiConflictResponse({ description: 'Another save took a number or keyword meanwhile; nothing was written' })
  import(
    @Param('tenantId', TENANT) tenantId: string,
    @Query() query: KnowledgeImportQueryDto,
    @Body() body: unknown,
  ): Promise<KnowledgeImportReportDto> {
    const format = query.format ?? 'json';
    return this.knowledge.import(tenantId, format, importText(body, format), query.dryRun ?? false);
  }

  @Put('order')
  @ApiOperation({ summary: 'Reorder: the listed items first, in this order; the others after them' })
  @ApiOkResponse({ type: [KnowledgeItemDto] })
  reorder(@Param('tenantId', TENANT) tenantId: string, @Body() body: ReorderKnowledgeDto): Promise<KnowledgeItemDto[]> {
    return this.knowledge.reorder(tenantId, body.itemIds);
  }

  @Post('cache/rebuild')
  @HttpCode(200)
  @ApiOperation({ summary: '生成缓存: read the items again on every instance now (changes do this by themselves)' })
  @ApiOkResponse({ type: KnowledgeCacheCountsDto })
  rebuildCache(@Param('tenantId', TENANT) tenantId: string): Promise<KnowledgeCacheCountsDto> {
    return this.knowledge.rebuildCache(tenantId);
  }

  @Get('ask')
  @ApiOperation({ summary: 'Try a customer’s text: the item it matches (B4) and what the robot would answer (B6.4)' })
  @ApiOkResponse({ type: KnowledgeAnswerDto })
  async ask(@Param('tenantId', TENANT) tenantId: string, @Query() query: KnowledgeAskQueryDto): Promise<KnowledgeAnswerDto> {
    const [match, search] = await Promise.all([
      this.knowledge.match(tenantId, query.text),
      this.knowledge.search(tenantId, query.text),
    ]);
    return { match, search };
  }

  @Get(':itemId')
  @ApiOkResponse({ type: KnowledgeItemDto })
  get(
    @Param('tenantId', TENANT) tenantId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
  ): Promise<KnowledgeItemDto> {
    return this.knowledge.get(tenantId, itemId);
  }

  @Patch(':itemId')
  @ApiOperation({ summary: 'Change some fields; the whole item is checked again' })
  @ApiOkResponse({ type: KnowledgeItemDto })
  @ApiBadRequestResponse({ description: 'What the item lacks for its type, field by field (`problems`)' })
  @ApiConflictResponse({ description: 'The number or keyword is used by another item, named in the message' })
  update(
    @Param('tenantId', TENANT) tenantId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: UpdateKnowledgeItemDto,
  ): Promise<KnowledgeItemDto> {
    return this.knowledge.update(tenantId, itemId, body);
  }

  @Delete(':itemId')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('tenantId', TENANT) tenantId: string, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<void> {
    return this.knowledge.remove(tenantId, itemId);
  }
}

/** The file's text from an import body: raw text, `{ data }`, or (JSON) the parsed items themselves. */
function importText(body: unknown, format: 'json' | 'csv'): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { data?: unknown }).data === 'string') {
    return (body as { data: string }).data;
  }
  if (format === 'json' && body && typeof body === 'object') return JSON.stringify(body);
  throw new BadRequestException('Send the file as text/csv or text/plain, or as JSON { "data": "<file text>" }');
}
