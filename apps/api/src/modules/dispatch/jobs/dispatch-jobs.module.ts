import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch.module';
import { DispatchProcessor } from './dispatch.processor';
import { OutboundProcessor } from './outbound.processor';

/**
 * The dispatch module's queue processors, loaded by worker processes only: one module per queue,
 * so WORKER_QUEUES can give the outbound queue and the sweeper to different workers.
 */
@Module({
  imports: [DispatchModule],
  providers: [OutboundProcessor],
})
export class OutboundJobsModule {}

@Module({
  imports: [DispatchModule],
  providers: [DispatchProcessor],
})
export class DispatchJobsModule {}
