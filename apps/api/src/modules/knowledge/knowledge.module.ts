import { Module, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { KnowledgeItem } from './entities/knowledge-item.entity';
import { KnowledgeCacheService } from './knowledge-cache.service';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';

/** Knowledge items, their rendering, matching and search; other modules use KnowledgeService. */
@Module({
  imports: [TypeOrmModule.forFeature([KnowledgeItem])],
  controllers: [KnowledgeController],
  providers: [KnowledgeService, KnowledgeCacheService],
  exports: [KnowledgeService],
})
export class KnowledgeModule implements OnModuleInit {
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  /** Imports accept a CSV file as the body (fastify answers 415 to text/csv until it has a parser). */
  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  }
}
