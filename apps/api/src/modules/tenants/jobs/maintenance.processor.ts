import { MAINTENANCE_JOBS, QUEUES } from '@kefu/contracts';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuthService } from '../auth.service';

const HOURLY = 60 * 60 * 1000;

@Processor(QUEUES.maintenance)
export class MaintenanceProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly auth: AuthService,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A repeatable job with a fixed id is scheduled once, however many workers start.
    await this.queue.add(MAINTENANCE_JOBS.purgeRefreshTokens, {}, {
      repeat: { every: HOURLY },
      jobId: MAINTENANCE_JOBS.purgeRefreshTokens,
      removeOnComplete: true,
      removeOnFail: 50,
    });
  }

  @Process(MAINTENANCE_JOBS.purgeRefreshTokens)
  async purgeRefreshTokens(): Promise<number> {
    const removed = await this.auth.purgeRefreshTokens();
    if (removed > 0) this.logger.log(`Removed ${removed} unusable refresh tokens`);
    return removed;
  }
}
