import { LICENSING_JOBS, QUEUES } from '@kefu/contracts';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { LicensingService } from '../licensing.service';

const EVERY_MINUTE = 60 * 1000;

/** Returns tenants whose grant has expired to single-agent mode (reads already treat them so). */
@Processor(QUEUES.licensing)
export class LicensingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly licensing: LicensingService,
    @InjectQueue(QUEUES.licensing) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A repeatable job with a fixed id is scheduled once, however many workers start.
    await this.queue.add(LICENSING_JOBS.expireGrants, {}, {
      repeat: { every: EVERY_MINUTE },
      jobId: LICENSING_JOBS.expireGrants,
      removeOnComplete: true,
      removeOnFail: 50,
    });
  }

  @Process(LICENSING_JOBS.expireGrants)
  expireGrants(): Promise<number> {
    return this.licensing.expireDue();
  }
}
