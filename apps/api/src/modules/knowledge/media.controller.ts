import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MediaAssetDto, MediaKindQueryDto } from './dto/media.dto';
import { readUpload, UPLOAD_FIELD } from './media/read-upload';
import { MediaService } from './media.service';

const TENANT = new ParseUUIDPipe({ version: '4' });

/** A tenant's media files for knowledge items (F3): pictures, and voice and video for official accounts. */
@ApiTags('knowledge')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such tenant (or another tenant’s) or no such file' })
@Controller('api/tenants/:tenantId/media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a file: JPG/PNG picture ≤ 2 MB, AMR/MP3 voice ≤ 2 MB or MP4 video ≤ 10 MB',
    description:
      'The format is read from the file itself. The same bytes are stored once per tenant: uploading them again ' +
      'answers 200 with the file already stored. WeChat media ids are made per channel when a message first needs them.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } }, required: [UPLOAD_FIELD] },
  })
  @ApiCreatedResponse({ type: MediaAssetDto, description: 'Stored' })
  @ApiOkResponse({ type: MediaAssetDto, description: 'The same file was stored already' })
  @ApiBadRequestResponse({ description: 'No file, an empty file, or a format WeChat does not take (the message says which)' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than WeChat takes for its kind' })
  async upload(
    @Param('tenantId', TENANT) tenantId: string,
    @Query() query: MediaKindQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MediaAssetDto> {
    const { asset, created } = await this.media.upload(tenantId, await readUpload(request, query.kind), query.kind);
    void reply.status(created ? 201 : 200);
    return asset;
  }

  @Get()
  @ApiOperation({ summary: 'List the files, newest first, each with its media id state on every channel' })
  @ApiOkResponse({ type: [MediaAssetDto] })
  list(@Param('tenantId', TENANT) tenantId: string, @Query() query: MediaKindQueryDto): Promise<MediaAssetDto[]> {
    return this.media.list(tenantId, query.kind);
  }

  @Get(':mediaId')
  @ApiOkResponse({ type: MediaAssetDto })
  get(@Param('tenantId', TENANT) tenantId: string, @Param('mediaId', ParseUUIDPipe) mediaId: string): Promise<MediaAssetDto> {
    return this.media.get(tenantId, mediaId);
  }

  @Get(':mediaId/file')
  @ApiOperation({ summary: 'The file itself (for the console’s preview)' })
  @ApiProduces('image/jpeg', 'image/png', 'audio/amr', 'audio/mpeg', 'video/mp4')
  @ApiOkResponse({ description: 'The bytes' })
  async file(
    @Param('tenantId', TENANT) tenantId: string,
    @Param('mediaId', ParseUUIDPipe) mediaId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.media.file(tenantId, mediaId);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      // The bytes behind an id never change.
      .header('cache-control', 'private, max-age=31536000, immutable');
    return file.data;
  }

  @Delete(':mediaId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Items send this file; the message (and `usedBy`) names them' })
  remove(@Param('tenantId', TENANT) tenantId: string, @Param('mediaId', ParseUUIDPipe) mediaId: string): Promise<void> {
    return this.media.remove(tenantId, mediaId);
  }
}
