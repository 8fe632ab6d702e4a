import { MEDIA_JOBS, QUEUES } from '@kefu/contracts';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { MediaService, RenewalReport } from '../media.service';

/** Often enough that a media id about to expire (RENEW_BEFORE_MS) gets several tries first. */
const EVERY = 60 * 60 * 1000;

@Processor(QUEUES.media)
export class MediaProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(MediaProcessor.name);

  constructor(
    private readonly media: MediaService,
    @InjectQueue(QUEUES.media) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A repeatable job with a fixed id is scheduled once, however many workers start.
    await this.queue.add(MEDIA_JOBS.renew, {}, {
      repeat: { every: EVERY },
      jobId: MEDIA_JOBS.renew,
      removeOnComplete: true,
      removeOnFail: 50,
    });
  }

  /** F3: uploads again the media ids that expire soon, before any send finds them expired. */
  @Process(MEDIA_JOBS.renew)
  async renew(): Promise<RenewalReport> {
    const report = await this.media.renewExpiring();
    if (report.renewed || report.failed) this.logger.log(`Media ids renewed: ${report.renewed}, failed: ${report.failed}`);
    return report;
  }
}
