import { OUTBOUND_JOBS, QUEUES } from '@kefu/contracts';
import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { DeliveryRetryError } from '../outbound/deliver-job-options';
import { DeliveryOutcome, DeliveryService } from '../outbound/delivery.service';
import type { DeliverJob } from '../outbound/outbound-content';

/** Recipients delivered at once per worker process; each holds one database connection while it runs. */
export const DELIVERY_CONCURRENCY = 16;

@Processor(QUEUES.outbound)
export class OutboundProcessor {
  private readonly logger = new Logger(OutboundProcessor.name);

  constructor(private readonly delivery: DeliveryService) {}

  @Process({ name: OUTBOUND_JOBS.deliver, concurrency: DELIVERY_CONCURRENCY })
  deliver(job: Job<DeliverJob>): Promise<DeliveryOutcome> {
    return this.delivery.deliver(job.data);
  }

  @OnQueueFailed()
  failed(job: Job<DeliverJob>, error: Error): void {
    const message = `Delivery to ${job.data.openid} stopped (attempt ${job.attemptsMade}): ${error.message}`;
    if (error instanceof DeliveryRetryError) this.logger.warn(message);
    else this.logger.error(message, error.stack);
  }
}
