import multipart from '@fastify/multipart';
import { Module, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { TenantsModule } from '../tenants/tenants.module';
import { KnowledgeItem } from './entities/knowledge-item.entity';
import { MediaAsset } from './entities/media-asset.entity';
import { MediaId } from './entities/media-id.entity';
import { KnowledgeCacheService } from './knowledge-cache.service';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';

/**
 * Knowledge items, their rendering, matching and search, and their media files with the WeChat
 * media ids per channel (F3); other modules use KnowledgeService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([KnowledgeItem, MediaAsset, MediaId]), TenantsModule],
  controllers: [KnowledgeController, MediaController],
  providers: [KnowledgeService, KnowledgeCacheService, MediaService],
  exports: [KnowledgeService, MediaService],
})
export class KnowledgeModule implements OnModuleInit {
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  /**
   * Imports accept a CSV file as the body (fastify answers 415 to text/csv until it has a parser);
   * media uploads come as multipart/form-data, read by the upload route itself.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser) return;
    if (!fastify.hasContentTypeParser('text/csv')) {
      fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    }
    if (!fastify.hasContentTypeParser('multipart/form-data')) void fastify.register(multipart);
  }
}
