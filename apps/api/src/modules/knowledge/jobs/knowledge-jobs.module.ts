import { QUEUES } from '@kefu/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { KnowledgeModule } from '../knowledge.module';
import { MediaProcessor } from './media.processor';

/** The knowledge module's queue processors; loaded by worker processes only. */
@Module({
  imports: [KnowledgeModule, BullModule.registerQueue({ name: QUEUES.media })],
  providers: [MediaProcessor],
})
export class KnowledgeJobsModule {}
